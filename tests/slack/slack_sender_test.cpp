#include "adapters/slack/slack_sender.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "adapters/slack/rate_policy.hpp"
#include "bot/http/beast_http_client.hpp"
#include "fake_http_server.hpp"

namespace ambassador::adapters::slack {
namespace {

using nlohmann::json;
using testing::FakeHttpServer;
using testing::FakeResponse;
using ::testing::HasSubstr;
using testing::RecordedRequest;

constexpr auto kWait = std::chrono::seconds(10);

FakeResponse posted(std::string_view channel = "C1", std::string_view ts = "1700000000.000100") {
  return FakeResponse::json(200, json{{"ok", true}, {"channel", channel}, {"ts", ts}}.dump());
}

FakeResponse slack_error(std::string_view code) {
  return FakeResponse::json(200, json{{"ok", false}, {"error", code}}.dump());
}

// Answers like Slack's Web API: conversations.open gives the DM channel, everything else `other`.
FakeHttpServer::Handler slack_api(FakeResponse other = posted()) {
  return [other](const RecordedRequest& request) {
    if (request.target == "/api/conversations.open")
      return FakeResponse::json(200, R"({"ok":true,"channel":{"id":"D0DM1"}})");
    return other;
  };
}

OutgoingMessage hello() {
  OutgoingMessage message;
  message.text = "Hello <team> & friends";
  return message;
}

Destination channel(std::string workspace = "T1", std::string channel_id = "C1") {
  Destination to;
  to.platform = "slack";
  to.workspace = std::move(workspace);
  to.channel_id = std::move(channel_id);
  return to;
}

json body_of(const RecordedRequest& request) { return json::parse(request.body, nullptr, false); }

class SlackSenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    thread_ = std::thread([this] { io_.run(); });
  }

  void TearDown() override {
    client_.reset();
    work_.reset();
    thread_.join();
    // Every handler has run by now: a second call of `done` would have been counted.
    for (const auto& calls : done_calls_) EXPECT_EQ(calls->load(), 1) << "done must be called exactly once";
  }

  SlackSender sender() {
    return SlackSender(*client_, fake_.url("/api"), {{"T1", "xoxb-token-one"}, {"T2", "xoxb-token-two"}});
  }

  // Sends and waits for `done`; fails the test when it is not called exactly once.
  SendResult send(SlackSender& slack, const Destination& to, const OutgoingMessage& message = hello()) {
    auto calls = done_calls_.emplace_back(std::make_shared<std::atomic<int>>(0));
    auto promise = std::make_shared<std::promise<SendResult>>();
    auto future = promise->get_future();
    slack.send(to, message, [calls, promise](SendResult result) {
      if (calls->fetch_add(1) == 0) promise->set_value(std::move(result));
    });
    if (future.wait_for(kWait) != std::future_status::ready) {
      ADD_FAILURE() << "done was not called";
      return {};
    }
    return future.get();
  }

  FakeHttpServer fake_{slack_api()};
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_ = boost::asio::make_work_guard(io_);
  std::unique_ptr<http::BeastHttpClient> client_ = std::make_unique<http::BeastHttpClient>(io_);
  std::thread thread_;
  std::vector<std::shared_ptr<std::atomic<int>>> done_calls_;
};

TEST_F(SlackSenderTest, PostsToAChannelWithTheWorkspacesToken) {
  auto slack = sender();
  EXPECT_EQ(slack.platform(), "slack");
  const auto result = send(slack, channel());
  EXPECT_EQ(result.outcome, SendOutcome::sent) << result.error;
  EXPECT_EQ(result.message_id, "1700000000.000100");

  const auto requests = fake_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target, "/api/chat.postMessage");
  EXPECT_EQ(requests[0].header("Authorization"), "Bearer xoxb-token-one");
  EXPECT_EQ(requests[0].header("Content-Type"), "application/json; charset=utf-8");
  const auto body = body_of(requests[0]);
  EXPECT_EQ(body["channel"], "C1");
  EXPECT_EQ(body["text"], "Hello &lt;team&gt; &amp; friends");
}

TEST_F(SlackSenderTest, PicksTheTokenOfTheDestinationsWorkspace) {
  auto slack = sender();
  EXPECT_EQ(send(slack, channel("T2", "C9")).outcome, SendOutcome::sent);
  const auto requests = fake_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].header("Authorization"), "Bearer xoxb-token-two");
  EXPECT_EQ(body_of(requests[0])["channel"], "C9");
}

TEST_F(SlackSenderTest, UnknownWorkspaceIsPermanentAndSendsNothing) {
  auto slack = sender();
  const auto result = send(slack, channel("T404"));
  EXPECT_EQ(result.outcome, SendOutcome::permanent);
  EXPECT_THAT(result.error, HasSubstr("unknown workspace"));
  EXPECT_EQ(fake_.request_count(), 0u);
}

