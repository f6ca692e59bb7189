#include "adapters/telegram/html_text.hpp"

#include <cstdint>

#include "encoding/utf8.hpp"

namespace ambassador::adapters::telegram {
namespace {

constexpr char32_t kZeroWidthJoiner = 0x200D;

char32_t code_point_at(std::string_view text, std::size_t at) { return encoding::decode_utf8(text, at).code_point; }

std::size_t previous_start(std::string_view text, std::size_t at) {
  return at == 0 ? 0 : encoding::char_start(text, at - 1);
}

bool is_regional_indicator(char32_t c) { return c >= 0x1F1E6 && c <= 0x1F1FF; }

// Code points that modify the one before them, so a cut in front of them would tear a visible character apart.
bool extends_previous(char32_t c) {
  return (c >= 0x0300 && c <= 0x036F) ||  // combining diacritical marks (e + U+0301 = é)
         (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
         (c >= 0x20D0 && c <= 0x20FF) ||  // combining marks for symbols, incl. the keycap U+20E3
         c == kZeroWidthJoiner ||         // emoji ZWJ sequences
         (c >= 0xFE00 && c <= 0xFE0F) ||  // variation selectors (emoji presentation)
         (c >= 0xFE20 && c <= 0xFE2F) || (c >= 0x1F3FB && c <= 0x1F3FF) ||  // skin tone modifiers
         (c >= 0xE0020 && c <= 0xE007F) ||                                  // tag sequences (subdivision flags)
         (c >= 0xE0100 && c <= 0xE01EF);
}

// Whether a cut at `at` (a code point start strictly inside the text) keeps user-perceived characters whole.
bool is_safe_cut(std::string_view text, std::size_t at) {
  const char32_t after = code_point_at(text, at);
  const char32_t before = code_point_at(text, previous_start(text, at));
  if (extends_previous(after) || before == kZeroWidthJoiner) return false;
  if (is_regional_indicator(before) && is_regional_indicator(after)) {
    // Flags are pairs of regional indicators: cut only after an even number of them.
    std::size_t run = 0;
    std::size_t i = at;
    while (i > 0) {
      i = previous_start(text, i);
      if (!is_regional_indicator(code_point_at(text, i))) break;
      ++run;
    }
    return run % 2 == 0;
  }
  return true;
}

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// End of the longest prefix of text[begin, ...) within `limit` UTF-16 units (at least one code point).
std::size_t fit_end(std::string_view text, std::size_t begin, std::size_t limit) {
  std::size_t end = begin + encoding::utf16_prefix_length(text.substr(begin), limit);
  if (end == begin && begin < text.size()) end += encoding::decode_utf8(text, begin).length;
  return end;
}

// Moves a cut at `end` back to a safe place after `begin`; `end` itself when there is none.
std::size_t safe_cut_before(std::string_view text, std::size_t begin, std::size_t end) {
  if (end >= text.size()) return end;
  std::size_t cut = end;
  while (cut > begin && !is_safe_cut(text, cut)) cut = previous_start(text, cut);
  return cut > begin ? cut : end;
}

struct Break {
  std::size_t cut;   // end of this chunk
  std::size_t next;  // where the next chunk starts (before skipping whitespace)
};

Break choose_break(std::string_view text, std::size_t begin, std::size_t end) {
  const std::string_view window = text.substr(begin, end - begin);
  // Breaking early in the window would make a needlessly short message; only the second half counts.
  const std::size_t earliest = window.size() / 2;
  for (const std::string_view separator : {std::string_view("\n\n"), std::string_view("\n"), std::string_view(" ")}) {
    const std::size_t at = window.rfind(separator);
    if (at != std::string_view::npos && at > 0 && at >= earliest) return {begin + at, begin + at + separator.size()};
  }
  const std::size_t cut = safe_cut_before(text, begin, end);
  return {cut, cut};
}

bool has_visible(std::string_view text) {
  for (const char c : text)
    if (!is_space(c)) return true;
  return false;
}

}  // namespace

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::vector<TextRange> split_ranges(std::string_view valid_utf8, std::size_t limit) {
  if (limit == 0) limit = 1;
  std::vector<TextRange> ranges;
  const std::string_view text = valid_utf8;
  std::size_t begin = 0;
  while (begin < text.size()) {
    const std::size_t end = fit_end(text, begin, limit);
    const Break at = end >= text.size() ? Break{end, end} : choose_break(text, begin, end);
    if (has_visible(text.substr(begin, at.cut - begin))) ranges.push_back({begin, at.cut});
    begin = at.next;
    while (begin < text.size() && is_space(text[begin])) ++begin;
  }
  return ranges;
}

std::vector<std::string> split_message(std::string_view plain, std::size_t limit) {
  const std::string text = encoding::sanitize_utf8(plain);
  std::vector<std::string> chunks;
  for (const TextRange& range : split_ranges(text, limit))
    chunks.push_back(text.substr(range.begin, range.end - range.begin));
  return chunks;
}

std::string truncate_utf16(std::string_view valid_utf8, std::size_t limit) {
  if (limit == 0 || valid_utf8.empty()) return {};
  const std::size_t end = fit_end(valid_utf8, 0, limit);
  // fit_end always takes one code point; with a tiny limit that one may not fit.
  if (encoding::utf16_length(valid_utf8.substr(0, end)) > limit) return {};
  if (end >= valid_utf8.size()) return std::string(valid_utf8);
  const std::size_t cut = safe_cut_before(valid_utf8, 0, end);
  return std::string(valid_utf8.substr(0, cut));
}

}  // namespace ambassador::adapters::telegram
