#pragma once
// Real HTTP on loopback for the Teams outbound tests: a BeastHttpClient on its own io_context thread, talking to a
// FakeTeamsConnector (token endpoint + connector), behind a GateClient that can hold token requests back (so
// concurrent callers provably pile up on one fetch) or answer chosen requests itself (outcomes the network cannot
// produce on cue).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "adapters/teams/token_provider.hpp"
#include "bot/clock.hpp"
#include "bot/http/beast_http_client.hpp"
#include "fake_teams_connector.hpp"

namespace ambassador::adapters::teams::test {

inline constexpr auto kWait = std::chrono::seconds(10);

class GateClient final : public http::HttpClient {
 public:
  using Intercept = std::function<std::optional<http::ClientResponse>(const http::ClientRequest&)>;

  explicit GateClient(http::HttpClient& inner) : inner_(inner) {}

  void send(http::ClientRequest request, std::function<void(http::ClientResponse)> done) override {
    Intercept intercept;
    {
      std::lock_guard lock(mutex_);
      intercept = intercept_;
    }
    // Answered outside the lock: `done` may send the next request.
    if (intercept)
      if (auto answer = intercept(request)) return done(std::move(*answer));
    {
      std::lock_guard lock(mutex_);
      if (holding_tokens_ && request.url.find("/oauth2/") != std::string::npos) {
        held_.emplace_back(std::move(request), std::move(done));
        return;
      }
    }
    inner_.send(std::move(request), std::move(done));
  }

  void hold_token_requests() {
    std::lock_guard lock(mutex_);
    holding_tokens_ = true;
  }
  std::size_t held() const {
    std::lock_guard lock(mutex_);
    return held_.size();
  }
  // Lets the held token requests go to the fake; later ones pass at once.
  void release() {
    std::vector<std::pair<http::ClientRequest, std::function<void(http::ClientResponse)>>> held;
    {
      std::lock_guard lock(mutex_);
      holding_tokens_ = false;
      held.swap(held_);
    }
    for (auto& [request, done] : held) inner_.send(std::move(request), std::move(done));
  }
  // Answers the requests `intercept` returns a response for, without the network.
  void answer_with(Intercept intercept) {
    std::lock_guard lock(mutex_);
    intercept_ = std::move(intercept);
  }

 private:
  http::HttpClient& inner_;
  mutable std::mutex mutex_;
  bool holding_tokens_ = false;
  std::vector<std::pair<http::ClientRequest, std::function<void(http::ClientResponse)>>> held_;
  Intercept intercept_;
};

// Collects one callback's value; `wait()` fails the test when it was not called within kWait, and TearDown checks
// that no callback ran twice.
template <typename T>
class Outcome {
 public:
  std::function<void(T)> callback() {
    return [calls = calls_, promise = promise_](T value) {
      if (calls->fetch_add(1) == 0) promise->set_value(std::move(value));
    };
  }
  T wait() {
    if (future_.wait_for(kWait) != std::future_status::ready) {
      ADD_FAILURE() << "the callback was not called";
      return T{};
    }
    return future_.get();
  }
  int calls() const { return calls_->load(); }

 private:
  std::shared_ptr<std::atomic<int>> calls_ = std::make_shared<std::atomic<int>>(0);
  std::shared_ptr<std::promise<T>> promise_ = std::make_shared<std::promise<T>>();
  std::future<T> future_ = promise_->get_future();
};

class TeamsOutboundTest : public ::testing::Test {
 protected:
  void SetUp() override {
    thread_ = std::thread([this] { io_.run(); });
  }

  void TearDown() override {
    client_.reset();
    work_.reset();
    thread_.join();
  }

  BotFrameworkCredentials credentials() const {
    return {teams_.login_base_url(), "", teams_.app_id(), teams_.app_password()};
  }

  testing::FakeTeamsConnector teams_;
  ManualClock clock_{1'765'062'000'000};
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_ = boost::asio::make_work_guard(io_);
  std::unique_ptr<http::BeastHttpClient> client_ = std::make_unique<http::BeastHttpClient>(io_);
  GateClient gate_{*client_};
  std::thread thread_;
};

}  // namespace ambassador::adapters::teams::test
