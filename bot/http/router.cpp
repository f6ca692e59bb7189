#include "bot/http/router.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

namespace ambassador::http {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

bool is_param(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

std::string_view RouteParams::get(std::string_view name) const {
  for (const auto& [key, value] : values_)
    if (key == name) return value;
  return {};
}

void Router::add(std::string method, std::string pattern, Handler handler) {
  Route route{std::move(method), std::move(pattern), {}, std::move(handler)};
  for (auto segment : split_path(route.pattern)) route.segments.emplace_back(segment);
  const bool exact =
      std::none_of(route.segments.begin(), route.segments.end(), [](const std::string& s) { return is_param(s); });
  if (exact) exact_[route.pattern].push_back(routes_.size());
  routes_.push_back(std::move(route));
}

bool Router::match(const Route& route, const std::vector<std::string_view>& path, RouteParams& params) {
  if (route.segments.size() != path.size()) return false;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const auto& expected = route.segments[i];
    if (is_param(expected)) {
      params.add(expected.substr(1, expected.size() - 2), std::string(path[i]));
    } else if (expected != path[i]) {
      return false;
    }
  }
  return true;
}

bool Router::serve(const Route& route, Request& request, RouteParams params, Responder& respond,
                   std::string& route_name) const {
  if (route.method != request.method && !(request.method == "HEAD" && route.method == "GET")) return false;
  route_name = route.pattern;
  const auto request_id = request.request_id;
  try {
    route.handler(std::move(request), std::move(params), std::move(respond));
  } catch (const std::exception& e) {
    // The responder was moved into the handler; it answers 500 itself if never called (see server).
    spdlog::error("request {}: handler for {} threw: {}", request_id, route_name, e.what());
  } catch (...) {
    // Nothing may escape into the connection's coroutine: it waits on the responder, which answers 500 above.
    spdlog::error("request {}: handler for {} threw a non-standard exception", request_id, route_name);
  }
  return true;
}

void Router::dispatch(Request request, Responder respond, std::string& route_name) const {
  if (auto exact = exact_.find(request.path); exact != exact_.end()) {
    for (auto index : exact->second)
      if (serve(routes_[index], request, {}, respond, route_name)) return;
  }
  const auto path = split_path(request.path);
  std::string allowed;
  for (const auto& route : routes_) {
    RouteParams params;
    if (!match(route, path, params)) continue;
    if (serve(route, request, std::move(params), respond, route_name)) return;
    allowed += allowed.empty() ? route.method : ", " + route.method;
  }
  if (!allowed.empty()) {
    route_name = "method_not_allowed";
    respond(Response::error(405, "method_not_allowed", "method not allowed here").with_header("Allow", allowed));
    return;
  }
  route_name = "unmatched";
  respond(Response::error(404, "not_found", "no such route"));
}

std::vector<std::string> Router::patterns() const {
  std::vector<std::string> result;
  for (const auto& route : routes_) result.push_back(route.method + " " + route.pattern);
  return result;
}

}  // namespace ambassador::http
