#include "adapters/teams/token_provider.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <mutex>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <nlohmann/json.hpp>

#include "bot/http/form.hpp"
#include "bot/json_limits.hpp"

namespace ambassador::adapters::teams {
namespace {

using nlohmann::json;

// Microsoft always sends expires_in; should an answer lack it, a short life bounds the damage (a 401 from the
// connector drops the token early anyway).
constexpr std::chrono::seconds kAssumedLifetime{600};

std::string text_member(const json& object, const char* key) {
  if (!object.is_object()) return {};
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

// expires_in is a number in v2.0 answers and was a string in v1.0 ones.
std::chrono::seconds lifetime_of(const json& body) {
  const auto it = body.find("expires_in");
  std::int64_t seconds = 0;
  if (it != body.end() && it->is_number_integer()) {
    seconds = it->get<std::int64_t>();
  } else if (it != body.end() && it->is_string()) {
    const auto& text = it->get_ref<const std::string&>();
    std::from_chars(text.data(), text.data() + text.size(), seconds);
  }
  return seconds > 0 ? std::chrono::seconds(seconds) : kAssumedLifetime;
}

// "AADSTS7000215" out of an error_description, which also carries trace ids and prose not worth logging.
std::string aadsts_code(std::string_view description) {
  const auto at = description.find("AADSTS");
  if (at == std::string_view::npos) return {};
  auto end = at + 6;
  while (end < description.size() && description[end] >= '0' && description[end] <= '9') ++end;
  return std::string(description.substr(at, end - at));
}

std::string without_secret(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at))
    text.replace(at, secret.size(), "*");
  return text;
}

TokenResult failure(TokenResult::Status status, std::string error) {
  TokenResult result;
  result.status = status;
  result.error = std::move(error);
  return result;
}

}  // namespace

TokenResult classify_token_response(const http::ClientResponse& response, std::string_view secret) {
  using Status = TokenResult::Status;
  if (response.status == 0) {
    auto result = failure(Status::retry, without_secret("token endpoint unreachable: " + response.error, secret));
    result.unreachable = true;
    return result;
  }
  const json body = parse_untrusted_json(response.body);
  if (response.status >= 200 && response.status < 300) {
    std::string token = text_member(body, "access_token");
    if (token.empty()) return failure(Status::retry, "token endpoint answered without access_token");
    TokenResult result;
    result.token = std::move(token);
    result.lifetime = lifetime_of(body);
    return result;
  }
  std::string error = "token endpoint answered " + std::to_string(response.status);
  if (const auto code = text_member(body, "error"); !code.empty()) error += " " + code;
  if (const auto aadsts = aadsts_code(text_member(body, "error_description")); !aadsts.empty())
    error += " (" + aadsts + ")";
  error = without_secret(std::move(error), secret);
  // A wrong secret or App ID (invalid_client, unauthorized_client), an unknown tenant, a bad scope: asking again
  // with the same configuration gets the same answer.
  const bool refused = response.status == 400 || response.status == 401 || response.status == 403 ||
                       response.status == 404 || text_member(body, "error") == "invalid_client";
  return failure(refused ? Status::permanent : Status::retry, std::move(error));
}

struct BotFrameworkTokenProvider::State : std::enable_shared_from_this<State> {
  using Waiter = std::function<void(TokenResult)>;

  State(http::HttpClient& client, BotFrameworkCredentials credentials, const Clock& clock)
      : client(client), credentials(std::move(credentials)), clock(clock) {}

  http::HttpClient& client;
  const BotFrameworkCredentials credentials;
  const Clock& clock;

  std::mutex mutex;
  std::string token;  // empty: none cached
  Clock::Monotonic::time_point refresh_at{};
  bool fetching = false;
  std::vector<Waiter> waiters;

  std::string url() const {
    std::string_view base = credentials.login_base_url;
    while (base.ends_with('/')) base.remove_suffix(1);
    const std::string_view tenant =
        credentials.app_tenant_id.empty() ? kMultiTenantAuthority : std::string_view(credentials.app_tenant_id);
    return std::string(base) + "/" + boost::urls::encode(tenant, boost::urls::unreserved_chars) + "/oauth2/v2.0/token";
  }

  http::ClientRequest request() const {
    http::ClientRequest request;
    request.method = "POST";
    request.url = url();
    request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    request.body = http::encode_form({{"grant_type", "client_credentials"},
                                      {"client_id", credentials.app_id},
                                      {"client_secret", credentials.app_password},
                                      {"scope", std::string(kBotFrameworkScope)}});
    return request;
  }

  void get(Waiter done) {
    std::unique_lock lock(mutex);
    if (!token.empty() && clock.monotonic() < refresh_at) {
      TokenResult cached;
      cached.token = token;
      lock.unlock();
      return done(std::move(cached));
    }
    waiters.push_back(std::move(done));
    if (fetching) return;  // the fetch in flight answers this one too
    fetching = true;
    lock.unlock();
    fetch();
  }

  void fetch() {
    const auto started = clock.monotonic();  // the token's life starts no earlier than its request
    client.send(request(), [self = shared_from_this(), started](http::ClientResponse response) {
      self->settle(classify_token_response(response, self->credentials.app_password), started);
    });
  }

  void settle(const TokenResult& result, Clock::Monotonic::time_point started) {
    std::vector<Waiter> answered;
    {
      std::lock_guard lock(mutex);
      if (result.status == TokenResult::Status::ok) {
        token = result.token;
        refresh_at =
            started + result.lifetime - std::min<std::chrono::seconds>(kTokenRefreshMargin, result.lifetime / 2);
      }
      answered.swap(waiters);
      fetching = false;
    }
    if (result.status != TokenResult::Status::ok)
      spdlog::warn("teams: no Bot Framework token for {} waiting send(s): {}", answered.size(), result.error);
    TokenResult shared = result;
    shared.lifetime = {};
    for (auto& waiter : answered) waiter(shared);
  }

  void invalidate(std::string_view refused) {
    std::lock_guard lock(mutex);
    if (!refused.empty() && token == refused) token.clear();
  }
};

BotFrameworkTokenProvider::BotFrameworkTokenProvider(http::HttpClient& client, BotFrameworkCredentials credentials,
                                                     const Clock& clock)
    : state_(std::make_shared<State>(client, std::move(credentials), clock)) {}

BotFrameworkTokenProvider::~BotFrameworkTokenProvider() = default;

void BotFrameworkTokenProvider::get(std::function<void(TokenResult)> done) { state_->get(std::move(done)); }

void BotFrameworkTokenProvider::invalidate(std::string_view token) { state_->invalidate(token); }

std::string BotFrameworkTokenProvider::token_url() const { return state_->url(); }

}  // namespace ambassador::adapters::teams
