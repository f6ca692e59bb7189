#include "bot/app/local_routes.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "encoding/json_text.hpp"
#include "storage/local_message_repository.hpp"

namespace ambassador::app {
namespace {

constexpr std::string_view kDirectPrefix = "dm:";  // the local sender's channel for a person's DMs

std::int64_t number_or(std::string_view text, std::int64_t fallback) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() ? value : fallback;
}

}  // namespace

void add_local_routes(http::Router& router, storage::Store& store) {
  router.add(
      "GET", "/local/channels/{id}/messages",
      [&store](http::Request request, http::RouteParams params, http::Responder respond) {
        const auto after = std::max<std::int64_t>(0, number_or(request.query_param("after"), 0));
        const auto limit = std::clamp<std::int64_t>(number_or(request.query_param("limit"), 100), 1, 1000);
        // As on a real platform, an answer only for one person (and a person's DMs) is shown to that person.
        auto viewer = request.query_param("user");
        const std::string channel(params.get("id"));
        if (channel.starts_with(kDirectPrefix) && channel.substr(kDirectPrefix.size()) != viewer)
          return respond(http::Response::error(403, "forbidden",
                                               "a direct-message channel is shown only with ?user=<its person>"));
        auto rows = std::make_shared<std::vector<storage::LocalMessage>>();
        store.read(
            [rows, channel, after, limit, viewer = std::move(viewer)](storage::Connection& db) {
              *rows = storage::LocalMessageRepository(db).list(channel, after, static_cast<std::size_t>(limit), viewer);
            },
            [rows, respond](std::exception_ptr error) {
              if (error) {
                respond(http::Response::error(503, "storage_unavailable", "could not read messages"));
                return;
              }
              auto list = nlohmann::json::array();
              for (const auto& row : *rows) {
                nlohmann::json item{
                    {"id", row.id}, {"sender", row.sender}, {"text", row.text}, {"created_at_ms", row.created_at_ms}};
                if (!row.visible_to.empty()) item["visible_to"] = row.visible_to;
                if (!row.message.empty()) item["message"] = nlohmann::json::parse(row.message, nullptr, false);
                list.push_back(std::move(item));
              }
              nlohmann::json body{{"messages", std::move(list)}};
              respond(http::Response::json(200, encoding::dump_json(body)));
            });
      });
}

}  // namespace ambassador::app
