#pragma once
// /healthz (the process answers), /readyz (the database answers, not shutting down), /metrics (only for peers in
// `metrics_allow`, http.metrics_allow: it tells table sizes and traffic; others get 403).
#include <atomic>
#include <vector>

#include "bot/http/cidr.hpp"
#include "bot/http/metrics.hpp"
#include "bot/http/router.hpp"
#include "storage/store.hpp"

namespace ambassador::app {

void add_ops_routes(http::Router& router, storage::Store& store, http::Metrics& metrics,
                    const std::atomic<bool>& shutting_down, std::vector<http::Cidr> metrics_allow);

}  // namespace ambassador::app
