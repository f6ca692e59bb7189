#include "adapters/telegram/secret_token_verifier.hpp"

#include <openssl/crypto.h>

namespace ambassador::adapters::telegram {

TelegramSecretTokenVerifier::TelegramSecretTokenVerifier(std::string secret) : secret_(std::move(secret)) {}

VerifyResult TelegramSecretTokenVerifier::verify(const http::Request& request,
                                                 std::chrono::system_clock::time_point /*now*/) const {
  if (!is_valid_secret(secret_)) return VerifyResult::reject(401, "no valid webhook secret configured");
  const std::string_view presented = request.header(kSecretTokenHeader);
  if (presented.empty()) return VerifyResult::reject(401, "missing secret token");
  // Always compare secret_.size() bytes so the time spent says nothing about how much of the token matched;
  // on a length mismatch the secret is compared with itself and the result discarded.
  const bool same_length = presented.size() == secret_.size();
  const char* candidate = same_length ? presented.data() : secret_.data();
  const bool equal = CRYPTO_memcmp(secret_.data(), candidate, secret_.size()) == 0;
  if (!same_length || !equal) return VerifyResult::reject(401, "bad secret token");
  return VerifyResult::accept();
}

bool TelegramSecretTokenVerifier::is_valid_secret(std::string_view secret) {
  if (secret.empty() || secret.size() > 256) return false;
  for (const char c : secret) {
    const bool allowed =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!allowed) return false;
  }
  return true;
}

}  // namespace ambassador::adapters::telegram
