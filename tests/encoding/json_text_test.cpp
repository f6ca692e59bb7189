#include "encoding/json_text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "encoding/utf8.hpp"

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

std::string as_json_string(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

TEST(AppendJsonString, WritesWhatDumpJsonWritesForWellFormedText) {
  std::string every_ascii_byte;
  for (int c = 0; c < 0x80; ++c) every_ascii_byte.push_back(static_cast<char>(c));
  const std::vector<std::string> texts{"",
                                       "plain words",
                                       "a \"quote\" and a back\\slash",
                                       "line\nbreak\ttab\rreturn\bback\fform",
                                       every_ascii_byte,
                                       "Zo\xC3\xAB, \xE6\x97\xA5\xE6\x9C\xAC, \xF0\x9F\x91\x8D and \xEF\xBF\xBF"};
  for (const auto& text : texts) EXPECT_EQ(as_json_string(text), dump_json(json(text))) << text;
}

TEST(AppendJsonString, ReplacesEachIllFormedSubpartAsSanitizeUtf8Does) {
  const std::vector<std::string> texts{"a\xFF",
                                       "b\xC3",
                                       "\xC0\xAF",
                                       "\xED\xA0\x80 surrogate",
                                       "cut \xF0\x9F\x91",
                                       "\xF4\x90\x80\x80 past U+10FFFF",
                                       "ok \xC3\xA9 then \x80 \"quoted\""};
  for (const auto& text : texts) {
    const auto written = as_json_string(text);
    EXPECT_EQ(written, dump_json(json(sanitize_utf8(text))));
    EXPECT_TRUE(is_valid_utf8(written));
  }
}

// Plain text is scanned eight bytes at a time: what needs escaping or checking must be found at every offset.
TEST(AppendJsonString, FindsWhatNeedsEscapingAtEveryOffsetOfAWord) {
  for (const std::string special : {"\"", "\\", "\n", "\x01", "\x1f", "\x7f", "\xC3\xA9", "\xFF", "\xE2\x80"}) {
    for (std::size_t offset = 0; offset < 20; ++offset) {
      const std::string text = std::string(offset, 'a') + special + std::string(20, 'b');
      EXPECT_EQ(as_json_string(text), dump_json(json(sanitize_utf8(text)))) << offset;
    }
  }
}

TEST(AppendJsonString, AppendsToWhatIsThere) {
  std::string out = "[";
  append_json_string(out, "x");
  EXPECT_EQ(out, "[\"x\"");
}

TEST(JsonObjectWriter, WritesTheFieldsInTheOrderAdded) {
  JsonObjectWriter writer;
  writer.string("a", "tekst \"1\"").string_unless_empty("b", "").boolean("c", true).integer("d", -1700000000000);
  writer.json("e", "[1,2]").string_unless_empty("f", "x");
  const auto text = std::move(writer).finish();
  EXPECT_EQ(text, R"({"a":"tekst \"1\"","c":true,"d":-1700000000000,"e":[1,2],"f":"x"})");
  EXPECT_EQ(json::parse(text)["d"], -1700000000000);
  EXPECT_EQ(std::move(JsonObjectWriter{}).finish(), "{}");
}

}  // namespace
}  // namespace ambassador::encoding
