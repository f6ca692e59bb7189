#pragma once
// /api/v1/questions: the social inbox tooling (role webcare) escalates questions and follows them; leads read
// them (without the unmasked texts). The same QuestionDesk as the chat commands does the work.
#include <functional>

#include "bot/app/api_auth.hpp"
#include "bot/clock.hpp"
#include "bot/http/router.hpp"
#include "config/config.hpp"
#include "storage/store.hpp"

namespace ambassador::app {

struct QuestionApi {
  const config::Config& config;
  const Clock& clock;
  storage::Store& store;
  const ApiAuth& auth;
  std::function<void()> questions_changed;  // wake the webcare timer
  std::function<void()> deliveries_queued;  // wake the outbox
};

void add_question_routes(http::Router& router, QuestionApi api);

}  // namespace ambassador::app
