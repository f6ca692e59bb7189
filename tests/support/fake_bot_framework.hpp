#pragma once
// A fake Bot Framework identity provider for tests: it serves the OpenID metadata and the JWKS on loopback (a
// FakeHttpServer), and mints the tokens the Bot Framework puts in `Authorization: Bearer ...`, with any header or
// claim changed for the negative cases. Keys are real RS256 key pairs from OpenSSL, generated once per process
// (generation is slow under ASan) and shared.
//
//   FakeBotFramework identity;                       // publishes key 0, endorsed for "msteams"
//   config.openid_metadata_url = identity.metadata_url();
//   request.headers = {{"Authorization", identity.authorization(service_url, now)}};
//   auto claims = identity.claims(service_url, now); claims["aud"] = "someone else";
//   identity.sign(identity.header(), claims);        // a token for another audience
//   identity.rotate_to(1);                           // publish key 1 only and sign with it
#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <jwt/jwt.hpp>
#include <nlohmann/json.hpp>

#include "fake_http_server.hpp"

namespace ambassador::testing {

// base64url without padding, as JWTs and JWKs write bytes.
inline std::string base64url(std::string_view bytes) {
  std::string text = jwt::base64_encode(bytes.data(), bytes.size());
  text.resize(jwt::base64_uri_encode(text.data(), text.size()));
  return text;
}

struct FakeSigningKey {
  std::string kid;
  std::string private_key_pem;
  std::string public_key_pem;
  std::string certificate_base64;  // x5c[0]: a self-signed DER certificate, standard base64
  std::string modulus;             // n, base64url
  std::string exponent;            // e, base64url
};

namespace detail {

inline std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(size));
}

inline std::string bignum_param(EVP_PKEY* key, const char* name) {
  BIGNUM* number = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &number) != 1) throw std::runtime_error("no RSA parameter");
  std::string bytes(static_cast<std::size_t>(BN_num_bytes(number)), '\0');
  BN_bn2bin(number, reinterpret_cast<unsigned char*>(bytes.data()));
  BN_free(number);
  return base64url(bytes);
}

inline FakeSigningKey generate_signing_key(std::size_t index) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_RSA_gen(2048), EVP_PKEY_free);
  if (!key) throw std::runtime_error("RSA key generation failed");
  FakeSigningKey out;
  out.kid = "fake-bot-framework-key-" + std::to_string(index);

  std::unique_ptr<BIO, decltype(&BIO_free_all)> private_bio(BIO_new(BIO_s_mem()), BIO_free_all);
  PEM_write_bio_PrivateKey(private_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  out.private_key_pem = bio_text(private_bio.get());
  std::unique_ptr<BIO, decltype(&BIO_free_all)> public_bio(BIO_new(BIO_s_mem()), BIO_free_all);
  PEM_write_bio_PUBKEY(public_bio.get(), key.get());
  out.public_key_pem = bio_text(public_bio.get());

  std::unique_ptr<X509, decltype(&X509_free)> certificate(X509_new(), X509_free);
  X509_set_version(certificate.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(certificate.get()), static_cast<long>(index + 1));
  X509_gmtime_adj(X509_getm_notBefore(certificate.get()), 0);
  X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 365L * 24 * 3600);
  X509_set_pubkey(certificate.get(), key.get());
  X509_NAME* name = X509_get_subject_name(certificate.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("login.fake.test"), -1,
                             -1, 0);
  X509_set_issuer_name(certificate.get(), name);
  if (X509_sign(certificate.get(), key.get(), EVP_sha256()) == 0) throw std::runtime_error("X509_sign failed");
  unsigned char* der = nullptr;
  const int der_size = i2d_X509(certificate.get(), &der);
  if (der_size <= 0) throw std::runtime_error("i2d_X509 failed");
  out.certificate_base64 = jwt::base64_encode(reinterpret_cast<const char*>(der), static_cast<std::size_t>(der_size));
  OPENSSL_free(der);

  out.modulus = bignum_param(key.get(), OSSL_PKEY_PARAM_RSA_N);
  out.exponent = bignum_param(key.get(), OSSL_PKEY_PARAM_RSA_E);
  return out;
}

}  // namespace detail

// The index-th key of this process, generated on first use. References stay valid.
inline const FakeSigningKey& fake_signing_key(std::size_t index) {
  static std::mutex mutex;
  static std::deque<FakeSigningKey> keys;
  std::lock_guard lock(mutex);
  while (keys.size() <= index) keys.push_back(detail::generate_signing_key(keys.size()));
  return keys[index];
}

class FakeBotFramework {
 public:
  static constexpr std::string_view kAppId = "11111111-2222-4333-8444-555555555555";
  static constexpr std::string_view kIssuer = "https://api.botframework.com";
  static constexpr std::string_view kMetadataPath = "/v1/.well-known/openidconfiguration";
  static constexpr std::string_view kKeysPath = "/v1/.well-known/keys";

  enum class KeyFormat { certificate_and_modulus, certificate_only, modulus_only };

  FakeBotFramework() : server_([this](const RecordedRequest& request) { return answer(request); }) {}

  std::string metadata_url() const { return server_.url(kMetadataPath); }
  std::string keys_url() const { return server_.url(kKeysPath); }
  const FakeHttpServer& server() const { return server_; }

  // --- What is published -------------------------------------------------------------------------------------

