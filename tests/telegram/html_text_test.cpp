#include "adapters/telegram/html_text.hpp"

#include <gtest/gtest.h>

#include <string>

#include "encoding/utf8.hpp"

#include "telegram_html_check.hpp"

namespace ambassador::adapters::telegram {
namespace {

using testing::visible_text;

const std::string kReplacement = "\xEF\xBF\xBD";
const std::string kGrinning = "\xF0\x9F\x98\x80";  // 😀
const std::string kFamily =
    "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7";  // 👨‍👩‍👧
const std::string kCombiningAcute = "\xCC\x81";                                  // U+0301

std::string without_whitespace(std::string_view text) {
  std::string out;
  for (const char c : text)
    if (c != ' ' && c != '\n') out += c;
  return out;
}

// A Dutch post of at least `characters` UTF-16 units, with accents, emoji and paragraphs.
std::string long_dutch_post(std::size_t characters) {
  const std::string sentences[] = {
      "Café-eigenaar Chloë vertelt over de coöperatie in de wijk, één van de mooiste projecten van dit jaar. ",
      "Onze collega's zijn enthousiast \xF0\x9F\x8E\x89 en delen het verhaal graag met hun netwerk. ",
      "Zeeën van tijd? Nee, maar de reünie van het team was geweldig \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD. ",
      "Ideeën zijn welkom: stuur ze naar de redactie & vergeet de <tags> niet. ",
  };
  std::string post;
  std::size_t i = 0;
  while (encoding::utf16_length(post) < characters) {
    post += sentences[i % 4];
    if (++i % 9 == 0)
      post += "\n\n";
    else if (i % 5 == 0)
      post += "\n";
  }
  return post;
}

TEST(TelegramHtmlText, EscapesHostileText) {
  EXPECT_EQ(escape_html("<script>alert(\"x\")</script>"), "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
  EXPECT_EQ(escape_html("Tom & Jerry"), "Tom &amp; Jerry");
  EXPECT_EQ(escape_html("unmatched <b>bold"), "unmatched &lt;b&gt;bold");
  EXPECT_EQ(escape_html("&amp; stays literal"), "&amp;amp; stays literal");
  EXPECT_EQ(escape_html("it's fine \xC3\xA9"), "it's fine \xC3\xA9");
}

TEST(TelegramHtmlText, EscapedTextReadsAsTheOriginal) {
  const std::string hostile = "<b>unclosed & \"quoted\" <a href='x'>link</a> </i> &lt;";
  const auto visible = visible_text(escape_html(hostile));
  ASSERT_TRUE(visible);
  EXPECT_EQ(*visible, hostile);
}

TEST(TelegramHtmlText, ShortTextIsOneChunk) { EXPECT_EQ(split_message("hallo"), std::vector<std::string>{"hallo"}); }

TEST(TelegramHtmlText, EmptyOrBlankTextHasNoChunks) {
  EXPECT_TRUE(split_message("").empty());
  EXPECT_TRUE(split_message(" \n\n ").empty());
}

TEST(TelegramHtmlText, TenThousandCharacterPostSplitsIntoValidChunks) {
  const std::string post = long_dutch_post(10000);
  ASSERT_GE(encoding::utf16_length(post), 10000u);
  const std::vector<std::string> chunks = split_message(post);
  ASSERT_GE(chunks.size(), 3u);
  std::string joined;
  for (const std::string& chunk : chunks) {
    EXPECT_LE(encoding::utf16_length(chunk), kMaxMessageLength);
    EXPECT_FALSE(chunk.empty());
    EXPECT_EQ(encoding::sanitize_utf8(chunk), chunk) << "a chunk splits a UTF-8 sequence";
    EXPECT_NE(chunk.substr(0, kCombiningAcute.size()), kCombiningAcute);
    const auto visible = visible_text(escape_html(chunk));
    ASSERT_TRUE(visible) << "escaped chunk is not well-formed HTML";
    EXPECT_EQ(*visible, chunk);
    joined += chunk;
  }
  EXPECT_EQ(without_whitespace(joined), without_whitespace(post)) << "text was lost or duplicated";
}

TEST(TelegramHtmlText, PrefersParagraphBreaks) {
  const std::string first(3000, 'a');
  const std::string second(3000, 'b');
  const auto chunks = split_message(first + " x\ny " + "\n\n" + second);
  ASSERT_EQ(chunks.size(), 2u);
  EXPECT_EQ(chunks[0], first + " x\ny ");
  EXPECT_EQ(chunks[1], second);
}

TEST(TelegramHtmlText, ThenLineBreaksThenSpaces) {
  const std::string line(3000, 'a');
  const auto by_line = split_message(line + " tail\n" + std::string(3000, 'b'));
  ASSERT_EQ(by_line.size(), 2u);
  EXPECT_EQ(by_line[0], line + " tail");
  const auto by_space = split_message(line + " " + std::string(3000, 'b'));
  ASSERT_EQ(by_space.size(), 2u);
  EXPECT_EQ(by_space[0], line);
  EXPECT_EQ(by_space[1], std::string(3000, 'b'));
}

TEST(TelegramHtmlText, IgnoresBreaksThatWouldMakeATinyChunk) {
  const std::string text = "Hi\n\n" + std::string(5000, 'z');
  const auto chunks = split_message(text);
  ASSERT_EQ(chunks.size(), 2u);
  EXPECT_EQ(encoding::utf16_length(chunks[0]), kMaxMessageLength);
}

TEST(TelegramHtmlText, HardCutsEmojiOnlyTextBetweenCharacters) {
  std::string emoji;
  for (int i = 0; i < 5000; ++i) emoji += kGrinning;  // 10,000 UTF-16 units, no spaces
  const auto chunks = split_message(emoji);
  ASSERT_EQ(chunks.size(), 3u);
  EXPECT_EQ(encoding::utf16_length(chunks[0]), 4096u);
  std::size_t total = 0;
  for (const auto& chunk : chunks) {
    EXPECT_EQ(chunk.size() % 4, 0u);
    EXPECT_EQ(encoding::sanitize_utf8(chunk), chunk);
    total += encoding::utf16_length(chunk);
  }
  EXPECT_EQ(total, 10000u);
}

TEST(TelegramHtmlText, KeepsCombiningAccentsWithTheirLetter) {
  std::string decomposed;
  for (int i = 0; i < 10; ++i) decomposed += "e" + kCombiningAcute;  // é as e + U+0301, 2 units each
  for (const auto& chunk : split_message(decomposed, 3)) {
    EXPECT_EQ(chunk, "e" + kCombiningAcute);
  }
}

TEST(TelegramHtmlText, KeepsEmojiZwjSequencesAndSkinTonesWhole) {
  const auto families = split_message(kFamily + kFamily + kFamily, 10);
  ASSERT_EQ(families.size(), 3u);
  for (const auto& chunk : families) EXPECT_EQ(chunk, kFamily);

  const std::string thumbs = "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD";  // 👍🏽: 4 units
  for (const auto& chunk : split_message(thumbs + thumbs + thumbs, 6)) EXPECT_EQ(chunk, thumbs);
}

TEST(TelegramHtmlText, KeepsFlagPairsTogether) {
  const std::string dutch_flag = "\xF0\x9F\x87\xB3\xF0\x9F\x87\xB1";  // 🇳🇱: 4 units
  for (const auto& chunk : split_message(dutch_flag + dutch_flag + dutch_flag, 6)) EXPECT_EQ(chunk, dutch_flag);
}

TEST(TelegramHtmlText, ReplacesInvalidUtf8BeforeSplitting) {
  const auto chunks = split_message(std::string("ab\xFF") + "cd");
  ASSERT_EQ(chunks.size(), 1u);
  EXPECT_EQ(chunks[0], "ab" + kReplacement + "cd");
}

TEST(TelegramHtmlText, TinyLimitsStillTerminate) {
  EXPECT_EQ(split_message("abc", 0), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(split_message(kGrinning + kGrinning, 1), (std::vector<std::string>{kGrinning, kGrinning}));
}

TEST(TelegramHtmlText, TruncatesToUtf16Units) {
  EXPECT_EQ(truncate_utf16("hello", 3), "hel");
  EXPECT_EQ(truncate_utf16("hello", 10), "hello");
  EXPECT_EQ(truncate_utf16("a" + kGrinning, 2), "a");
  EXPECT_EQ(truncate_utf16(kGrinning, 1), "");
  EXPECT_EQ(truncate_utf16("ab", 0), "");
}

}  // namespace
}  // namespace ambassador::adapters::telegram
