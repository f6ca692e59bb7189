#pragma once
// A fake of Microsoft's token endpoint and the Bot Framework connector on one loopback server (FakeHttpServer),
// speaking their wire format:
//   POST /{tenant}/oauth2/v2.0/token        form body grant_type=client_credentials, client_id, client_secret,
//                                           scope=https://api.botframework.com/.default → {"token_type":"Bearer",
//                                           "expires_in":N,"access_token":"fake-token-<n>"}; a wrong client
//                                           id/secret → 401 invalid_client, another tenant → 400, a bad grant or
//                                           scope → 400
//   {service}/v3/conversations              POST creates a 1:1 chat → 201 {"id":"a:<person>"} (the same id for the
//                                           same person, as Teams answers the existing chat)
//   {service}/v3/conversations/{c}/activities[/{id}]
//                                           POST a message or reply → 201 {"id":"<activity id>"}; PUT an edit → 200
// Any path before "/v3/" is a service URL ("/teams", "/emea"), so tests can tell which one a call went to. Every
// connector call must carry a Bearer token this fake issued and has not expired (401 otherwise).
//
//   FakeTeamsConnector teams;
//   BotFrameworkCredentials credentials{teams.login_base_url(), "", teams.app_id(), teams.app_password()};
//   ServiceUrlBook book(teams.service_url());
//   ... send ...
//   teams.wait_for_calls(1);
//   EXPECT_EQ(teams.calls()[0].conversation, "19:abc@thread.tacv2");
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "fake_http_server.hpp"

namespace ambassador::testing {

class FakeTeamsConnector {
 public:
  struct Call {
    std::string method;
    std::string target;        // as sent (percent-encoded)
    std::string service;       // the service URL's path: "/teams"
    std::string conversation;  // decoded; empty for POST /v3/conversations
    std::string activity_id;   // decoded; the replied-to or edited activity, else empty
    nlohmann::json body;       // discarded when the body was not JSON
    std::string token;         // the Bearer token it carried
    int status = 0;            // what the fake answered
  };

  // One scripted answer for a coming connector call.
  struct Failure {
    int status = 500;
    std::string code;         // the connector's error code, e.g. "ConversationNotFound"
    std::string retry_after;  // a Retry-After header when not empty
    bool drop = false;        // read the request, then close the connection unanswered
  };

  explicit FakeTeamsConnector(std::string app_id = "00000000-0000-0000-0000-0000000000b0",
                              std::string app_password = "fake-teams-client-secret",
                              std::string tenant = "botframework.com")
      : app_id_(std::move(app_id)),
        app_password_(std::move(app_password)),
        tenant_(std::move(tenant)),
        server_([this](const RecordedRequest& request) { return answer(request); }) {}

  const std::string& app_id() const { return app_id_; }
  const std::string& app_password() const { return app_password_; }
  // The BotFrameworkCredentials::login_base_url: tokens are at {this}/{tenant}/oauth2/v2.0/token.
  std::string login_base_url() const { return server_.url(""); }
  // A service URL of this fake; `path` names it ("/teams", "/emea").
  std::string service_url(std::string_view path = "/teams") const { return server_.url(path); }
  FakeHttpServer& server() { return server_; }

  // The next `count` connector calls are answered with `failure` (in order of arrival).
  void fail_next(std::size_t count, Failure failure) {
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < count; ++i) failures_.push_back(failure);
  }
  // Tokens issued so far no longer work: the next connector calls that carry one get 401, as with an expired token.
  void expire_tokens() {
    std::lock_guard lock(mutex_);
    valid_tokens_.clear();
  }
  // The token endpoint answers `status` with {"error": error} (and `description`) until told otherwise; status 0
  // makes it answer normally again.
  void refuse_tokens(int status, std::string error = "invalid_client", std::string description = {}) {
    std::lock_guard lock(mutex_);
    token_refusal_ = {status, std::move(error), std::move(description)};
  }
  void set_token_lifetime(std::chrono::seconds lifetime) {
    std::lock_guard lock(mutex_);
    token_lifetime_ = lifetime;
  }

