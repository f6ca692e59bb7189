#include "encoding/utf8.hpp"

#include <cstdint>
#include <cstring>

namespace ambassador::encoding {
namespace {

constexpr bool is_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

struct LeadByte {
  std::size_t length = 0;  // 0: cannot start a character
  unsigned char second_low = 0x80;
  unsigned char second_high = 0xBF;
  char32_t bits = 0;
};

// Table 3-7: the lead byte fixes the length and, for E0, ED, F0 and F4, a narrower range for the second byte
// (which rules out overlong forms, surrogates and code points past U+10FFFF).
constexpr LeadByte read_lead(unsigned char lead) {
  if (lead >= 0xC2 && lead <= 0xDF) return {2, 0x80, 0xBF, lead & 0x1Fu};
  if (lead == 0xE0) return {3, 0xA0, 0xBF, lead & 0x0Fu};
  if (lead == 0xED) return {3, 0x80, 0x9F, lead & 0x0Fu};
  if (lead >= 0xE1 && lead <= 0xEF) return {3, 0x80, 0xBF, lead & 0x0Fu};
  if (lead == 0xF0) return {4, 0x90, 0xBF, lead & 0x07u};
  if (lead == 0xF4) return {4, 0x80, 0x8F, lead & 0x07u};
  if (lead >= 0xF1 && lead <= 0xF3) return {4, 0x80, 0xBF, lead & 0x07u};
  return {};
}

}  // namespace

Utf8Char decode_utf8(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char first = byte(at);
  if (first < 0x80) return {first, 1, true};
  const LeadByte lead = read_lead(first);
  if (lead.length == 0) return {};
  char32_t value = lead.bits;
  for (std::size_t k = 1; k < lead.length; ++k) {
    const std::size_t i = at + k;
    const unsigned char low = k == 1 ? lead.second_low : 0x80;
    const unsigned char high = k == 1 ? lead.second_high : 0xBF;
    if (i >= text.size() || byte(i) < low || byte(i) > high) return {0xFFFD, k, false};
    value = (value << 6) | (byte(i) & 0x3Fu);
  }
  return {value, lead.length, true};
}

bool is_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    // ASCII, most of any webhook body, eight bytes at a time (every body is checked on the request path).
    if (i + 8 <= text.size()) {
      std::uint64_t eight = 0;
      std::memcpy(&eight, text.data() + i, 8);
      if ((eight & 0x8080808080808080u) == 0) {
        i += 8;
        continue;
      }
    }
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const Utf8Char c = decode_utf8(text, i);
    if (!c.valid) return false;
    i += c.length;
  }
  return true;
}

std::string sanitize_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const Utf8Char c = decode_utf8(text, i);
    out += c.valid ? text.substr(i, c.length) : kReplacementCharacter;
    i += c.length;
  }
  return out;
}

std::size_t utf16_length(std::string_view text) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < text.size();) {
    const Utf8Char c = decode_utf8(text, i);
    units += utf16_units(c.code_point);
    i += c.length;
  }
  return units;
}

std::size_t code_point_count(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++count) i += decode_utf8(text, i).length;
  return count;
}

std::size_t utf16_prefix_length(std::string_view text, std::size_t limit) {
  std::size_t end = 0;
  std::size_t units = 0;
  while (end < text.size()) {
    const Utf8Char c = decode_utf8(text, end);
    if (units + utf16_units(c.code_point) > limit) break;
    units += utf16_units(c.code_point);
    end += c.length;
  }
  return end;
}

std::size_t char_start(std::string_view text, std::size_t at) {
  while (at > 0 && at < text.size() && is_continuation(static_cast<unsigned char>(text[at]))) --at;
  return at;
}

std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) {
  if (max_bytes >= text.size()) return text;
  return text.substr(0, char_start(text, max_bytes));
}

}  // namespace ambassador::encoding
