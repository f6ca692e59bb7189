#include "bot/app/api_support.hpp"

#include <charconv>

#include <spdlog/spdlog.h>

#include "bot/json_limits.hpp"
#include "encoding/json_text.hpp"

namespace ambassador::app {

std::optional<nlohmann::json> json_body(const http::Request& request, http::Response& error) {
  const auto type = request.header("Content-Type");
  if (type.substr(0, type.find(';')) != "application/json") {
    error = http::Response::error(415, "unsupported_media_type", "expected Content-Type: application/json");
    return std::nullopt;
  }
  if (json_nesting_exceeds(request.body)) {
    error = http::Response::error(
        400, "bad_request",
        "the body nests arrays or objects deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    return std::nullopt;
  }
  auto body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    error = http::Response::error(400, "bad_request", "the body must be a JSON object (valid UTF-8)");
    return std::nullopt;
  }
  return body;
}

std::optional<std::int64_t> path_id(std::string_view text) {
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

http::Response json_response(int status, const nlohmann::json& body) {
  return http::Response::json(status, encoding::dump_json(body));
}

void answer_from_store(storage::Store& store, bool write, Work work, http::Responder respond, std::string request_id) {
  auto answer = std::make_shared<http::Response>();
  auto job = [answer, work = std::move(work)](storage::Connection& db) { *answer = work(db); };
  auto done = [answer, respond = std::move(respond), request_id = std::move(request_id)](std::exception_ptr error) {
    if (!error) return respond(std::move(*answer));
    spdlog::error("request {}: database work failed: {}", request_id, storage::describe(error));
    respond(http::Response::error(500, "internal_error", "the request failed; nothing was changed"));
  };
  write ? store.write(std::move(job), std::move(done)) : store.read(std::move(job), std::move(done));
}

}  // namespace ambassador::app
