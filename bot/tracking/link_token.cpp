#include "bot/tracking/link_token.hpp"

#include <array>
#include <stdexcept>

#include <openssl/rand.h>

namespace ambassador::tracking {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

bool is_base64url_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

}  // namespace

std::string new_link_token() {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw std::runtime_error("tracking: the random generator failed; refusing to make a guessable link");
  }
  std::string token;
  token.reserve(kLinkTokenLength);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t group = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    token += kAlphabet[(group >> 18) & 63];
    token += kAlphabet[(group >> 12) & 63];
    token += kAlphabet[(group >> 6) & 63];
    token += kAlphabet[group & 63];
  }
  // 16 = 5 * 3 + 1: one byte left, two characters, no padding.
  const std::uint32_t last = bytes[i] << 16;
  token += kAlphabet[(last >> 18) & 63];
  token += kAlphabet[(last >> 12) & 63];
  return token;
}

bool looks_like_token(std::string_view text) {
  if (text.size() != kLinkTokenLength) return false;
  for (char c : text)
    if (!is_base64url_char(c)) return false;
  return true;
}

}  // namespace ambassador::tracking
