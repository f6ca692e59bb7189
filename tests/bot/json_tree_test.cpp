#include "bot/json_tree.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "bot/json_limits.hpp"

namespace ambassador {
namespace {

TEST(JsonTree, ReadsNestedMembersOfEveryScalarType) {
  const auto doc = JsonTree::parse(
      R"({"update_id": 7, "message": {"from": {"id": -42, "is_bot": false, "name": "Ana \"A\" \u00e9"}, "ok": true}})");
  ASSERT_TRUE(doc);
  const auto root = doc->root();
  EXPECT_TRUE(root.is_object());
  EXPECT_EQ(root["update_id"].integer(), 7);
  EXPECT_EQ(root["message"]["from"]["id"].integer(), -42);
  EXPECT_FALSE(root["message"]["from"]["is_bot"].is_true());
  EXPECT_TRUE(root["message"]["ok"].is_true());
  EXPECT_EQ(root["message"]["from"]["name"].text(), "Ana \"A\" \xC3\xA9");  // unescaped, as UTF-8
}

TEST(JsonTree, AMissingOrMistypedValueReadsAsAbsent) {
  const auto doc = JsonTree::parse(R"({"id": "12", "n": 1.5, "big": 18446744073709551615, "list": [1, 2], "z": null})");
  ASSERT_TRUE(doc);
  const auto root = doc->root();
  EXPECT_FALSE(root["id"].integer());  // a string is not an integer
  EXPECT_EQ(root["id"].text(), "12");
  EXPECT_FALSE(root["n"].integer());
  EXPECT_FALSE(root["big"].integer());  // does not fit in int64
  EXPECT_FALSE(root["list"]["0"].present());
  EXPECT_TRUE(root["z"].present());
  EXPECT_FALSE(root["z"].text());
  EXPECT_EQ(root["id"].text_or_empty(), "12");
  EXPECT_EQ(root["n"].text_or_empty(), "");  // a number is no string
  EXPECT_EQ(root["nothing"].text_or_empty(), "");
  EXPECT_FALSE(root["nothing"]["deeper"]["still"].present());
  EXPECT_FALSE(root["id"]["inside_a_string"].present());
}

TEST(JsonTree, MembersAfterAnArrayOrObjectAreStillFound) {
  const auto doc = JsonTree::parse(
      R"({"entities": [{"type": "bot_command", "offset": 0}], "chat": {"id": 1, "x": {"y": []}}, "text": "/help"})");
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->root()["text"].text(), "/help");
  EXPECT_EQ(doc->root()["chat"]["id"].integer(), 1);
  EXPECT_FALSE(doc->root()["type"].present());  // a member of a nested object is not the root's
}

TEST(JsonTree, TheLastOfDuplicateKeysWins) {
  const auto doc = JsonTree::parse(R"({"a": 1, "a": 2})");
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->root()["a"].integer(), 2);
  EXPECT_EQ(doc->root().members_named("a"), 2u);  // which a claim that must be unambiguous can count
  EXPECT_EQ(doc->root().members_named("b"), 0u);
  EXPECT_EQ(doc->root()["a"].members_named("a"), 0u);  // no object
}

TEST(JsonTree, RejectsWhatIsNotOneValidJsonValue) {
  EXPECT_FALSE(JsonTree::parse(""));
  EXPECT_FALSE(JsonTree::parse("{"));
  EXPECT_FALSE(JsonTree::parse(R"({"a": 1} trailing)"));
  EXPECT_FALSE(JsonTree::parse(R"({"a": 'single'})"));
  EXPECT_FALSE(JsonTree::parse("{\"a\": \"\xC3\x28\"}"));      // invalid UTF-8 inside a string
  EXPECT_FALSE(JsonTree::parse("{\"a\": \"\xED\xA0\x80\"}"));  // an encoded UTF-16 surrogate
}

// What the parser refuses beyond plain syntax errors: bytes JSON text cannot hold, and escapes that name no character.
TEST(JsonTree, RejectsNulBytesControlCharactersOverlongUtf8AndLoneSurrogates) {
  using namespace std::string_literals;
  EXPECT_FALSE(JsonTree::parse("{}\0{\"a\": 1}"s));                // a NUL byte ends no document early
  EXPECT_FALSE(JsonTree::parse("{\"a\": \"x\0y\"}"s));             // nor may it stand unescaped in a string
  EXPECT_FALSE(JsonTree::parse("{\"a\": \"line\nbreak\"}"));       // an unescaped control character
  EXPECT_FALSE(JsonTree::parse("{\"a\": \"\xC0\xAF\"}"));          // an overlong encoding of '/'
  EXPECT_FALSE(JsonTree::parse("{\"a\": \"\xF4\x90\x80\x80\"}"));  // beyond U+10FFFF
  EXPECT_FALSE(JsonTree::parse(R"({"a": "\ud800"})"));             // a high surrogate without its low half
  EXPECT_FALSE(JsonTree::parse(R"({"a": "\udc00"})"));             // a low surrogate alone
  EXPECT_FALSE(JsonTree::parse(R"({"\udc00": 1})"));               // in a key too
  EXPECT_FALSE(JsonTree::parse(R"({"a": 1,})"));                   // no trailing commas
  EXPECT_FALSE(JsonTree::parse(R"({"a": NaN})"));
  EXPECT_FALSE(JsonTree::parse(R"({"a": 01})"));    // no leading zeros
  EXPECT_FALSE(JsonTree::parse("\xEF\xBB\xBF{}"));  // a UTF-8 byte-order mark (nlohmann skipped it)
}

