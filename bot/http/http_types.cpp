#include "bot/http/http_types.hpp"

#include <nlohmann/json.hpp>

#include "bot/http/form.hpp"
#include "encoding/json_text.hpp"

#include <strings.h>

namespace ambassador::http {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::string_view find_header(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers)
    if (iequals(key, name)) return value;
  return {};
}

}  // namespace

std::string_view Request::header(std::string_view name) const { return find_header(headers, name); }

bool Request::has_header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (iequals(key, name)) return true;
  return false;
}

std::string Request::query_param(std::string_view name) const {
  auto fields = parse_form(query);
  if (!fields) return {};
  return form_value(*fields, name).value_or(std::string{});
}

std::string_view ClientResponse::header(std::string_view name) const { return find_header(headers, name); }

Response Response::json(int status, std::string body) {
  return Response{status, "application/json", std::move(body), {}};
}

Response Response::text(int status, std::string body) {
  return Response{status, "text/plain; charset=utf-8", std::move(body), {}};
}

Response Response::error(int status, std::string_view code, std::string_view message) {
  nlohmann::json body{{"error", {{"code", code}, {"message", message}}}};
  return json(status, encoding::dump_json(body));
}

Response Response::errors(int status, std::string_view code, const std::vector<std::string>& problems) {
  nlohmann::json body{
      {"error", {{"code", code}, {"message", problems.empty() ? "" : problems.front()}, {"problems", problems}}}};
  return json(status, encoding::dump_json(body));
}

Response Response::redirect(std::string location, int status) {
  Response response{status, "text/plain; charset=utf-8", {}, {}};
  response.headers.emplace_back("Location", std::move(location));
  return response;
}

Response& Response::with_header(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

}  // namespace ambassador::http