TEST_F(SlackSenderTest, ChannelNotFoundIsPermanentAndDeactivatesTheChannel) {
  fake_.set_handler(slack_api(slack_error("channel_not_found")));
  auto slack = sender();
  const auto result = send(slack, channel());
  EXPECT_EQ(result.outcome, SendOutcome::permanent);
  EXPECT_EQ(result.error, "channel_not_found");
  EXPECT_TRUE(result.deactivate_destination);
}

TEST_F(SlackSenderTest, InvalidAuthIsPermanentWithoutDeactivating) {
  fake_.set_handler(slack_api(slack_error("invalid_auth")));
  auto slack = sender();
  const auto result = send(slack, channel());
  EXPECT_EQ(result.outcome, SendOutcome::permanent);
  EXPECT_EQ(result.error, "invalid_auth");
  EXPECT_FALSE(result.deactivate_destination);
}

TEST_F(SlackSenderTest, TooManyRequestsIsRateLimitedForRetryAfter) {
  auto limited = FakeResponse::json(429, R"({"ok":false,"error":"ratelimited"})");
  limited.headers.emplace_back("Retry-After", "1");
  fake_.set_handler(slack_api(limited));
  auto slack = sender();
  const auto result = send(slack, channel());
  EXPECT_EQ(result.outcome, SendOutcome::rate_limited);
  EXPECT_EQ(result.retry_after, std::chrono::seconds(1));
}

TEST_F(SlackSenderTest, ServerErrorIsRetried) {
  fake_.set_handler(slack_api(FakeResponse::text(500, "oops")));
  auto slack = sender();
  const auto result = send(slack, channel());
  EXPECT_EQ(result.outcome, SendOutcome::retry);
  EXPECT_EQ(result.error, "http 500");
}

TEST_F(SlackSenderTest, UnreachableSlackIsRetried) {
  std::uint16_t closed_port;
  {
    FakeHttpServer gone;
    closed_port = gone.port();
  }
  SlackSender slack(*client_, "http://127.0.0.1:" + std::to_string(closed_port) + "/api", {{"T1", "xoxb-token-one"}});
  const auto result = send(slack, channel());
  EXPECT_EQ(result.outcome, SendOutcome::retry);
  EXPECT_THAT(result.error, HasSubstr("connect"));
}

TEST_F(SlackSenderTest, EphemeralAnswerGoesByPostEphemeralToTheUserInTheChannel) {
  auto slack = sender();
  auto to = channel();
  to.user_id = "U1";
  to.ephemeral = true;
  to.thread_id = "1700000000.000001";
  EXPECT_EQ(send(slack, to).outcome, SendOutcome::sent);
  const auto requests = fake_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].target, "/api/chat.postEphemeral");
  EXPECT_EQ(requests[0].header("Authorization"), "Bearer xoxb-token-one");
  const auto body = body_of(requests[0]);
  EXPECT_EQ(body["channel"], "C1");
  EXPECT_EQ(body["user"], "U1");
  EXPECT_EQ(body["thread_ts"], "1700000000.000001");
}

TEST_F(SlackSenderTest, EphemeralWithoutAUserIsRefusedRatherThanPostedPublicly) {
  auto slack = sender();
  auto to = channel();
  to.ephemeral = true;
  EXPECT_EQ(send(slack, to).outcome, SendOutcome::permanent);
  EXPECT_EQ(fake_.request_count(), 0u);
}

TEST_F(SlackSenderTest, DirectMessageOpensTheConversationOnceThenPostsThere) {
  auto slack = sender();
  auto to = channel("T1", "");
  to.user_id = "U1";
  const auto first = send(slack, to);
  EXPECT_EQ(first.outcome, SendOutcome::sent) << first.error;
  EXPECT_EQ(first.message_id, "1700000000.000100");
  EXPECT_EQ(send(slack, to).outcome, SendOutcome::sent);

  const auto requests = fake_.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].target, "/api/conversations.open");
  EXPECT_EQ(requests[0].header("Authorization"), "Bearer xoxb-token-one");
  EXPECT_EQ(body_of(requests[0])["users"], "U1");
  for (std::size_t i : {1u, 2u}) {
    EXPECT_EQ(requests[i].target, "/api/chat.postMessage");
    EXPECT_EQ(body_of(requests[i])["channel"], "D0DM1");
  }
}

TEST_F(SlackSenderTest, DirectMessageCacheIsPerWorkspace) {
  auto slack = sender();
  auto to = channel("T1", "");
  to.user_id = "U1";
  EXPECT_EQ(send(slack, to).outcome, SendOutcome::sent);
  to.workspace = "T2";
  EXPECT_EQ(send(slack, to).outcome, SendOutcome::sent);
  const auto requests = fake_.requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(requests[2].target, "/api/conversations.open");
  EXPECT_EQ(requests[2].header("Authorization"), "Bearer xoxb-token-two");
}

