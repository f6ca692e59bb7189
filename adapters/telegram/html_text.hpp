#pragma once
// Message text for Telegram's HTML parse mode: escaping, and splitting at the 4,096 limit (UTF-8 repair and
// UTF-16 lengths: encoding/utf8.hpp).
//
// Telegram counts the limit on the text after entity parsing (what the reader sees), in UTF-16 code units. So the
// *plain* text is split first, into chunks of at most `limit` UTF-16 code units, and every chunk is escaped (and
// wrapped in tags) on its own afterwards: a tag or an entity can never be cut in half, and escaping, which makes
// the HTML longer but not the visible text, cannot push a chunk over the limit.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ambassador::adapters::telegram {

inline constexpr std::size_t kMaxMessageLength = 4096;  // sendMessage `text`, after entity parsing

// Escapes &, <, > and " (the named entities Telegram's HTML mode accepts), for text and attribute values alike.
std::string escape_html(std::string_view text);

// Byte range [begin, end) of one chunk in the text that was split.
struct TextRange {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// Splits valid UTF-8 into chunks of at most `limit` UTF-16 code units. Prefers, in the second half of the room a
// chunk has, a paragraph break, then a line break, then a space; the break itself and any whitespace after it are
// dropped (Telegram trims them anyway). Otherwise cuts hard between characters, never inside a UTF-8 sequence and
// not between a character and a mark that extends it (combining accent, variation selector, skin tone, ZWJ
// sequence, flag pair) unless that mark sequence alone is longer than the limit. Whitespace-only chunks are left
// out, so empty text gives no chunks. A `limit` of 0 is treated as 1; a character longer than the limit (an emoji
// with limit 1) still makes a chunk of its own.
std::vector<TextRange> split_ranges(std::string_view valid_utf8, std::size_t limit = kMaxMessageLength);

// encoding::sanitize_utf8, then split_ranges: the plain-text chunks, not yet escaped.
std::vector<std::string> split_message(std::string_view plain, std::size_t limit = kMaxMessageLength);

// The longest prefix of valid UTF-8 of at most `limit` UTF-16 code units, cut as split_ranges cuts.
std::string truncate_utf16(std::string_view valid_utf8, std::size_t limit);

}  // namespace ambassador::adapters::telegram
