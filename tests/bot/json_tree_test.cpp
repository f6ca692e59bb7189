#include "bot/json_tree.hpp"

#include <gtest/gtest.h>

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
}

TEST(JsonTree, RejectsWhatIsNotOneValidJsonValue) {
  EXPECT_FALSE(JsonTree::parse(""));
  EXPECT_FALSE(JsonTree::parse("{"));
  EXPECT_FALSE(JsonTree::parse(R"({"a": 1} trailing)"));
  EXPECT_FALSE(JsonTree::parse(R"({"a": 'single'})"));
  EXPECT_FALSE(JsonTree::parse("{\"a\": \"\xC3\x28\"}"));  // invalid UTF-8 inside a string
  EXPECT_FALSE(JsonTree::parse("{\"a\": \"\xED\xA0\x80\"}"));  // an encoded UTF-16 surrogate
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

}  // namespace
}  // namespace ambassador