TEST_F(SlackSenderTest, FailedConversationOpenIsReportedAndNothingIsPosted) {
  fake_.set_handler([](const RecordedRequest&) { return slack_error("user_not_found"); });
  auto slack = sender();
  auto to = channel("T1", "");
  to.user_id = "U404";
  const auto result = send(slack, to);
  EXPECT_EQ(result.outcome, SendOutcome::permanent);
  EXPECT_EQ(result.error, "user_not_found");
  ASSERT_EQ(fake_.request_count(), 1u);
  EXPECT_EQ(fake_.requests()[0].target, "/api/conversations.open");
}

TEST_F(SlackSenderTest, GoneDirectMessageChannelIsOpenedAgainNextTime) {
  auto slack = sender();
  auto to = channel("T1", "");
  to.user_id = "U1";
  EXPECT_EQ(send(slack, to).outcome, SendOutcome::sent);  // opens and remembers the DM channel
  fake_.set_handler(slack_api(slack_error("channel_not_found")));
  EXPECT_EQ(send(slack, to).outcome, SendOutcome::permanent);  // the remembered channel is gone
  fake_.set_handler(slack_api());
  EXPECT_EQ(send(slack, to).outcome, SendOutcome::sent);

  std::vector<std::string> targets;
  for (const auto& request : fake_.requests()) targets.push_back(request.target);
  EXPECT_EQ(targets,
            (std::vector<std::string>{"/api/conversations.open", "/api/chat.postMessage", "/api/chat.postMessage",
                                      "/api/conversations.open", "/api/chat.postMessage"}));
}

TEST_F(SlackSenderTest, ReplyWithAResponseUrlGoesThereWithoutTheToken) {
  fake_.set_handler([](const RecordedRequest&) { return FakeResponse::text(200, "ok"); });
  auto slack = sender();
  auto to = channel();
  to.user_id = "U1";
  to.ephemeral = true;
  to.reply_token = fake_.url("/commands/T1/1234/secretpart");
  const auto result = send(slack, to);
  EXPECT_EQ(result.outcome, SendOutcome::sent) << result.error;

  const auto requests = fake_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].target, "/commands/T1/1234/secretpart");
  EXPECT_TRUE(requests[0].header("Authorization").empty());  // the URL is the credential
  const auto body = body_of(requests[0]);
  EXPECT_EQ(body["response_type"], "ephemeral");
  EXPECT_EQ(body["text"], "Hello &lt;team&gt; &amp; friends");
}

TEST_F(SlackSenderTest, ResponseUrlInADirectConversationIsNotEphemeral) {
  auto slack = sender();
  auto to = channel("T1", "D0DM1");
  to.user_id = "U1";
  to.reply_token = fake_.url("/commands/T1/1234/secretpart");
  EXPECT_EQ(send(slack, to).outcome, SendOutcome::sent);
  ASSERT_EQ(fake_.request_count(), 1u);
  EXPECT_EQ(body_of(fake_.requests()[0])["response_type"], "in_channel");
}

TEST_F(SlackSenderTest, ExpiredResponseUrlIsPermanent) {
  fake_.set_handler([](const RecordedRequest&) { return FakeResponse::text(404, "expired_url"); });
  auto slack = sender();
  auto to = channel();
  to.user_id = "U1";
  to.ephemeral = true;
  to.reply_token = fake_.url("/commands/T1/1234/secretpart");
  EXPECT_EQ(send(slack, to).outcome, SendOutcome::permanent);
}

TEST_F(SlackSenderTest, PlainHttpReplyTokenElsewhereIsNotTrustedAsAUrl) {
  auto slack = sender();
  auto to = channel();
  to.user_id = "U1";
  to.ephemeral = true;
  to.reply_token = "http://127.0.0.1:1/commands/T1/1234/secretpart";  // not https, not Slack's API origin
  EXPECT_EQ(send(slack, to).outcome, SendOutcome::sent);
  ASSERT_EQ(fake_.request_count(), 1u);
  EXPECT_EQ(fake_.requests()[0].target, "/api/chat.postEphemeral");
}

TEST(SlackRatePolicy, PacesChannelsAtOnePerSecondWithAShortBurst) {
  const auto policy = rate_policy(30, 1);
  EXPECT_DOUBLE_EQ(policy.global.per_second, 30);
  ASSERT_EQ(policy.per_channel.size(), 1u);
  EXPECT_DOUBLE_EQ(policy.per_channel[0].per_second, 1);
  EXPECT_DOUBLE_EQ(policy.per_channel[0].burst, 3);
}

TEST(SlackRatePolicy, NeverExceedsSlacksChannelPaceButHonoursASlowerOne) {
  EXPECT_DOUBLE_EQ(rate_policy(30, 5).per_channel[0].per_second, 1);
  EXPECT_DOUBLE_EQ(rate_policy(30, 0.5).per_channel[0].per_second, 0.5);
}

}  // namespace
}  // namespace ambassador::adapters::slack
