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
