#pragma once
// /healthz (the process answers), /readyz (the database answers, not shutting down), /metrics.
#include <atomic>

#include "bot/http/metrics.hpp"
#include "bot/http/router.hpp"
#include "storage/store.hpp"

namespace ambassador::app {

void add_ops_routes(http::Router& router, storage::Store& store, http::Metrics& metrics,
                    const std::atomic<bool>& shutting_down);

}  // namespace ambassador::app
