#pragma once
// Shared plumbing of the admin API handlers: JSON bodies, ids from paths, and running a unit of work on
// the database threads that produces the HTTP answer.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "bot/http/http_types.hpp"
#include "storage/store.hpp"

namespace ambassador::app {

// The request's JSON object, or the 400/415 answer in `error`.
std::optional<nlohmann::json> json_body(const http::Request& request, http::Response& error);
std::optional<std::int64_t> path_id(std::string_view text);
http::Response json_response(int status, const nlohmann::json& body);

using Work = std::function<http::Response(storage::Connection&)>;
// Runs `work` on the writer (write = true, in a transaction) or the reader and answers with its result.
// A throwing unit is rolled back, logged once with the request id, and answered 500.
void answer_from_store(storage::Store& store, bool write, Work work, http::Responder respond, std::string request_id);

}  // namespace ambassador::app
