#pragma once
// Method + path-pattern routing ("/local/channels/{id}/messages"). Unknown path: 404; known path with
// another method: 405 with Allow. Handlers run on the connection's executor and must not block.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bot/http/http_types.hpp"

namespace ambassador::http {

class RouteParams {
 public:
  void add(std::string name, std::string value) { values_.emplace_back(std::move(name), std::move(value)); }
  std::string_view get(std::string_view name) const;

 private:
  std::vector<std::pair<std::string, std::string>> values_;
};

using Handler = std::function<void(Request, RouteParams, Responder)>;

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler);

  // Finds the route and calls its handler (or answers 404/405). `route_name` is set to the matched pattern
  // (or "unmatched") for metrics. A throwing handler is answered 500 and logged.
  void dispatch(Request request, Responder respond, std::string& route_name) const;

  std::vector<std::string> patterns() const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  static bool match(const Route& route, const std::vector<std::string_view>& path, RouteParams& params);

  std::vector<Route> routes_;
  // Routes without {params}, by path: most requests (webhooks, /healthz) need no pattern scan.
  std::unordered_map<std::string, std::vector<std::size_t>> exact_;
  bool serve(const Route& route, Request& request, RouteParams params, Responder& respond,
             std::string& route_name) const;
};

}  // namespace ambassador::http
