#include "bot/rhythm/calendar_token.hpp"

#include <array>
#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "encoding/hex.hpp"

namespace ambassador::rhythm {

std::string new_calendar_token() {
  constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::array<unsigned char, 33> bytes{};  // 32 random bytes and a zero, so the groups of three come out even
  if (RAND_bytes(bytes.data(), 32) != 1)
    throw std::runtime_error("calendar: the random generator failed; refusing to make a guessable token");
  std::string token;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::uint32_t group = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    for (int shift = 18; shift >= 0; shift -= 6) token += kAlphabet[(group >> shift) & 63];
  }
  token.resize(kCalendarTokenLength);  // the last character carried only the zero's bits
  return token;
}

std::string calendar_token_hash(std::string_view token) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(token.data(), token.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("calendar: SHA-256 is not available");
  return encoding::lowercase_hex(std::span(digest.data(), size));
}

bool calendar_token_matches(std::string_view presented, std::string_view stored_hash) {
  if (presented.empty() || presented.size() > 256) return false;
  const auto hash = calendar_token_hash(presented);
  return hash.size() == stored_hash.size() && CRYPTO_memcmp(hash.data(), stored_hash.data(), hash.size()) == 0;
}

}  // namespace ambassador::rhythm
