#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bot/http/form.hpp"

namespace ambassador::http {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

TEST(FormParsing, DecodesPlusAsSpaceAndPercentEscapes) {
  const auto fields = parse_form("text=klimaat+en+groen&command=%2Fthemes&pct=100%25&utf8=Zo%C3%AB&plus=a%2Bb");
  ASSERT_TRUE(fields);
  EXPECT_THAT(*fields, ElementsAre(Pair("text", "klimaat en groen"), Pair("command", "/themes"), Pair("pct", "100%"),
                                   Pair("utf8", "Zo\xC3\xAB"), Pair("plus", "a+b")));
}

TEST(FormParsing, DecodesKeysToo) {
  const auto fields = parse_form("user+name=anna&a%5Bb%5D=1");
  ASSERT_TRUE(fields);
  EXPECT_THAT(*fields, ElementsAre(Pair("user name", "anna"), Pair("a[b]", "1")));
}

TEST(FormParsing, AcceptsEmptyValuesAndSkipsEmptyPairs) {
  const auto fields = parse_form("a=&b&&c=3&");
  ASSERT_TRUE(fields);
  EXPECT_THAT(*fields, ElementsAre(Pair("a", ""), Pair("b", ""), Pair("c", "3")));
  EXPECT_THAT(*parse_form(""), IsEmpty());
}

TEST(FormParsing, RejectsBrokenEscapes) {
  EXPECT_FALSE(parse_form("a=%"));
  EXPECT_FALSE(parse_form("a=%4"));
  EXPECT_FALSE(parse_form("a=%zz"));
  EXPECT_FALSE(parse_form("a=%4g&b=1"));
  EXPECT_FALSE(parse_form("%GG=1"));
  EXPECT_FALSE(parse_form("ok=1&bad=abc%"));
  EXPECT_TRUE(parse_form("a=%41"));
}

TEST(FormParsing, AcceptsBytesAQueryShouldHaveEscapedAsTheyCame) {
  // Browsers send '|', '[' and ']' in a query unescaped; curl sends spaces and UTF-8 as typed.
  const auto fields = parse_form("theme=a|b&ids=[1]&q=zo \xC3\xAB&eq=1=2&=v");
  ASSERT_TRUE(fields);
  EXPECT_THAT(*fields, ElementsAre(Pair("theme", "a|b"), Pair("ids", "[1]"), Pair("q", "zo \xC3\xAB"),
                                   Pair("eq", "1=2"), Pair("", "v")));
}

TEST(FormParsing, FormValueReturnsTheFirstMatch) {
  const auto fields = parse_form("a=1&b=2&a=3");
  ASSERT_TRUE(fields);
  EXPECT_EQ(form_value(*fields, "a"), "1");
  EXPECT_EQ(form_value(*fields, "b"), "2");
  EXPECT_FALSE(form_value(*fields, "c").has_value());
}

TEST(FormParsing, EncodeThenParseRoundTrips) {
  const FormFields original{{"text", "a b&c=d+e%f"}, {"naam", "Zo\xC3\xAB"}, {"", "empty key"}, {"k", ""}};
  const auto encoded = encode_form(original);
  EXPECT_EQ(encoded.find(' '), std::string::npos);
  EXPECT_EQ(encoded.find('+'), std::string::npos);  // a literal '+' must be escaped, it would read as a space
  const auto decoded = parse_form(encoded);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, original);
}

}  // namespace
}  // namespace ambassador::http