TEST(JsonTree, DecodesEscapesAndKeepsAnEscapedNul) {
  const auto doc = JsonTree::parse(R"( {"emoji": "\ud83d\ude00", "nul": "a\u0000b", "": "empty key", "tab": "\t"} )");
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->root()["emoji"].text(), "\xF0\x9F\x98\x80");
  EXPECT_EQ(doc->root()["nul"].text(), std::string_view("a\0b", 3));
  EXPECT_EQ(doc->root()[""].text(), "empty key");
  EXPECT_EQ(doc->root()["tab"].text(), "\t");
}

TEST(JsonTree, IntegersAreThoseThatFitInInt64) {
  const auto doc = JsonTree::parse(
      R"({"max": 9223372036854775807, "min": -9223372036854775808, "over": 9223372036854775808, "huge": 1e400,)"
      R"( "minus_zero": -0, "exp": 1e2, "small": 2147483648})");
  // 1e400 does not fit a double either: refused, where nlohmann's parser read it as infinity. No platform sends it.
  EXPECT_FALSE(doc);
  const auto ok = JsonTree::parse(
      R"({"max": 9223372036854775807, "min": -9223372036854775808, "over": 9223372036854775808,)"
      R"( "minus_zero": -0, "exp": 1e2, "small": 2147483648, "beyond": 123456789012345678901234567890})");
  ASSERT_TRUE(ok);
  const auto root = ok->root();
  EXPECT_EQ(root["max"].integer(), INT64_MAX);
  EXPECT_EQ(root["min"].integer(), INT64_MIN);
  EXPECT_FALSE(root["over"].integer());
  EXPECT_TRUE(root["over"].present());
  EXPECT_EQ(root["minus_zero"].integer(), 0);
  EXPECT_FALSE(root["exp"].integer());  // written as a float
  EXPECT_EQ(root["small"].integer(), 2147483648);
  EXPECT_FALSE(root["beyond"].integer());
  EXPECT_TRUE(root["beyond"].present());
}

TEST(JsonTree, NestingDeeperThanTheLimitIsRefusedWithoutRecursion) {
  std::string deep(kMaxJsonDepth, '[');
  deep += std::string(kMaxJsonDepth, ']');
  EXPECT_TRUE(JsonTree::parse(deep));
  EXPECT_FALSE(JsonTree::parse("[" + deep + "]"));
  // Far deeper than any stack would survive were the parser recursive.
  EXPECT_FALSE(JsonTree::parse(std::string(1'000'000, '[') + std::string(1'000'000, ']')));
}

TEST(JsonTree, AScalarDocumentIsNoObject) {
  const auto doc = JsonTree::parse("42");
  ASSERT_TRUE(doc);
  EXPECT_FALSE(doc->root().is_object());
  EXPECT_EQ(doc->root().integer(), 42);
  EXPECT_FALSE(doc->root()["x"].present());
}

TEST(JsonTree, ACopyReadsTheSameValues) {
  auto doc = JsonTree::parse(R"({"text": "a string long enough to leave the small-string buffer behind"})");
  ASSERT_TRUE(doc);
  const JsonTree copy = *doc;
  doc.reset();
  EXPECT_EQ(copy.root()["text"].text(), "a string long enough to leave the small-string buffer behind");
}

TEST(JsonTree, ItemsListsTheElementsOfAnArrayInOrder) {
  const auto doc =
      JsonTree::parse(R"({"members": [{"id": 1, "tags": [9]}, {"id": 2}, "three", [4], null], "after": "x"})");
  ASSERT_TRUE(doc);
  const auto members = doc->root()["members"];
  EXPECT_TRUE(members.is_array());
  const auto items = members.items();
  ASSERT_EQ(items.size(), 5u);
  EXPECT_EQ(items[0]["id"].integer(), 1);
  EXPECT_EQ(items[1]["id"].integer(), 2);
  EXPECT_EQ(items[2].text(), "three");
  ASSERT_EQ(items[3].items().size(), 1u);  // a nested array is its own list, not spliced in
  EXPECT_EQ(items[3].items()[0].integer(), 4);
  EXPECT_TRUE(items[4].present());
  EXPECT_FALSE(items[4].text());
  // An element's members stay its own: the nested array did not leak into the outer list.
  ASSERT_EQ(items[0]["tags"].items().size(), 1u);
  EXPECT_EQ(doc->root()["after"].text(), "x");
}

TEST(JsonTree, ItemsOfAnEmptyArrayOrANonArrayAreEmpty) {
  const auto doc = JsonTree::parse(R"({"empty": [], "object": {"a": 1}, "text": "abc", "n": 5})");
  ASSERT_TRUE(doc);
  const auto root = doc->root();
  EXPECT_TRUE(root["empty"].is_array());
  EXPECT_TRUE(root["empty"].items().empty());
  EXPECT_FALSE(root["object"].is_array());
  EXPECT_TRUE(root["object"].items().empty());  // an object's members are no items
  EXPECT_TRUE(root["text"].items().empty());
  EXPECT_TRUE(root["n"].items().empty());
  EXPECT_TRUE(root["missing"].items().empty());
  EXPECT_FALSE(root["missing"].is_array());
}

}  // namespace
}  // namespace ambassador
