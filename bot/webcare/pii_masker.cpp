#include "bot/webcare/pii_masker.hpp"

#include <cstddef>
#include <optional>
#include <vector>

#include "encoding/utf8.hpp"

namespace ambassador::webcare {
namespace {

constexpr std::size_t kNone = std::string_view::npos;
constexpr int kMaxInternationalDigits = 15;  // E.164
constexpr int kMinInternationalDigits = 9;   // +32 2 123 45 67 (Brussels)
constexpr int kNationalDigits = 10;
constexpr std::size_t kMaxSeparatorRun = 3;  // ") (", " - "
constexpr std::size_t kMinIbanLength = 15;   // Norway
constexpr std::size_t kMaxIbanLength = 34;
constexpr std::size_t kBsnDigits = 9;

enum class Kind { kEmail, kPhone, kIban, kBsn, kKept };  // kKept: read past, left as it is

struct Match {
  std::size_t begin = 0;
  std::size_t end = 0;
  Kind kind = Kind::kEmail;
};

// ASCII only (no locale): a byte of a multi-byte character is never a letter, digit or separator.
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_alnum(char c) { return is_digit(c) || is_letter(c); }
constexpr bool is_local_part_char(char c) {
  return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
constexpr bool is_domain_char(char c) { return is_alnum(c) || c == '.' || c == '-'; }
constexpr bool is_phone_separator(char c) {
  return c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')';
}
// Punctuation that glues digits into one token: 2026-12-06, 1.250,00, 09:30, W-2027-0042.
constexpr bool is_glue(char c) { return c == '-' || c == '.' || c == '/' || c == ',' || c == ':'; }

char char_at(std::string_view text, std::size_t at) { return at < text.size() ? text[at] : '\0'; }

// A number must not start inside a word or a longer number ("W-2027-0042" has no number starting at "0042").
bool starts_token(std::string_view text, std::size_t begin) {
  if (begin == 0) return true;
  const char before = text[begin - 1];
  if (is_alnum(before)) return false;
  return !(is_glue(before) && begin >= 2 && is_digit(text[begin - 2]));
}

// ...nor end inside one: "0612345678-9" or "0612345678,50" continue past the tenth digit.
bool ends_token(std::string_view text, std::size_t end) {
  const char after = char_at(text, end);
  if (is_alnum(after)) return false;
  return !(is_glue(after) && is_digit(char_at(text, end + 1)));
}

// Whether `label` is a top-level domain: two or more letters.
bool is_top_level_domain(std::string_view label) {
  if (label.size() < 2) return false;
  for (const char c : label)
    if (!is_letter(c)) return false;
  return true;
}

// The end of the longest domain starting at `from` with two or more labels and a top-level domain last, or kNone.
std::size_t domain_end(std::string_view text, std::size_t from) {
  std::size_t end = from;
  while (end < text.size() && is_domain_char(text[end])) ++end;
  while (end > from && !is_alnum(text[end - 1])) --end;  // "mail jan@example.nl." ends a sentence
  std::size_t best = kNone;
  int labels = 0;
  std::size_t label_start = from;
  for (std::size_t i = from; i <= end; ++i) {
    if (i < end && text[i] != '.') continue;
    const auto label = text.substr(label_start, i - label_start);
    if (label.empty() || label.front() == '-' || label.back() == '-') break;
    if (++labels >= 2 && is_top_level_domain(label)) best = i;
    label_start = i + 1;
  }
  return best;
}

// The start of the Latin letter with an accent (U+00C0..U+024F) that ends at `end`, or kNone: names in a local
// part ("josé@example.nl") are masked whole. Anything else non-ASCII (quotes, dashes, invalid bytes) ends it.
std::size_t latin_letter_before(std::string_view text, std::size_t end, std::size_t floor) {
  std::size_t start = end - 1;
  while (start > floor && end - start < 2 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
  const auto decoded = encoding::decode_utf8(text, start);
  const char32_t c = decoded.code_point;
  const bool letter = c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7;
  return decoded.valid && start + decoded.length == end && letter ? start : kNone;
}

// Each '@' is looked at once; the local part is read back no further than the previous address, and the domain
// forward no further than the next '@', so the scan stays linear.
std::vector<Match> find_emails(std::string_view text) {
  std::vector<Match> found;
  std::size_t taken = 0;
  for (auto at = text.find('@'); at != kNone; at = text.find('@', at + 1)) {
    std::size_t begin = at;
    while (begin > taken) {
      if (is_local_part_char(text[begin - 1])) {
        --begin;
      } else if (const auto letter = latin_letter_before(text, begin, taken); letter != kNone) {
        begin = letter;
      } else {
        break;
      }
    }
    while (begin < at && text[begin] == '.') ++begin;
    if (begin == at) continue;
    const auto end = domain_end(text, at + 1);
    if (end == kNone) continue;
    found.push_back({begin, end, Kind::kEmail});
    taken = end;
  }
  return found;
}

// Reads compact or four-grouped IBAN characters from `begin`: the longest prefix that ends a group and passes the
// checksum is an IBAN (a word after a 16-character Belgian IBAN must not spoil it). Failing that, the longest
// IBAN-shaped prefix is kept as it is, so the tail of a mistyped IBAN is not read as a phone number.
std::optional<Match> iban_at(std::string_view text, std::size_t begin, std::size_t limit) {
  if (begin > 0 && is_alnum(text[begin - 1])) return std::nullopt;
  if (!is_letter(char_at(text, begin)) || !is_letter(char_at(text, begin + 1)) || !is_digit(char_at(text, begin + 2)) ||
      !is_digit(char_at(text, begin + 3)))
    return std::nullopt;
  struct Candidate {
    std::size_t end;
    std::size_t length;
  };
  std::string compact;
  std::vector<Candidate> candidates;
  std::size_t i = begin;
  for (;;) {
    while (i < limit && is_alnum(text[i]) && compact.size() <= kMaxIbanLength) compact.push_back(text[i++]);
    if (compact.size() > kMaxIbanLength || is_alnum(char_at(text, i))) break;
    if (compact.size() >= kMinIbanLength) candidates.push_back({i, compact.size()});
    if (compact.size() % 4 != 0 || char_at(text, i) != ' ' || i + 1 >= limit || !is_alnum(text[i + 1])) break;
    ++i;
  }
  if (candidates.empty()) return std::nullopt;
  for (auto it = candidates.rbegin(); it != candidates.rend(); ++it)
    if (is_valid_iban(std::string_view(compact).substr(0, it->length))) return Match{begin, it->end, Kind::kIban};
  return Match{begin, candidates.back().end, Kind::kKept};
}

// See the header for the rule. Returns the end of the longest fitting number, or kNone.
std::size_t phone_end(std::string_view text, std::size_t begin, std::size_t limit) {
  std::size_t i = begin;
  if (char_at(text, i) == '(') ++i;  // "(020) 123 4567"
  int digits = 0;
  bool international = false;
  if (char_at(text, i) == '+') {
    ++i;
    if (!is_digit(char_at(text, i)) || text[i] == '0') return kNone;
    international = true;
  } else if (char_at(text, i) != '0') {
    return kNone;
  } else if (char_at(text, i + 1) == '0') {
    international = true;
    digits = -2;  // "0031...": the digits after "00" count, as after '+'
  }
  std::size_t best = kNone;
  while (i < limit && is_digit(text[i])) {
    while (i < limit && is_digit(text[i]) && digits <= kMaxInternationalDigits) ++digits, ++i;
    if (digits > kMaxInternationalDigits) break;
    const bool fits = international ? digits >= kMinInternationalDigits : digits == kNationalDigits;
    if (fits && ends_token(text, i)) best = i;
    std::size_t next = i;
    while (next < limit && next - i < kMaxSeparatorRun && is_phone_separator(text[next])) ++next;
    if (next == i) break;
    i = next;
  }
  return best;
}

// Nine digits: plain, 123.456.789 or 1234.56.789.
std::size_t bsn_end(std::string_view text, std::size_t begin, std::size_t limit) {
  std::string digits;
  std::vector<std::size_t> groups;
  std::size_t i = begin;
  while (groups.size() < 3) {
    const std::size_t group_start = i;
    while (i < limit && is_digit(text[i]) && digits.size() <= kBsnDigits) digits.push_back(text[i++]);
    if (i == group_start || digits.size() > kBsnDigits) return kNone;
    groups.push_back(i - group_start);
    if (char_at(text, i) != '.' || i + 1 >= limit || !is_digit(text[i + 1])) break;
    ++i;
  }
  const bool plain = groups == std::vector<std::size_t>{9};
  const bool dotted = groups == std::vector<std::size_t>{3, 3, 3} || groups == std::vector<std::size_t>{4, 2, 3};
  if (!(plain || dotted) || !ends_token(text, i) || !is_valid_bsn(digits)) return kNone;
  return i;
}

std::optional<Match> number_at(std::string_view text, std::size_t begin, std::size_t limit) {
  if (const auto iban = iban_at(text, begin, limit)) return iban;
  if (!starts_token(text, begin)) return std::nullopt;
  if (const auto end = phone_end(text, begin, limit); end != kNone) return Match{begin, end, Kind::kPhone};
  if (const auto end = bsn_end(text, begin, limit); end != kNone) return Match{begin, end, Kind::kBsn};
  return std::nullopt;
}

void replace(MaskResult& result, Kind kind) {
  switch (kind) {
    case Kind::kEmail:
      result.text += "[email]";
      ++result.emails;
      break;
    case Kind::kPhone:
      result.text += "[phone]";
      ++result.phones;
      break;
    case Kind::kIban:
      result.text += "[iban]";
      ++result.ibans;
      break;
    case Kind::kBsn:
      result.text += "[bsn]";
      ++result.bsns;
      break;
    case Kind::kKept:
      break;
  }
}

}  // namespace

bool is_valid_bsn(std::string_view nine_digits) {
  if (nine_digits.size() != kBsnDigits) return false;
  int sum = 0;
  bool all_zero = true;
  for (std::size_t i = 0; i < kBsnDigits; ++i) {
    if (!is_digit(nine_digits[i])) return false;
    const int digit = nine_digits[i] - '0';
    all_zero = all_zero && digit == 0;
    sum += (i + 1 < kBsnDigits ? static_cast<int>(kBsnDigits - i) : -1) * digit;
  }
  return !all_zero && sum % 11 == 0;
}

bool is_valid_iban(std::string_view compact_iban) {
  const auto& s = compact_iban;
  if (s.size() < kMinIbanLength || s.size() > kMaxIbanLength) return false;
  if (!is_letter(s[0]) || !is_letter(s[1]) || !is_digit(s[2]) || !is_digit(s[3])) return false;
  // The number is far too long for any integer type; its remainder is taken digit by digit. Letters count as
  // two digits: A = 10 ... Z = 35.
  int remainder = 0;
  for (std::size_t n = 0; n < s.size(); ++n) {
    const char c = s[(n + 4) % s.size()];
    if (is_digit(c)) {
      remainder = (remainder * 10 + (c - '0')) % 97;
    } else if (is_letter(c)) {
      const int value = (c >= 'a' ? c - 'a' : c - 'A') + 10;
      remainder = (remainder * 100 + value) % 97;
    } else {
      return false;
    }
  }
  return remainder == 1;
}

MaskResult mask_personal_data(std::string_view text) {
  const auto emails = find_emails(text);
  auto next_email = emails.begin();
  MaskResult result;
  result.text.reserve(text.size());
  std::size_t copied = 0;
  auto mask = [&](const Match& match) {
    result.text.append(text.substr(copied, match.begin - copied));
    replace(result, match.kind);
    copied = match.end;
  };
  std::size_t i = 0;
  while (i < text.size()) {
    if (next_email != emails.end() && i >= next_email->begin) {
      mask(*next_email);
      i = next_email->end;
      ++next_email;
      continue;
    }
    // Numbers stop where an address starts, so a match never overlaps one.
    const std::size_t limit = next_email != emails.end() ? next_email->begin : text.size();
    if (const auto match = number_at(text, i, limit)) {
      if (match->kind != Kind::kKept) mask(*match);
      i = match->end;
      continue;
    }
    // Nothing starts inside a word or a number: skip the rest of it.
    if (is_alnum(text[i])) {
      while (i < limit && is_alnum(text[i])) ++i;
    } else {
      ++i;
    }
  }
  result.text.append(text.substr(copied));
  return result;
}

}  // namespace ambassador::webcare
