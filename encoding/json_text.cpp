#include "encoding/json_text.hpp"

#include <cstring>

#include <nlohmann/json.hpp>

#include "encoding/utf8.hpp"

namespace ambassador::encoding {

std::string dump_json(const nlohmann::json& value, int indent) {
  return value.dump(indent, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace);
}

namespace {

bool copied_as_is(unsigned char c) { return c >= 0x20 && c != '"' && c != '\\'; }

void append_escaped(std::string& out, unsigned char c) {
  switch (c) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default: {
      static constexpr char kHex[] = "0123456789abcdef";
      const char unicode[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
      out.append(unicode, sizeof unicode);
    }
  }
}

// Whether any of the 8 bytes in `word` is a control character, '"', '\\' or not ASCII: the classic bit tricks
// for "has a byte less than n" and "has a zero byte", so that plain text is scanned a word at a time.
bool needs_a_look(std::uint64_t word) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
  const auto has_zero = [](std::uint64_t x) { return (x - kOnes) & ~x & kHighBits; };
  const std::uint64_t below_space = (word - kOnes * 0x20) & ~word & kHighBits;
  return (below_space | has_zero(word ^ (kOnes * '"')) | has_zero(word ^ (kOnes * '\\')) | (word & kHighBits)) != 0;
}

// The length of the prefix of text[at, ...) made of whole 8-byte words that need nothing.
std::size_t plain_words(std::string_view text, std::size_t at) {
  std::size_t end = at;
  while (end + 8 <= text.size()) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + end, sizeof word);
    if (needs_a_look(word)) break;
    end += 8;
  }
  return end - at;
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out.reserve(out.size() + text.size() + 2);
  out.push_back('"');
  std::size_t copied = 0;  // text[copied, at) needs nothing and is not written yet
  std::size_t at = 0;
  while (at < text.size()) {
    at += plain_words(text, at);
    if (at == text.size()) break;
    const auto c = static_cast<unsigned char>(text[at]);
    if (c < 0x80) {
      if (copied_as_is(c)) {
        ++at;
        continue;
      }
      out.append(text.data() + copied, at - copied);
      append_escaped(out, c);
      copied = ++at;
      continue;
    }
    const auto character = decode_utf8(text, at);
    if (character.valid) {
      at += character.length;
      continue;
    }
    out.append(text.data() + copied, at - copied);
    out.append(kReplacementCharacter);
    copied = at += character.length;
  }
  out.append(text.data() + copied, at - copied);
  out.push_back('"');
}

void JsonObjectWriter::key(std::string_view key) {
  if (out_.size() > 1) out_.push_back(',');
  append_json_string(out_, key);
  out_.push_back(':');
}

JsonObjectWriter& JsonObjectWriter::string(std::string_view key, std::string_view value) {
  this->key(key);
  append_json_string(out_, value);
  return *this;
}

JsonObjectWriter& JsonObjectWriter::boolean(std::string_view key, bool value) {
  this->key(key);
  out_ += value ? "true" : "false";
  return *this;
}

JsonObjectWriter& JsonObjectWriter::integer(std::string_view key, std::int64_t value) {
  this->key(key);
  out_ += std::to_string(value);
  return *this;
}

JsonObjectWriter& JsonObjectWriter::json(std::string_view key, std::string_view json_text) {
  this->key(key);
  out_ += json_text;
  return *this;
}

std::string JsonObjectWriter::finish() && {
  out_.push_back('}');
  return std::move(out_);
}

}  // namespace ambassador::encoding
