#include "adapters/teams/openid_keys.hpp"

#include <atomic>
#include <climits>
#include <utility>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <nlohmann/json.hpp>

#include "bot/json_limits.hpp"

namespace ambassador::adapters::teams {
namespace {

using nlohmann::json;

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* pointer) const { Free(pointer); }
};
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using Bignum = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;
using EncodeContext = std::unique_ptr<EVP_ENCODE_CTX, Deleter<EVP_ENCODE_CTX, EVP_ENCODE_CTX_free>>;
using ParamBuilder = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using Params = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM, OSSL_PARAM_free>>;
using PkeyContext = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using Certificate = std::unique_ptr<X509, Deleter<X509, X509_free>>;

// Standard base64 (x5c) through OpenSSL; nullopt on any character outside the alphabet.
std::optional<std::string> base64_decode(std::string_view text) {
  if (text.empty() || text.size() > INT_MAX / 2) return std::nullopt;
  EncodeContext context(EVP_ENCODE_CTX_new());
  if (!context) return std::nullopt;
  std::string out(text.size() + 64, '\0');  // decoding shrinks; the slack covers OpenSSL's line buffering
  int written = 0;
  int tail = 0;
  auto* to = reinterpret_cast<unsigned char*>(out.data());
  EVP_DecodeInit(context.get());
  if (EVP_DecodeUpdate(context.get(), to, &written, reinterpret_cast<const unsigned char*>(text.data()),
                       static_cast<int>(text.size())) < 0)
    return std::nullopt;
  if (EVP_DecodeFinal(context.get(), to + written, &tail) != 1) return std::nullopt;
  out.resize(static_cast<std::size_t>(written + tail));
  return out;
}

// base64url without padding (n, e): mapped onto the standard alphabet first.
std::optional<std::string> base64url_decode(std::string_view text) {
  std::string standard;
  standard.reserve(text.size() + 3);
  for (const char c : text) {
    if (c == '+' || c == '/' || c == '=') return std::nullopt;
    standard.push_back(c == '-' ? '+' : c == '_' ? '/' : c);
  }
  while (standard.size() % 4 != 0) standard.push_back('=');
  return base64_decode(standard);
}

using SharedKey = std::shared_ptr<EVP_PKEY>;

SharedKey shared(EVP_PKEY* key) { return key == nullptr ? nullptr : SharedKey(key, EVP_PKEY_free); }

std::optional<std::string> public_key_pem(EVP_PKEY* key) {
  if (key == nullptr || EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA) return std::nullopt;
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key) != 1) return std::nullopt;
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  if (size <= 0 || data == nullptr) return std::nullopt;
  return std::string(data, static_cast<std::size_t>(size));
}

// The public key of the DER certificate in x5c[0]. Its validity dates are not checked: the JWKS (fetched over
// TLS from Microsoft) is what vouches for the key, as in Microsoft's own SDKs.
SharedKey key_from_certificate(std::string_view base64_der) {
  const auto der = base64_decode(base64_der);
  if (!der || der->size() > LONG_MAX) return nullptr;
  const auto* bytes = reinterpret_cast<const unsigned char*>(der->data());
  Certificate certificate(d2i_X509(nullptr, &bytes, static_cast<long>(der->size())));
  if (!certificate) return nullptr;
  return shared(X509_get_pubkey(certificate.get()));
}

SharedKey key_from_modulus(std::string_view n, std::string_view e) {
  const auto modulus = base64url_decode(n);
  const auto exponent = base64url_decode(e);
  if (!modulus || !exponent || modulus->empty() || exponent->empty()) return nullptr;
  Bignum n_number(
      BN_bin2bn(reinterpret_cast<const unsigned char*>(modulus->data()), static_cast<int>(modulus->size()), nullptr));
  Bignum e_number(
      BN_bin2bn(reinterpret_cast<const unsigned char*>(exponent->data()), static_cast<int>(exponent->size()), nullptr));
  ParamBuilder builder(OSSL_PARAM_BLD_new());
  if (!n_number || !e_number || !builder) return nullptr;
  if (OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n_number.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e_number.get()) != 1)
    return nullptr;
  Params params(OSSL_PARAM_BLD_to_param(builder.get()));
  PkeyContext context(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  if (!params || !context || EVP_PKEY_fromdata_init(context.get()) != 1) return nullptr;
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_fromdata(context.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) return nullptr;
  return shared(raw);
}