  std::vector<Call> calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }
  std::size_t token_requests() const {
    std::lock_guard lock(mutex_);
    return token_requests_;
  }
  // True once at least `count` connector calls have been answered; false after `timeout`.
  bool wait_for_calls(std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(10)) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return calls_.size() >= count; });
  }

  // Percent-decoding of one path segment; "%zz" stays as it is.
  static std::string decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '%' && i + 2 < text.size() && is_hex(text[i + 1]) && is_hex(text[i + 2])) {
        out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
        i += 2;
      } else {
        out += text[i];
      }
    }
    return out;
  }

 private:
  struct TokenRefusal {
    int status = 0;
    std::string error;
    std::string description;
  };

  static bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
  static int hex(char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

  static std::vector<std::string> split(std::string_view path) {
    std::vector<std::string> segments;
    while (!path.empty()) {
      const auto slash = path.find('/');
      segments.emplace_back(path.substr(0, slash));
      if (slash == std::string_view::npos) break;
      path.remove_prefix(slash + 1);
    }
    return segments;
  }

  static std::string form_field(std::string_view body, std::string_view name) {
    for (const auto& pair : split_on(body, '&')) {
      const auto eq = pair.find('=');
      if (eq == std::string::npos || pair.substr(0, eq) != name) continue;
      std::string value = pair.substr(eq + 1);
      for (auto& c : value)
        if (c == '+') c = ' ';
      return decode(value);
    }
    return {};
  }

  static std::vector<std::string> split_on(std::string_view text, char separator) {
    std::vector<std::string> parts;
    while (!text.empty()) {
      const auto at = text.find(separator);
      parts.emplace_back(text.substr(0, at));
      if (at == std::string_view::npos) break;
      text.remove_prefix(at + 1);
    }
    return parts;
  }

  static FakeResponse connector_error(int status, std::string_view code, std::string_view message) {
    return FakeResponse::json(status, nlohmann::json{{"error", {{"code", code}, {"message", message}}}}.dump());
  }

  FakeResponse answer(const RecordedRequest& request) {
    std::lock_guard lock(mutex_);
    const std::string path = request.target.substr(0, request.target.find('?'));
    if (path.ends_with("/oauth2/v2.0/token")) return issue_token(request, path);
    const auto v3 = path.find("/v3/conversations");
    if (v3 == std::string::npos) return FakeResponse::json(404, R"({"error":{"code":"NotFound"}})");
    Call call;
    call.method = request.method;
    call.target = request.target;
    call.service = path.substr(0, v3);
    const auto segments = split(path.substr(v3 + 1));  // "v3", "conversations", {c}, "activities", {id}
    if (segments.size() > 2) call.conversation = decode(segments[2]);
    if (segments.size() > 4) call.activity_id = decode(segments[4]);
    call.body = nlohmann::json::parse(request.body, nullptr, false);
    const std::string_view authorization = request.header("Authorization");
    if (authorization.starts_with("Bearer ")) call.token = std::string(authorization.substr(7));
    FakeResponse response = connector_answer(call, segments);
    call.status = response.close_without_answer ? 0 : response.status;
    calls_.push_back(std::move(call));
    changed_.notify_all();
    return response;
  }

  FakeResponse connector_answer(const Call& call, const std::vector<std::string>& segments) {
    if (!failures_.empty()) {
      const Failure failure = failures_.front();
      failures_.pop_front();
      FakeResponse response;
      if (failure.drop) {
        response.close_without_answer = true;
        return response;
      }
      response = connector_error(failure.status, failure.code, "scripted failure");
      if (!failure.retry_after.empty()) response.headers.emplace_back("Retry-After", failure.retry_after);
      return response;
    }
    if (!valid_tokens_.contains(call.token))
      return connector_error(401, "Unauthorized", "Authorization has been denied");
    if (!call.body.is_object()) return connector_error(400, "BadArgument", "body is not JSON");
    if (segments.size() == 2 && call.method == "POST") return create_conversation(call.body);
    if (segments.size() < 4 || segments[3] != "activities" || call.conversation.empty())
      return connector_error(404, "NotFound", "no such resource");
    if (call.method == "PUT" && !call.activity_id.empty())
      return FakeResponse::json(200, nlohmann::json{{"id", call.activity_id}}.dump());
    if (call.method != "POST") return connector_error(405, "MethodNotAllowed", call.method);
    if (call.body.value("type", "") != "message") return connector_error(400, "BadArgument", "not a message");
    return FakeResponse::json(201, nlohmann::json{{"id", std::to_string(1'700'000'000'000 + ++activities_)}}.dump());
  }

  FakeResponse create_conversation(const nlohmann::json& body) {
    const auto& members = body.value("members", nlohmann::json::array());
    const bool valid = body.value("isGroup", true) == false && members.is_array() && members.size() == 1 &&
                       members[0].is_object() && !members[0].value("id", "").empty() &&
                       !body.value("tenantId", "").empty() && body.contains("bot") && body["bot"].is_object() &&
                       body["bot"].value("id", "") == "28:" + app_id_;
    if (!valid) return connector_error(400, "BadSyntax", "Incorrect conversation creation parameters");
    return FakeResponse::json(201, nlohmann::json{{"id", "a:" + members[0].value("id", "")}}.dump());
  }

  FakeResponse issue_token(const RecordedRequest& request, const std::string& path) {
    ++token_requests_;
    changed_.notify_all();
    if (token_refusal_.status != 0)
      return FakeResponse::json(
          token_refusal_.status,
          nlohmann::json{{"error", token_refusal_.error}, {"error_description", token_refusal_.description}}.dump());
    const auto aad_error = [](int status, std::string_view error, std::string_view description) {
      return FakeResponse::json(status, nlohmann::json{{"error", error}, {"error_description", description}}.dump());
    };
    if (path != "/" + tenant_ + "/oauth2/v2.0/token")
      return aad_error(400, "invalid_request", "AADSTS90002: Tenant not found.");
    if (!request.header("Content-Type").starts_with("application/x-www-form-urlencoded"))
      return aad_error(400, "invalid_request", "AADSTS900144: The request body must contain grant_type.");
    if (form_field(request.body, "grant_type") != "client_credentials")
      return aad_error(400, "unsupported_grant_type", "AADSTS70003: unsupported grant type.");
    if (form_field(request.body, "scope") != "https://api.botframework.com/.default")
      return aad_error(400, "invalid_scope", "AADSTS70011: The provided value for scope is not valid.");
    if (form_field(request.body, "client_id") != app_id_ || form_field(request.body, "client_secret") != app_password_)
      return aad_error(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
    std::string token = "fake-token-" + std::to_string(token_requests_);
    valid_tokens_.insert(token);
    return FakeResponse::json(200, nlohmann::json{{"token_type", "Bearer"},
                                                  {"expires_in", token_lifetime_.count()},
                                                  {"ext_expires_in", token_lifetime_.count()},
                                                  {"access_token", token}}
                                       .dump());
  }

  const std::string app_id_;
  const std::string app_password_;
  const std::string tenant_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::vector<Call> calls_;
  std::deque<Failure> failures_;
  std::set<std::string> valid_tokens_;
  TokenRefusal token_refusal_;
  std::chrono::seconds token_lifetime_{3599};
  std::size_t token_requests_ = 0;
  std::size_t activities_ = 0;
  FakeHttpServer server_;  // last: its thread calls answer() until it is destroyed, before the members above
};

}  // namespace ambassador::testing
