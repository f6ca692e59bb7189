// Untrusted JSON nests at most kMaxJsonDepth levels: deeper bodies are refused before anything recursive sees them.
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "bot/json_limits.hpp"
#include "bot/json_tree.hpp"

namespace ambassador {
namespace {

std::string nested(std::size_t depth, const std::string& inner = "1") {
  return std::string(depth, '[') + inner + std::string(depth, ']');
}

TEST(JsonNesting, CountsOnlyBracketsOutsideStrings) {
  struct Case {
    std::string text;
    std::size_t limit;
    bool exceeds;
  };
  const Case cases[] = {
      {"{}", 1, false},
      {"[[]]", 1, true},
      {"[[]]", 2, false},
      {R"({"a":{"b":[1,2]}})", 3, false},
      {R"({"a":{"b":[1,2]}})", 2, true},
      {R"(["[[[[[[", "{{{{"])", 1, false},      // brackets inside strings do not count
      {R"(["\"[[[[", "x\\"], [1])", 1, false},  // an escaped quote does not end the string
      {R"([[1], [2], [3], [4]])", 2, false},    // siblings do not add up
      {"]]]]][[", 1, true},                     // malformed: left to the parser, but never underflows
  };
  for (const auto& c : cases)
    EXPECT_EQ(json_nesting_exceeds(c.text, c.limit), c.exceeds) << c.text << " limit " << c.limit;
}

TEST(JsonNesting, AcceptsTheLimitAndRefusesOneMore) {
  EXPECT_FALSE(parse_untrusted_json(nested(kMaxJsonDepth)).is_discarded());
  EXPECT_TRUE(parse_untrusted_json(nested(kMaxJsonDepth + 1)).is_discarded());
}

// The review's crash: about 400,000 levels, under the 1 MiB body limit. Refused without recursion or a crash.
TEST(JsonNesting, AVeryDeepBodyIsRefusedWithoutACrash) {
  const auto deep = nested(400'000);
  EXPECT_TRUE(json_nesting_exceeds(deep));
  EXPECT_TRUE(parse_untrusted_json(deep).is_discarded());
  EXPECT_FALSE(JsonTree::parse(deep).has_value());
  EXPECT_FALSE(JsonTree::parse(nested(kMaxJsonDepth + 1)).has_value());
  EXPECT_TRUE(JsonTree::parse(nested(kMaxJsonDepth)).has_value());
}

TEST(JsonNesting, MalformedJsonIsStillDiscarded) {
  EXPECT_TRUE(parse_untrusted_json("{\"a\":").is_discarded());
  EXPECT_TRUE(parse_untrusted_json("").is_discarded());
}

}  // namespace
}  // namespace ambassador