std::string string_member(const json& object, const char* name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

std::optional<std::pair<std::string, OpenIdKey>> parse_key(const json& entry) {
  if (!entry.is_object()) return std::nullopt;
  std::string kid = string_member(entry, "kid");
  const std::string kty = string_member(entry, "kty");
  const std::string use = string_member(entry, "use");
  if (kid.empty() || kty != "RSA" || (!use.empty() && use != "sig")) return std::nullopt;

  SharedKey public_key;
  if (const auto chain = entry.find("x5c");
      chain != entry.end() && chain->is_array() && !chain->empty() && chain->front().is_string())
    public_key = key_from_certificate(chain->front().get_ref<const std::string&>());
  if (!public_key) public_key = key_from_modulus(string_member(entry, "n"), string_member(entry, "e"));
  auto pem = public_key_pem(public_key.get());
  if (!pem) return std::nullopt;

  OpenIdKey key;
  key.public_key_pem = std::move(*pem);
  key.public_key = std::move(public_key);
  if (const auto endorsements = entry.find("endorsements"); endorsements != entry.end() && endorsements->is_array())
    for (const auto& channel : *endorsements)
      if (channel.is_string()) key.endorsements.push_back(channel.get<std::string>());
  return std::pair{std::move(kid), std::move(key)};
}

}  // namespace

std::optional<OpenIdKey> OpenIdKey::from_pem(std::string pem, std::vector<std::string> endorsements) {
  if (pem.size() > INT_MAX) return std::nullopt;
  Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  auto public_key = shared(bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!public_key || EVP_PKEY_get_base_id(public_key.get()) != EVP_PKEY_RSA) return std::nullopt;
  return OpenIdKey{std::move(pem), std::move(endorsements), std::move(public_key)};
}

std::optional<OpenIdKeyMap> parse_jwks(std::string_view document, std::string& error) {
  const json parsed = parse_untrusted_json(document);
  if (parsed.is_discarded() || !parsed.is_object()) {
    error = "the JWKS is not a JSON object";
    return std::nullopt;
  }
  const auto keys = parsed.find("keys");
  if (keys == parsed.end() || !keys->is_array()) {
    error = "the JWKS has no keys array";
    return std::nullopt;
  }
  OpenIdKeyMap result;
  for (const auto& entry : *keys)
    if (auto key = parse_key(entry)) result.insert_or_assign(std::move(key->first), std::move(key->second));
  if (result.empty()) {
    error = "the JWKS has no usable RSA signing key";
    return std::nullopt;
  }
  return result;
}

std::optional<std::string> jwks_uri_of(std::string_view metadata_document, std::string_view metadata_url) {
  const json parsed = parse_untrusted_json(metadata_document);
  if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
  std::string uri = string_member(parsed, "jwks_uri");
  const bool https = uri.starts_with("https://");
  if (!https && !uri.starts_with("http://")) return std::nullopt;
  if (!https && metadata_url.starts_with("https://")) return std::nullopt;
  return uri;
}

OpenIdKeys::OpenIdKeys(OpenIdKeyMap keys) : keys_(std::move(keys)) {}

void OpenIdKeys::replace(OpenIdKeyMap keys) {
  std::lock_guard lock(mutex_);
  keys_ = std::move(keys);
}

std::optional<OpenIdKey> OpenIdKeys::find(std::string_view kid) const {
  std::lock_guard lock(mutex_);
  const auto it = keys_.find(kid);
  if (it == keys_.end()) return std::nullopt;
  return it->second;
}

std::size_t OpenIdKeys::size() const {
  std::lock_guard lock(mutex_);
  return keys_.size();
}

namespace asio = boost::asio;

struct BotFrameworkKeyCache::Impl : std::enable_shared_from_this<BotFrameworkKeyCache::Impl> {
  Impl(asio::io_context& io, http::HttpClient& client, const Clock& clock, KeyCacheOptions options)
      : strand(asio::make_strand(io)), timer(strand), client(client), clock(clock), options(std::move(options)) {}

  asio::strand<asio::io_context::executor_type> strand;
  asio::steady_timer timer;
  http::HttpClient& client;
  const Clock& clock;
  const KeyCacheOptions options;
  OpenIdKeys keys;
  std::atomic<bool> loaded{false};
  std::atomic<bool> stopped{false};
  std::atomic<std::uint64_t> loads{0};
  std::atomic<std::uint64_t> failures{0};
  std::atomic<std::uint64_t> unknown_kid_refreshes{0};

