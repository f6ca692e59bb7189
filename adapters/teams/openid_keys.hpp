#pragma once
// The keys that sign the Bot Framework's tokens: read from the JWKS document its OpenID metadata names, kept in a
// thread-safe set, and refreshed by BotFrameworkKeyCache (daily, and when a token names a key we do not know, as
// Microsoft rotates keys without notice).
// https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <openssl/types.h>

#include "bot/clock.hpp"
#include "bot/http/http_client.hpp"

namespace boost::asio {
class io_context;
}

namespace ambassador::adapters::teams {

struct OpenIdKey {
  std::string public_key_pem;             // the RSA public key as PEM (SubjectPublicKeyInfo)
  std::vector<std::string> endorsements;  // the channels this key may sign for ("msteams", ...); empty: any
  // The same key as OpenSSL holds it, read once when the key set loads: checking a token never parses a key again
  // (OpenSSL 3's decoders cost far more than the RSA verification). Shared read-only between threads.
  std::shared_ptr<EVP_PKEY> public_key;

  // nullopt when `pem` holds no RSA public key.
  static std::optional<OpenIdKey> from_pem(std::string pem, std::vector<std::string> endorsements);
};

using OpenIdKeyMap = std::map<std::string, OpenIdKey, std::less<>>;  // kid → key

// The RSA signing keys of a JWKS document, each from its certificate (x5c[0]) or else its modulus and exponent
// (n, e), both read by OpenSSL. A key that is not RSA, not for signatures, has no kid or does not load is skipped.
// nullopt, with the reason in `error`, when the document is unusable or holds no usable key: a caller then keeps
// the keys it has.
std::optional<OpenIdKeyMap> parse_jwks(std::string_view document, std::string& error);

// The jwks_uri an OpenID metadata document names; nullopt when it has none, or when it is not https although the
// metadata came over https (a downgrade). `metadata_url` is where the document came from.
std::optional<std::string> jwks_uri_of(std::string_view metadata_document, std::string_view metadata_url);

// What the token validator reads: a key by its id.
class SigningKeys {
 public:
  virtual ~SigningKeys() = default;
  // The key named `kid`; nullopt when unknown (an implementation may go and look for new keys meanwhile, but never
  // makes the caller wait for them).
  virtual std::optional<OpenIdKey> find(std::string_view kid) const = 0;
};

// A key set replaced as a whole; safe to read and replace from any thread.
class OpenIdKeys final : public SigningKeys {
 public:
  OpenIdKeys() = default;
  explicit OpenIdKeys(OpenIdKeyMap keys);
  void replace(OpenIdKeyMap keys);
  std::optional<OpenIdKey> find(std::string_view kid) const override;
  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  OpenIdKeyMap keys_;
};

struct KeyCacheOptions {
  std::string metadata_url = "https://login.botframework.com/v1/.well-known/openidconfiguration";
  std::chrono::milliseconds refresh_every = std::chrono::hours(24);  // Microsoft: refresh at least daily
  std::chrono::milliseconds retry_after_failure = std::chrono::minutes(5);
  // However many unknown kids arrive (a flood of forged tokens), at most one refresh per this interval.
  std::chrono::milliseconds unknown_kid_interval = std::chrono::minutes(1);
};

struct KeyCacheStats {
  std::uint64_t loads = 0;                  // key sets loaded
  std::uint64_t failures = 0;               // loads that failed (the previous keys stayed)
  std::uint64_t unknown_kid_refreshes = 0;  // refreshes an unknown kid asked for (rate-limited)
};

// Loads the Bot Framework's signing keys through the OpenID metadata (options.metadata_url → jwks_uri → keys) and
// keeps them fresh: every refresh_every, sooner after a failed load, and when find() meets an unknown kid (at most
// once per unknown_kid_interval, by the monotonic reading of `clock`). A failed load keeps the last good keys.
// find() never waits for a load: a token signed with a brand-new key is refused now (401) and accepted on the
// Bot Framework's retry once the new keys are in.
//
// Loads run on a strand of `io`; HTTP answers may arrive on any thread. The state lives on in pending callbacks,
// so destroying the cache while a load is in flight is safe; call stop() (or destroy it) before the HttpClient goes.
class BotFrameworkKeyCache final : public SigningKeys {
 public:
  BotFrameworkKeyCache(boost::asio::io_context& io, http::HttpClient& client, const Clock& clock,
                       KeyCacheOptions options);
  ~BotFrameworkKeyCache() override;
  BotFrameworkKeyCache(const BotFrameworkKeyCache&) = delete;
  BotFrameworkKeyCache& operator=(const BotFrameworkKeyCache&) = delete;

  // Starts the first load and the refresh schedule. `on_first_load` is called once, on the strand, when the first
  // key set is in (not on failures: the cache retries by itself).
  void start(std::function<void()> on_first_load = {});
  // Stops the schedule; a load in flight finishes but starts nothing further. Safe from any thread.
  void stop();
  // True once a key set has been loaded.
  bool ready() const;
  KeyCacheStats stats() const;
  // The key named `kid`. Unknown: nullopt at once, and a refresh is started unless one was started for an
  // unknown kid less than unknown_kid_interval ago or one is in flight.
  std::optional<OpenIdKey> find(std::string_view kid) const override;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace ambassador::adapters::teams