  // Publishes exactly these keys (indices into fake_signing_key); tokens are signed with the first.
  void publish(std::vector<std::size_t> keys) {
    std::lock_guard lock(mutex_);
    published_ = std::move(keys);
  }
  // Publishes only key `index` and signs with it: Microsoft rotated its keys.
  void rotate_to(std::size_t index) { publish({index}); }
  void set_endorsements(std::vector<std::string> endorsements) {
    std::lock_guard lock(mutex_);
    endorsements_ = std::move(endorsements);
  }
  void set_key_format(KeyFormat format) {
    std::lock_guard lock(mutex_);
    format_ = format;
  }
  // Answer the metadata or the JWKS with this status and no document (0: serve normally again).
  void fail_metadata_with(int status) {
    std::lock_guard lock(mutex_);
    metadata_failure_ = status;
  }
  void fail_keys_with(int status) {
    std::lock_guard lock(mutex_);
    keys_failure_ = status;
  }

  std::size_t metadata_fetches() const { return count(kMetadataPath); }
  std::size_t keys_fetches() const { return count(kKeysPath); }
  // True once the JWKS has been asked for `count` times (a poll with a deadline, not a timed assertion).
  bool wait_for_keys_fetches(std::size_t wanted, std::chrono::milliseconds timeout = std::chrono::seconds(20)) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (keys_fetches() < wanted) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      server_.wait_for_requests(server_.request_count() + 1, std::chrono::milliseconds(100));
    }
    return true;
  }

  // --- Tokens --------------------------------------------------------------------------------------------------

  const FakeSigningKey& signing_key() const {
    std::lock_guard lock(mutex_);
    return fake_signing_key(published_.front());
  }
  nlohmann::json header() const { return {{"alg", "RS256"}, {"typ", "JWT"}, {"kid", signing_key().kid}}; }
  // Valid for an hour from `now`, for kAppId and `service_url`.
  static nlohmann::json claims(std::string_view service_url, std::chrono::system_clock::time_point now) {
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    return {{"iss", kIssuer}, {"aud", kAppId},  {"serviceurl", service_url},
            {"nbf", seconds}, {"iat", seconds}, {"exp", seconds + 3600}};
  }
  // RS256 over header.claims with the current signing key (or key `key_index`), whatever the header says.
  std::string sign(const nlohmann::json& header, const nlohmann::json& claims) const {
    return sign_with(signing_key(), header, claims);
  }
  static std::string sign_with(const FakeSigningKey& key, const nlohmann::json& header, const nlohmann::json& claims) {
    const std::string input = signing_input(header, claims);
    const auto [signature, error] = jwt::PEMSign<jwt::algo::RS256>::sign(key.private_key_pem, input);
    if (error) throw std::runtime_error("RS256 signing failed: " + error.message());
    return input + "." + base64url(signature);
  }
  // HS256 with `secret` as the HMAC key (the classic attack: the RSA public key PEM as the secret).
  static std::string sign_hs256(const nlohmann::json& header, const nlohmann::json& claims, std::string_view secret) {
    const std::string input = signing_input(header, claims);
    const auto [signature, error] = jwt::HMACSign<jwt::algo::HS256>::sign(secret, input);
    if (error) throw std::runtime_error("HS256 signing failed: " + error.message());
    return input + "." + base64url(signature);
  }
  // header.claims. with no signature, as "alg": "none" tokens are written.
  static std::string unsigned_token(const nlohmann::json& header, const nlohmann::json& claims) {
    return signing_input(header, claims) + ".";
  }
  // A token the real Bot Framework would send for an activity with this serviceUrl.
  std::string token(std::string_view service_url, std::chrono::system_clock::time_point now) const {
    return sign(header(), claims(service_url, now));
  }
  std::string authorization(std::string_view service_url, std::chrono::system_clock::time_point now) const {
    return "Bearer " + token(service_url, now);
  }

 private:
  static std::string signing_input(const nlohmann::json& header, const nlohmann::json& claims) {
    return base64url(header.dump()) + "." + base64url(claims.dump());
  }

  std::size_t count(std::string_view path) const {
    std::size_t n = 0;
    for (const auto& request : server_.requests()) n += request.target == path ? 1 : 0;
    return n;
  }

  nlohmann::json jwks() const {
    nlohmann::json keys = nlohmann::json::array();
    for (const std::size_t index : published_) {
      const auto& key = fake_signing_key(index);
      nlohmann::json entry = {{"kty", "RSA"}, {"use", "sig"}, {"kid", key.kid}, {"endorsements", endorsements_}};
      if (format_ != KeyFormat::modulus_only) entry["x5c"] = {key.certificate_base64};
      if (format_ != KeyFormat::certificate_only) {
        entry["n"] = key.modulus;
        entry["e"] = key.exponent;
      }
      keys.push_back(std::move(entry));
    }
    return {{"keys", keys}};
  }

  // On the server's thread.
  FakeResponse answer(const RecordedRequest& request) {
    std::lock_guard lock(mutex_);
    if (request.target == kMetadataPath) {
      if (metadata_failure_ != 0) return FakeResponse::text(metadata_failure_, "unavailable");
      const nlohmann::json metadata = {{"issuer", kIssuer},
                                       {"authorization_endpoint", "https://invalid.botframework.com"},
                                       {"jwks_uri", server_.url(kKeysPath)},
                                       {"id_token_signing_alg_values_supported", {"RS256"}},
                                       {"token_endpoint_auth_methods_supported", {"private_key_jwt"}}};
      return FakeResponse::json(200, metadata.dump());
    }
    if (request.target == kKeysPath) {
      if (keys_failure_ != 0) return FakeResponse::text(keys_failure_, "unavailable");
      return FakeResponse::json(200, jwks().dump());
    }
    return FakeResponse::text(404, "not found");
  }

  mutable std::mutex mutex_;
  std::vector<std::size_t> published_{0};
  std::vector<std::string> endorsements_{"msteams"};
  KeyFormat format_ = KeyFormat::certificate_and_modulus;
  int metadata_failure_ = 0;
  int keys_failure_ = 0;
  FakeHttpServer server_;  // last: its thread calls answer(), which reads the members above
};

}  // namespace ambassador::testing
