#pragma once
// UTF-8 as the Unicode Standard defines it (chapter 3, table 3-7): no overlong forms, no surrogates, nothing past
// U+10FFFF. Platforms hand over whatever bytes people typed, and their limits count UTF-16 code units (Telegram,
// Slack) or characters, so every layer validates, repairs, measures and cuts text with these.
#include <cstddef>
#include <string>
#include <string_view>

namespace ambassador::encoding {

inline constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD

struct Utf8Char {
  char32_t code_point = 0xFFFD;
  std::size_t length = 1;  // bytes
  bool valid = false;
};

// The character starting at text[at] (at < text.size()). An ill-formed sequence reads as U+FFFD over its
// maximal ill-formed subpart: the lead byte and the continuation bytes that could still have completed it (at
// least one byte), so a decoding loop neither stalls nor swallows the valid character that follows.
Utf8Char decode_utf8(std::string_view text, std::size_t at);

bool is_valid_utf8(std::string_view text);

// `text` with each maximal ill-formed subpart replaced by one U+FFFD (the Unicode Standard's recommended
// practice, as browsers do).
std::string sanitize_utf8(std::string_view text);

// UTF-16 code units of one code point: 2 past U+FFFF (a surrogate pair), else 1.
constexpr std::size_t utf16_units(char32_t code_point) { return code_point > 0xFFFF ? 2 : 1; }

// Length in UTF-16 code units; an ill-formed subpart counts as the U+FFFD it would become.
std::size_t utf16_length(std::string_view text);

// Number of code points; an ill-formed subpart counts as one.
std::size_t code_point_count(std::string_view text);

// Byte length of the longest prefix of `text` within `limit` UTF-16 code units; never ends inside a character.
std::size_t utf16_prefix_length(std::string_view text, std::size_t limit);

// The start of the character that byte `at` belongs to: `at` moved back over continuation bytes (0 at most).
std::size_t char_start(std::string_view text, std::size_t at);

// The longest prefix of at most `max_bytes` bytes that does not end inside a character.
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

}  // namespace ambassador::encoding
