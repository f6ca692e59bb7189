#pragma once
// The Bearer token every call to the Bot Framework connector needs: an OAuth2 client-credentials token from
// Microsoft's login endpoint (scope https://api.botframework.com/.default), kept until shortly before it expires.
// Single flight: however many sends ask while a fetch is under way, they share that one request, and its answer
// (token or failure) reaches each of them. The client secret goes into the request body only: never into a log
// line, an error text or a URL.
// https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "bot/clock.hpp"
#include "bot/http/http_client.hpp"

namespace ambassador::adapters::teams {

// The token authority of a multi-tenant App (no app_tenant_id configured).
inline constexpr std::string_view kMultiTenantAuthority = "botframework.com";
inline constexpr std::string_view kBotFrameworkScope = "https://api.botframework.com/.default";
// A token is fetched anew this long before its expires_in runs out (half its lifetime for short-lived ones), so
// a request never leaves with a token that expires on its way.
inline constexpr std::chrono::minutes kTokenRefreshMargin{5};

struct BotFrameworkCredentials {
  std::string login_base_url;  // "https://login.microsoftonline.com" ([platforms.teams] login_base_url)
  std::string app_tenant_id;   // empty: a multi-tenant App, tokens from kMultiTenantAuthority
  std::string app_id;          // the Microsoft App ID: client_id
  std::string app_password;    // the resolved client secret
};

struct TokenResult {
  enum class Status {
    ok,         // `token` holds the Bearer token
    retry,      // network, 5xx, throttling or an unreadable answer: ask again later
    permanent,  // the endpoint refused the credentials or the request (400, 401, 403, 404, invalid_client):
                // the configuration must change before any token comes
  };
  Status status = Status::ok;
  std::string token;
  std::string error;                 // for logs and the delivery's error: the endpoint's error code, never the secret
  std::chrono::seconds lifetime{0};  // ok: the answer's expires_in (10 minutes when it gives none)
  bool unreachable = false;  // no answer at all from the token endpoint: no send can go, so Teams is paused as a whole
};

class BotFrameworkTokenProvider {
 public:
  // `client` and `clock` must outlive the provider and its fetches in flight (the Application's do).
  BotFrameworkTokenProvider(http::HttpClient& client, BotFrameworkCredentials credentials, const Clock& clock);
  ~BotFrameworkTokenProvider();
  BotFrameworkTokenProvider(const BotFrameworkTokenProvider&) = delete;
  BotFrameworkTokenProvider& operator=(const BotFrameworkTokenProvider&) = delete;

  // Calls `done` exactly once, from any thread: at once (on the caller's thread) with a cached token, else when
  // the fetch it joined or started is answered. Thread-safe; never throws.
  void get(std::function<void(TokenResult)> done);
  // The connector refused `token` (401): it is dropped, so the next get() fetches a new one. A token other than
  // the cached one (an older one, refused late) changes nothing: the fresh one stays.
  void invalidate(std::string_view token);

  // The token URL ({login_base_url}/{tenant or botframework.com}/oauth2/v2.0/token); holds no secret.
  std::string token_url() const;

 private:
  struct State;
  // Shared with the fetch in flight, so an answer arriving after the provider is gone touches nothing freed.
  std::shared_ptr<State> state_;
};

// The token endpoint's answer → a TokenResult (pure). The error names the endpoint's error code and AADSTS number
// only, and `secret` is cut out of it should an answer ever echo it.
TokenResult classify_token_response(const http::ClientResponse& response, std::string_view secret);

}  // namespace ambassador::adapters::teams
