#pragma once
// Personal data masked out of a member of the public's question before it is posted into a group channel of
// department experts (AVG/GDPR: the group sees what it needs to answer, not how to reach or identify the person).
// A hand-written scanner, linear in the input: every attempt reads a bounded number of bytes, no std::regex.
// A match is ASCII apart from whole accented letters in an address's local part, so any input, invalid UTF-8
// included, comes out with every multi-byte character it keeps intact.
//
// What is masked (each replaced by a language-neutral token):
//  [email]  local@domain.tld: a local part of letters (accented Latin ones too: "josé"), digits and . _ % + -
//           (leading dots dropped); an ASCII domain of two or more dot-separated labels ending in a top-level
//           domain of two or more letters ("a@b" is not an address); trailing dots and hyphens (sentence
//           punctuation) stay outside the match.
//  [iban]   two letters, two check digits and up to 30 letters or digits (15..34 characters in all), any case,
//           written compact or in groups of four separated by single spaces, with a valid ISO 13616 mod-97
//           checksum. An IBAN-shaped string with a wrong checksum is left alone.
//  [phone]  digits with separators (one to three of space - . / ( ) between digit groups) that start with '+',
//           "00" or '0' (optionally after an opening parenthesis): 9..15 digits after '+' or "00" (E.164 allows
//           15, Brussels has 9: +32 2 123 45 67; "(0)" trunk digits count), exactly 10 digits in all for a
//           national 0-number. Dates
//           (2026-12-06, 06-12-2026), times, amounts (€ 1.250,00), postcodes, house numbers, years and
//           references (W-2027-0042) do not fit: too few digits, not starting with 0 or +, or glued to a
//           longer token. When several lengths fit an international number, the longest is taken (so a number
//           directly followed by another group of digits, "+31 6 12345678 2026", takes that group too).
//  [bsn]    a Dutch citizen service number: nine digits, plain or as 123.456.789 or 1234.56.789, passing the
//           elfproef (11-test). A nine-digit number failing it (an order number) is left alone.
// A number never starts or ends inside a longer token: it must not touch a letter or digit, nor continue with
// "-5", ".5", ",5", ":5" (another digit behind punctuation), nor start right after such punctuation behind a
// digit.
#include <string>
#include <string_view>

namespace ambassador::webcare {

struct MaskResult {
  std::string text;
  int emails = 0;
  int phones = 0;
  int ibans = 0;
  int bsns = 0;
  bool masked() const { return emails + phones + ibans + bsns > 0; }
};

MaskResult mask_personal_data(std::string_view text);

// The elfproef on exactly nine ASCII digits (not all zero): 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 ≡ 0 (mod 11).
bool is_valid_bsn(std::string_view nine_digits);

// ISO 13616 on an IBAN without spaces, any case: two letters, two digits, then letters and digits, 15..34
// characters, and the number read with its first four characters moved to the end is 1 modulo 97.
bool is_valid_iban(std::string_view compact_iban);

}  // namespace ambassador::webcare
