#include "encoding/json_text.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace ambassador::encoding {
namespace {

using nlohmann::json;

TEST(DumpJson, IsCompactByDefaultAndKeepsUtf8AsIs) {
  EXPECT_EQ(dump_json(json{{"naam", "Zo\xC3\xAB"}, {"n", 1}}), "{\"n\":1,\"naam\":\"Zo\xC3\xAB\"}");
}

TEST(DumpJson, ReplacesInvalidUtf8InsteadOfThrowing) {
  const json value{{"text", std::string("a\xFF") + "b\xC3"}, {std::string("k\xC0"), "v"}};
  EXPECT_EQ(dump_json(value),
            "{\"k\xEF\xBF\xBD\":\"v\",\"text\":\"a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD\"}");
}

TEST(DumpJson, IndentsWhenAsked) {
  EXPECT_EQ(dump_json(json{{"a", json::array({1})}}, 2), "{\n  \"a\": [\n    1\n  ]\n}");
}

}  // namespace
}  // namespace ambassador::encoding