  // On the strand only.
  bool loading = false;
  std::function<void()> on_first_load;

  std::mutex unknown_kid_mutex;
  std::optional<Clock::Monotonic::time_point> last_unknown_kid_refresh;

  using Step = void (Impl::*)(const http::ClientResponse&);

  void refresh() {
    if (stopped || loading) return;
    loading = true;
    timer.cancel();  // a scheduled refresh is superseded; finish() arms the next one
    fetch(options.metadata_url, &Impl::on_metadata);
  }

  // The answer comes on the client's thread; the step runs on the strand.
  void fetch(const std::string& url, Step step) {
    http::ClientRequest request{"GET", url, {{"Accept", "application/json"}}, {}};
    client.send(std::move(request), [self = shared_from_this(), step](http::ClientResponse response) {
      asio::post(self->strand, [self, step, response = std::move(response)] { ((*self).*step)(response); });
    });
  }

  static std::string failure_of(const http::ClientResponse& response) {
    return response.status == 0 ? response.error : "HTTP " + std::to_string(response.status);
  }

  void on_metadata(const http::ClientResponse& response) {
    if (stopped) {
      loading = false;
      return;
    }
    if (response.status != 200) return finish(false, "OpenID metadata: " + failure_of(response));
    const auto jwks_uri = jwks_uri_of(response.body, options.metadata_url);
    if (!jwks_uri) return finish(false, "OpenID metadata without a usable jwks_uri");
    fetch(*jwks_uri, &Impl::on_jwks);
  }

  void on_jwks(const http::ClientResponse& response) {
    if (response.status != 200) return finish(false, "JWKS: " + failure_of(response));
    std::string error;
    auto parsed = parse_jwks(response.body, error);
    if (!parsed) return finish(false, error);
    const auto count = parsed->size();
    keys.replace(std::move(*parsed));
    spdlog::info("teams: {} Bot Framework signing keys loaded", count);
    finish(true, {});
  }

  void finish(bool ok, const std::string& failure) {
    loading = false;
    (ok ? loads : failures).fetch_add(1);
    if (!ok) {
      spdlog::warn("teams: loading the Bot Framework signing keys failed ({}); keeping the {} known keys", failure,
                   keys.size());
    } else if (!loaded.exchange(true) && on_first_load) {
      on_first_load();
    }
    arm(ok ? options.refresh_every : options.retry_after_failure);
  }

  void arm(std::chrono::milliseconds delay) {
    if (stopped) return;
    timer.expires_after(delay);
    timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->refresh();
    });
  }

  void unknown_kid() {
    if (stopped) return;
    {
      std::lock_guard lock(unknown_kid_mutex);
      const auto now = clock.monotonic();
      if (last_unknown_kid_refresh && now - *last_unknown_kid_refresh < options.unknown_kid_interval) return;
      last_unknown_kid_refresh = now;
    }
    unknown_kid_refreshes.fetch_add(1);
    asio::post(strand, [self = shared_from_this()] { self->refresh(); });
  }
};

BotFrameworkKeyCache::BotFrameworkKeyCache(asio::io_context& io, http::HttpClient& client, const Clock& clock,
                                           KeyCacheOptions options)
    : impl_(std::make_shared<Impl>(io, client, clock, std::move(options))) {}

BotFrameworkKeyCache::~BotFrameworkKeyCache() { stop(); }

void BotFrameworkKeyCache::start(std::function<void()> on_first_load) {
  asio::post(impl_->strand, [impl = impl_, on_first_load = std::move(on_first_load)]() mutable {
    impl->on_first_load = std::move(on_first_load);
    impl->refresh();
  });
}

void BotFrameworkKeyCache::stop() {
  impl_->stopped = true;
  asio::post(impl_->strand, [impl = impl_] { impl->timer.cancel(); });
}

bool BotFrameworkKeyCache::ready() const { return impl_->loaded; }

KeyCacheStats BotFrameworkKeyCache::stats() const {
  return {impl_->loads.load(), impl_->failures.load(), impl_->unknown_kid_refreshes.load()};
}

std::optional<OpenIdKey> BotFrameworkKeyCache::find(std::string_view kid) const {
  if (auto key = impl_->keys.find(kid)) return key;
  impl_->unknown_kid();
  return std::nullopt;
}

}  // namespace ambassador::adapters::teams
