// The JWKS reader, and BotFrameworkKeyCache against FakeBotFramework on loopback through the real BeastHttpClient.
#include "adapters/teams/openid_keys.hpp"

#include <gtest/gtest.h>

#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "adapters/teams/token_validator.hpp"
#include "bot/http/beast_http_client.hpp"
#include "fake_bot_framework.hpp"

namespace ambassador::adapters::teams {
namespace {

using testing::fake_signing_key;
using testing::FakeBotFramework;
using namespace std::chrono_literals;

nlohmann::json jwk(std::size_t index) {
  const auto& key = fake_signing_key(index);
  return {{"kty", "RSA"},
          {"use", "sig"},
          {"kid", key.kid},
          {"x5c", {key.certificate_base64}},
          {"n", key.modulus},
          {"e", key.exponent},
          {"endorsements", {"msteams", "skype"}}};
}

std::optional<OpenIdKeyMap> parse(const nlohmann::json& document) {
  std::string error;
  auto keys = parse_jwks(document.dump(), error);
  if (!keys) {
    EXPECT_FALSE(error.empty());
  }
  return keys;
}

TEST(ParseJwks, ReadsTheKeyFromTheCertificateWithItsEndorsements) {
  auto entry = jwk(0);
  entry.erase("n");
  entry.erase("e");
  const auto keys = parse({{"keys", {entry}}});
  ASSERT_TRUE(keys);
  ASSERT_EQ(keys->size(), 1u);
  const auto& key = keys->at(fake_signing_key(0).kid);
  EXPECT_EQ(key.public_key_pem, fake_signing_key(0).public_key_pem);
  EXPECT_EQ(key.endorsements, (std::vector<std::string>{"msteams", "skype"}));
}

TEST(ParseJwks, ReadsTheKeyFromModulusAndExponentWithoutACertificate) {
  auto entry = jwk(0);
  entry.erase("x5c");
  const auto keys = parse({{"keys", {entry}}});
  ASSERT_TRUE(keys);
  EXPECT_EQ(keys->at(fake_signing_key(0).kid).public_key_pem, fake_signing_key(0).public_key_pem);
}

TEST(ParseJwks, FallsBackToModulusAndExponentWhenTheCertificateIsUnreadable) {
  auto entry = jwk(0);
  entry["x5c"] = {"bm90IGEgY2VydGlmaWNhdGU="};  // "not a certificate"
  const auto keys = parse({{"keys", {entry}}});
  ASSERT_TRUE(keys);
  EXPECT_EQ(keys->at(fake_signing_key(0).kid).public_key_pem, fake_signing_key(0).public_key_pem);
}

TEST(ParseJwks, SkipsKeysItCannotUseAndKeepsTheRest) {
  auto no_kid = jwk(1);
  no_kid.erase("kid");
  auto elliptic = jwk(1);
  elliptic["kty"] = "EC";
  auto encryption = jwk(1);
  encryption["use"] = "enc";
  auto broken = jwk(1);
  broken["x5c"] = {"!!!"};
  broken["n"] = "***";
  const auto keys = parse({{"keys", {no_kid, elliptic, encryption, broken, 42, jwk(0)}}});
  ASSERT_TRUE(keys);
  ASSERT_EQ(keys->size(), 1u);
  EXPECT_TRUE(keys->contains(fake_signing_key(0).kid));
}

TEST(ParseJwks, IgnoresEndorsementsThatAreNotStrings) {
  auto entry = jwk(0);
  entry["endorsements"] = {"msteams", 7, nullptr};
  const auto keys = parse({{"keys", {entry}}});
  ASSERT_TRUE(keys);
  EXPECT_EQ(keys->at(fake_signing_key(0).kid).endorsements, std::vector<std::string>{"msteams"});
}

TEST(ParseJwks, FailsWithoutAnyUsableKey) {
  std::string error;
  EXPECT_FALSE(parse_jwks("not json", error));
  EXPECT_FALSE(parse_jwks("[]", error));
  EXPECT_FALSE(parse({{"keys", "none"}}));
  EXPECT_FALSE(parse({{"keys", nlohmann::json::array()}}));
  auto elliptic = jwk(0);
  elliptic["kty"] = "EC";
  EXPECT_FALSE(parse({{"keys", {elliptic}}}));
}

TEST(JwksUri, IsReadFromTheMetadata) {
  const std::string metadata = R"({"issuer":"https://api.botframework.com",
      "jwks_uri":"https://login.botframework.com/v1/.well-known/keys"})";
  EXPECT_EQ(jwks_uri_of(metadata, "https://login.botframework.com/v1/.well-known/openidconfiguration"),
            "https://login.botframework.com/v1/.well-known/keys");
  EXPECT_FALSE(jwks_uri_of("{}", "https://login.botframework.com/"));
  EXPECT_FALSE(jwks_uri_of(R"({"jwks_uri":"file:///etc/passwd"})", "https://login.botframework.com/"));
  EXPECT_FALSE(jwks_uri_of("nonsense", "https://login.botframework.com/"));
}

TEST(JwksUri, RefusesAPlainHttpKeySetBehindHttpsMetadata) {
  const std::string metadata = R"({"jwks_uri":"http://login.botframework.com/v1/.well-known/keys"})";
  EXPECT_FALSE(jwks_uri_of(metadata, "https://login.botframework.com/v1/.well-known/openidconfiguration"));
  EXPECT_TRUE(jwks_uri_of(metadata, "http://127.0.0.1:8080/v1/.well-known/openidconfiguration"));
}

TEST(OpenIdKeys, FindsAKeyByIdUntilReplaced) {
  OpenIdKeys keys({{"a", OpenIdKey{"pem-a", {}}}});
  ASSERT_TRUE(keys.find("a"));
  EXPECT_EQ(keys.find("a")->public_key_pem, "pem-a");
  EXPECT_FALSE(keys.find("b"));
  keys.replace({{"b", OpenIdKey{"pem-b", {}}}});
  EXPECT_FALSE(keys.find("a"));
  EXPECT_TRUE(keys.find("b"));
}

constexpr std::string_view kServiceUrl = "https://smba.trafficmanager.net/emea/";

class KeyCacheTest : public ::testing::Test {
 protected:
  KeyCacheTest() {
    fake_signing_key(1);  // generated before any timing matters
    thread_ = std::thread([this] { io_.run(); });
  }
  ~KeyCacheTest() override {
    cache_.reset();
    client_->shutdown();
    work_.reset();
    io_.stop();
    thread_.join();
  }

  BotFrameworkKeyCache& start(KeyCacheOptions options = {}) {
    options.metadata_url = identity_.metadata_url();
    cache_ = std::make_unique<BotFrameworkKeyCache>(io_, *client_, clock_, options);
    cache_->start([this] { first_loads_.fetch_add(1); });
    return *cache_;
  }

  // Polls (with a deadline) until `done`; no timed assertion.
  template <typename Condition>
  static bool eventually(Condition done) {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(5ms);
    }
    return true;
  }

  VerifyResult validate(const std::string& token) const {
    const BotFrameworkTokenValidator validator(*cache_, std::string(FakeBotFramework::kAppId),
                                               std::string(FakeBotFramework::kIssuer));
    return validator.validate("Bearer " + token, kServiceUrl, "msteams", std::chrono::system_clock::now());
  }
  std::string token_signed_by(std::size_t key) const {
    auto header = identity_.header();
    header["kid"] = fake_signing_key(key).kid;
    return FakeBotFramework::sign_with(fake_signing_key(key), header,
                                       FakeBotFramework::claims(kServiceUrl, std::chrono::system_clock::now()));
  }

  FakeBotFramework identity_;
  ManualClock clock_{1'780'000'000'000};
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_ = boost::asio::make_work_guard(io_);
  std::unique_ptr<http::BeastHttpClient> client_ = std::make_unique<http::BeastHttpClient>(io_);
  std::unique_ptr<BotFrameworkKeyCache> cache_;
  std::atomic<int> first_loads_{0};
  std::thread thread_;
};

TEST_F(KeyCacheTest, LoadsTheKeysThroughTheMetadataAtStart) {
  auto& cache = start();
  EXPECT_FALSE(cache.find("anything"));
  ASSERT_TRUE(eventually([&] { return cache.ready(); }));
  EXPECT_EQ(first_loads_.load(), 1);
  EXPECT_EQ(identity_.metadata_fetches(), 1u);
  EXPECT_EQ(identity_.keys_fetches(), 1u);
  const auto key = cache.find(fake_signing_key(0).kid);
  ASSERT_TRUE(key);
  EXPECT_EQ(key->public_key_pem, fake_signing_key(0).public_key_pem);
  EXPECT_EQ(key->endorsements, std::vector<std::string>{"msteams"});
  EXPECT_TRUE(validate(identity_.token(kServiceUrl, std::chrono::system_clock::now())).ok);
}

TEST_F(KeyCacheTest, LoadsCertificateOnlyAndModulusOnlyKeySets) {
  identity_.set_key_format(FakeBotFramework::KeyFormat::certificate_only);
  auto& cache = start();
  ASSERT_TRUE(eventually([&] { return cache.ready(); }));
  EXPECT_TRUE(validate(token_signed_by(0)).ok);

  identity_.set_key_format(FakeBotFramework::KeyFormat::modulus_only);
  identity_.rotate_to(1);
  EXPECT_FALSE(validate(token_signed_by(1)).ok);
  ASSERT_TRUE(eventually([&] { return cache.stats().loads == 2; }));
  EXPECT_TRUE(validate(token_signed_by(1)).ok);
}

TEST_F(KeyCacheTest, AnUnknownKidIsRefusedNowAndAcceptedAfterOneRefresh) {
  auto& cache = start();
  ASSERT_TRUE(eventually([&] { return cache.ready(); }));
  identity_.rotate_to(1);

  const auto token = token_signed_by(1);
  const auto refused = validate(token);
  EXPECT_FALSE(refused.ok);
  EXPECT_EQ(refused.status, 401);
  ASSERT_TRUE(eventually([&] { return cache.stats().loads == 2; }));
  EXPECT_TRUE(validate(token).ok) << "the Bot Framework's retry is accepted";
  EXPECT_EQ(identity_.keys_fetches(), 2u) << "exactly one refresh";
  EXPECT_EQ(identity_.metadata_fetches(), 2u);
  EXPECT_FALSE(validate(token_signed_by(0)).ok) << "a key no longer published is dropped";
}

TEST_F(KeyCacheTest, AFloodOfUnknownKidsRefreshesAtMostOncePerMinute) {
  auto& cache = start();
  ASSERT_TRUE(eventually([&] { return cache.ready(); }));
  for (int i = 0; i < 200; ++i) EXPECT_FALSE(cache.find("forged-" + std::to_string(i)));
  EXPECT_EQ(cache.stats().unknown_kid_refreshes, 1u);
  ASSERT_TRUE(eventually([&] { return cache.stats().loads == 2; }));

  clock_.advance(59s);
  for (int i = 0; i < 200; ++i) EXPECT_FALSE(cache.find("forged-" + std::to_string(i)));
  EXPECT_EQ(cache.stats().unknown_kid_refreshes, 1u) << "still within the minute";

  clock_.advance(1s);
  EXPECT_FALSE(cache.find("forged-again"));
  EXPECT_EQ(cache.stats().unknown_kid_refreshes, 2u) << "a minute after the last one";
  ASSERT_TRUE(eventually([&] { return cache.stats().loads == 3; }));
  EXPECT_EQ(identity_.keys_fetches(), 3u);
}

TEST_F(KeyCacheTest, AFailedRefreshKeepsTheKeysItHad) {
  auto& cache = start();
  ASSERT_TRUE(eventually([&] { return cache.ready(); }));
  identity_.fail_keys_with(500);
  EXPECT_FALSE(cache.find("new-kid"));
  ASSERT_TRUE(eventually([&] { return cache.stats().failures == 1; }));
  EXPECT_TRUE(validate(token_signed_by(0)).ok);

  identity_.fail_keys_with(0);
  identity_.fail_metadata_with(503);
  clock_.advance(1min);
  EXPECT_FALSE(cache.find("newer-kid"));
  ASSERT_TRUE(eventually([&] { return cache.stats().failures == 2; }));
  EXPECT_TRUE(validate(token_signed_by(0)).ok);
  EXPECT_EQ(cache.stats().loads, 1u);
}

TEST_F(KeyCacheTest, PicksUpRotatedKeysOnItsScheduleWithoutARestart) {
  auto& cache = start({.refresh_every = 50ms});
  ASSERT_TRUE(eventually([&] { return cache.ready(); }));
  identity_.rotate_to(1);
  // Only the schedule can bring key 1 in: nothing asks for it (find() would) until a later load is done.
  ASSERT_TRUE(eventually([&] { return cache.stats().loads >= 2; }));
  EXPECT_TRUE(validate(token_signed_by(1)).ok);
  EXPECT_EQ(cache.stats().unknown_kid_refreshes, 0u);
  EXPECT_EQ(first_loads_.load(), 1) << "the first-load hook runs once";
}

TEST_F(KeyCacheTest, RetriesSoonAfterAFailedFirstLoad) {
  identity_.fail_metadata_with(503);
  auto& cache = start({.refresh_every = 24h, .retry_after_failure = 20ms});
  ASSERT_TRUE(eventually([&] { return cache.stats().failures >= 1; }));
  EXPECT_FALSE(cache.ready());
  identity_.fail_metadata_with(0);
  ASSERT_TRUE(eventually([&] { return cache.ready(); }));
  EXPECT_EQ(first_loads_.load(), 1);
}

TEST_F(KeyCacheTest, StopsRefreshingWhenStopped) {
  auto& cache = start({.refresh_every = 24h});
  ASSERT_TRUE(eventually([&] { return cache.ready(); }));
  cache.stop();
  EXPECT_FALSE(cache.find("new-kid"));
  EXPECT_EQ(cache.stats().unknown_kid_refreshes, 0u);
}

}  // namespace
}  // namespace ambassador::adapters::teams
