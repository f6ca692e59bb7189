#pragma once
// A client io_context on its own thread(s), helpers to send and await, and a check that every send was answered
// exactly once.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "bot/http/beast_http_client.hpp"
#include "fake_http_server.hpp"

namespace ambassador::testing {

class HttpClientTest : public ::testing::Test {
 protected:
  static constexpr auto kAnswerWait = std::chrono::seconds(20);

  // How many threads run the client's io_context.
  virtual int io_threads() const { return 1; }

  void SetUp() override {
    for (int i = 0; i < io_threads(); ++i) {
      auto finished = std::make_shared<std::promise<void>>();
      io_finished_.push_back(finished->get_future());
      threads_.emplace_back([this, finished] {
        io_.run();
        finished->set_value();
      });
    }
  }

  void TearDown() override {
    work_.reset();
    for (auto& finished : io_finished_) {
      if (finished.wait_for(kAnswerWait) != std::future_status::ready) {
        ADD_FAILURE() << "the client io_context still had work after the test";
        io_.stop();
      }
    }
    for (auto& thread : threads_) thread.join();
    EXPECT_EQ(answered_.load(), sent_.load()) << "every send must be answered exactly once";
  }

  std::unique_ptr<http::BeastHttpClient> make_client(http::HttpClientOptions options = {}) {
    return std::make_unique<http::BeastHttpClient>(io_, std::move(options));
  }

  std::future<http::ClientResponse> send(http::HttpClient& client, http::ClientRequest request) {
    struct Slot {
      std::promise<http::ClientResponse> promise;
      std::atomic<bool> answered{false};
    };
    auto slot = std::make_shared<Slot>();
    auto future = slot->promise.get_future();
    ++sent_;
    client.send(std::move(request), [this, slot](http::ClientResponse response) {
      ++answered_;
      if (!slot->answered.exchange(true)) slot->promise.set_value(std::move(response));
    });
    return future;
  }

  static http::ClientResponse await(std::future<http::ClientResponse>& future) {
    if (future.wait_for(kAnswerWait) != std::future_status::ready) {
      ADD_FAILURE() << "no answer within " << kAnswerWait.count() << " s";
      http::ClientResponse none;
      none.error = "test: no answer";
      return none;
    }
    return future.get();
  }

  http::ClientResponse fetch(http::HttpClient& client, http::ClientRequest request) {
    auto future = send(client, std::move(request));
    return await(future);
  }

  // Runs `work` on the client's io thread and waits for it: sends issued there all reach the client's strand
  // before any network completion can, which makes queueing order deterministic.
  void on_io_thread(std::function<void()> work) {
    std::promise<void> done;
    boost::asio::post(io_, [&] {
      work();
      done.set_value();
    });
    done.get_future().wait();
  }

  static http::ClientRequest get(std::string url, http::Headers headers = {}) {
    return http::ClientRequest{"GET", std::move(url), std::move(headers), {}};
  }
  static http::ClientRequest post(std::string url, std::string body, http::Headers headers = {}) {
    return http::ClientRequest{"POST", std::move(url), std::move(headers), std::move(body)};
  }

  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_ = boost::asio::make_work_guard(io_);
  std::vector<std::thread> threads_;
  std::vector<std::future<void>> io_finished_;
  std::atomic<int> sent_{0};
  std::atomic<int> answered_{0};
};

}  // namespace ambassador::testing
