#include "encoding/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ambassador::encoding {
namespace {

const std::string kReplacement(kReplacementCharacter);
const std::string kGrinning = "\xF0\x9F\x98\x80";  // 😀 U+1F600
const std::string kFamily =
    "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7";  // 👨‍👩‍👧

void expect_char(std::string_view text, char32_t code_point, std::size_t length) {
  const Utf8Char c = decode_utf8(text, 0);
  EXPECT_TRUE(c.valid) << text;
  EXPECT_EQ(c.code_point, code_point) << text;
  EXPECT_EQ(c.length, length) << text;
}

void expect_ill_formed(std::string_view text, std::size_t subpart_length) {
  const Utf8Char c = decode_utf8(text, 0);
  EXPECT_FALSE(c.valid) << testing::PrintToString(std::string(text));
  EXPECT_EQ(c.code_point, U'\uFFFD');
  EXPECT_EQ(c.length, subpart_length) << testing::PrintToString(std::string(text));
  EXPECT_FALSE(is_valid_utf8(text));
}

TEST(Utf8, DecodesOneToFourByteCharactersAtTheirBoundaries) {
  expect_char("A", U'A', 1);
  expect_char(std::string(1, '\0'), 0, 1);
  expect_char("\xC2\x80", 0x80, 2);
  expect_char("\xC3\xA9", 0xE9, 2);  // é
  expect_char("\xDF\xBF", 0x7FF, 2);
  expect_char("\xE0\xA0\x80", 0x800, 3);
  expect_char("\xED\x9F\xBF", 0xD7FF, 3);  // just below the surrogates
  expect_char("\xEE\x80\x80", 0xE000, 3);  // just above them
  expect_char("\xEF\xBF\xBF", 0xFFFF, 3);
  expect_char("\xF0\x90\x80\x80", 0x10000, 4);
  expect_char(kGrinning, 0x1F600, 4);
  expect_char("\xF4\x8F\xBF\xBF", 0x10FFFF, 4);
  EXPECT_TRUE(is_valid_utf8("ok \xC3\xA9 " + kGrinning + kFamily));
  EXPECT_TRUE(is_valid_utf8(""));
}

// is_valid_utf8 skips ASCII eight bytes at a time: a bad byte must be found wherever it falls in or after a block.
TEST(Utf8, ValidationFindsABadByteAtAnyOffsetAfterASCII) {
  for (std::size_t ascii = 0; ascii <= 24; ++ascii) {
    const std::string prefix(ascii, 'a');
    EXPECT_TRUE(is_valid_utf8(prefix + kGrinning + prefix)) << ascii;
    EXPECT_FALSE(is_valid_utf8(prefix + "\xC3\x28" + prefix)) << ascii;      // a lead byte without its continuation
    EXPECT_FALSE(is_valid_utf8(prefix + "\xA9")) << ascii;                   // a lone continuation byte, last
    EXPECT_FALSE(is_valid_utf8(prefix + "\xED\xA0\x80" + prefix)) << ascii;  // a surrogate
    EXPECT_FALSE(is_valid_utf8(prefix + "\xF0\x9F\x98")) << ascii;           // cut off at the end
  }
}

TEST(Utf8, RejectsOverlongForms) {
  expect_ill_formed("\xC0\xAF", 1);  // '/' in two bytes: C0 and C1 never start a character
  expect_ill_formed("\xC1\xBF", 1);
  expect_ill_formed("\xE0\x80\xAF", 1);  // '/' in three bytes: E0 needs A0..BF next
  expect_ill_formed("\xE0\x9F\xBF", 1);
  expect_ill_formed("\xF0\x80\x80\xAF", 1);  // in four bytes: F0 needs 90..BF next
  expect_ill_formed("\xF0\x8F\xBF\xBF", 1);
}

TEST(Utf8, RejectsSurrogatesAndCodePointsPastTheLast) {
  expect_ill_formed("\xED\xA0\x80", 1);      // U+D800
  expect_ill_formed("\xED\xBF\xBF", 1);      // U+DFFF
  expect_ill_formed("\xF4\x90\x80\x80", 1);  // U+110000
  expect_ill_formed("\xF5\x80\x80\x80", 1);
  expect_ill_formed("\xFF", 1);
}

TEST(Utf8, ATruncatedSequenceIsOneSubpart) {
  expect_ill_formed("\xE2\x82", 2);                     // € without its last byte, at the end
  expect_ill_formed(std::string("\xE2\x82") + "a", 2);  // ... or followed by ASCII
  expect_ill_formed("\xF0\x9F\x98", 3);                 // 😀 without its last byte
  expect_ill_formed("\xF0\x9F\x98" + kGrinning, 3);     // the next character survives
  expect_ill_formed("\xC3", 1);
  expect_ill_formed("\x80", 1);  // a continuation byte alone
}

TEST(Utf8, SanitizeReplacesEachMaximalSubpartWithOneReplacementCharacter) {
  EXPECT_EQ(sanitize_utf8("ok \xC3\xA9 " + kGrinning), "ok \xC3\xA9 " + kGrinning);
  EXPECT_EQ(sanitize_utf8(std::string("a\xFF") + "b"), "a" + kReplacement + "b");
  EXPECT_EQ(sanitize_utf8("\xC0\xAF"), kReplacement + kReplacement);
  EXPECT_EQ(sanitize_utf8("x\xE2\x82"), "x" + kReplacement);
  EXPECT_EQ(sanitize_utf8(std::string("\xE2\x82") + "a"), kReplacement + "a");
  EXPECT_EQ(sanitize_utf8("\xED\xA0\x80"), kReplacement + kReplacement + kReplacement);
  EXPECT_EQ(sanitize_utf8("\xF4\x90\x80\x80"), kReplacement + kReplacement + kReplacement + kReplacement);
  EXPECT_EQ(sanitize_utf8("\xF0\x9F\x98" + kGrinning), kReplacement + kGrinning);
  EXPECT_TRUE(is_valid_utf8(sanitize_utf8(std::string("\xC3\x28\xA0\xA1\xE2\x28\xA1\xF0\x28\x8C\xBC"))));
}

TEST(Utf8, CountsUtf16CodeUnits) {
  EXPECT_EQ(utf16_length(""), 0u);
  EXPECT_EQ(utf16_length("abc"), 3u);
  EXPECT_EQ(utf16_length("\xC3\xA9"), 1u);
  EXPECT_EQ(utf16_length("\xEF\xBF\xBF"), 1u);  // U+FFFF: the last single unit
  EXPECT_EQ(utf16_length(kGrinning), 2u);       // past U+FFFF: a surrogate pair
  EXPECT_EQ(utf16_length(kFamily), 8u);
  EXPECT_EQ(utf16_length("a\xFF\xF0\x9F\x98"), 3u);  // each ill-formed subpart counts as its U+FFFD
  EXPECT_EQ(utf16_units(U'\uFFFF'), 1u);
  EXPECT_EQ(utf16_units(U'\U00010000'), 2u);
}

TEST(Utf8, CountsCodePoints) {
  EXPECT_EQ(code_point_count(""), 0u);
  EXPECT_EQ(code_point_count("Zo\xC3\xAB"), 3u);
  EXPECT_EQ(code_point_count(kFamily), 5u);
  EXPECT_EQ(code_point_count(std::string("a\xE2\x82") + "b"), 3u);
}

TEST(Utf8, Utf16PrefixNeverEndsInsideACharacter) {
  const std::string text = "a" + kGrinning + "b";
  EXPECT_EQ(utf16_prefix_length(text, 0), 0u);
  EXPECT_EQ(utf16_prefix_length(text, 1), 1u);
  EXPECT_EQ(utf16_prefix_length(text, 2), 1u);  // the emoji needs two units
  EXPECT_EQ(utf16_prefix_length(text, 3), 5u);
  EXPECT_EQ(utf16_prefix_length(text, 4), text.size());
  EXPECT_EQ(utf16_prefix_length(text, 100), text.size());
}

TEST(Utf8, BytePrefixNeverEndsInsideACharacter) {
  const std::string text = "x\xC3\xA9" + kGrinning;  // bytes: x | é é | 😀 😀 😀 😀
  EXPECT_EQ(utf8_prefix(text, 0), "");
  EXPECT_EQ(utf8_prefix(text, 1), "x");
  EXPECT_EQ(utf8_prefix(text, 2), "x");
  EXPECT_EQ(utf8_prefix(text, 3), "x\xC3\xA9");
  EXPECT_EQ(utf8_prefix(text, 6), "x\xC3\xA9");
  EXPECT_EQ(utf8_prefix(text, 7), text);
  EXPECT_EQ(utf8_prefix(text, 100), text);
  EXPECT_EQ(char_start(text, 5), 3u);
  EXPECT_EQ(char_start(text, 3), 3u);
  EXPECT_EQ(char_start(text, text.size()), text.size());
}

}  // namespace
}  // namespace ambassador::encoding
