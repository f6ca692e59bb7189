#include "adapters/slack/slack_sender.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "adapters/slack/delivery_metadata.hpp"
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
// When the interrupted delivery's first attempt began: lookups read from a minute before.
constexpr std::int64_t kAttemptStartedMs = 1'699'999'000'000;

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

Destination keyed(Destination to, std::string key = "reply:slack:Ev0123:0") {
  to.delivery_key = std::move(key);
  return to;
}

json body_of(const RecordedRequest& request) { return json::parse(request.body, nullptr, false); }

std::string path_of(const RecordedRequest& request) { return request.target.substr(0, request.target.find('?')); }

// A conversation in Slack's keeping: chat.postMessage appends (metadata and all) and answers the new ts;
// conversations.history answers the newest `limit` messages first, conversations.replies a thread's oldest
// first, each message's metadata only with include_all_metadata=true (else its event_type alone), in the
// format of https://api.slack.com/metadata/using; only messages after `oldest`, and the next page by the
// `cursor` an answer with has_more gave. Shared with the server's thread.
class SlackConversations {
 public:
  FakeHttpServer::Handler handler() {
    return [this](const RecordedRequest& request) { return answer(request); };
  }
  // A message someone else posted.
  void add(std::string channel, json message) {
    std::lock_guard lock(mutex_);
    messages_.emplace_back(std::move(channel), std::move(message));
  }

 private:
  FakeResponse answer(const RecordedRequest& request) {
    std::lock_guard lock(mutex_);
    const std::string path = path_of(request);
    if (path == "/api/conversations.open") return FakeResponse::json(200, R"({"ok":true,"channel":{"id":"D0DM1"}})");
    if (path == "/api/chat.postMessage") {
      const json body = body_of(request);
      json message{{"type", "message"}, {"bot_id", "B1"}, {"app_id", "A1"}, {"text", body.value("text", "")}};
      message["ts"] = "1700000000." + std::to_string(100100 + messages_.size());
      if (body.contains("thread_ts")) message["thread_ts"] = body["thread_ts"];
      if (body.contains("metadata")) message["metadata"] = body["metadata"];
      messages_.emplace_back(body.value("channel", ""), message);
      return posted(body.value("channel", ""), message["ts"].get<std::string>());
    }
    if (path != "/api/conversations.history" && path != "/api/conversations.replies")
      return slack_error("unknown_method");
    const std::string query = request.target.substr(path.size() + 1);
    const auto param = [&](std::string_view name) {
      const std::string prefix = std::string(name) + "=";
      for (std::size_t at = 0; at < query.size();) {
        std::size_t end = query.find('&', at);
        if (end == std::string::npos) end = query.size();
        if (query.compare(at, prefix.size(), prefix) == 0)
          return query.substr(at + prefix.size(), end - at - prefix.size());
        at = end + 1;
      }
      return std::string{};
    };
    const bool all_metadata = param("include_all_metadata") == "true";
    const std::size_t limit = param("limit").empty() ? 100 : std::stoul(param("limit"));
    const bool replies = path == "/api/conversations.replies";
    const double oldest = param("oldest").empty() ? 0 : std::stod(param("oldest"));
    json found = json::array();
    for (const auto& [channel, message] : messages_) {
      if (channel != param("channel") || std::stod(message["ts"].get<std::string>()) <= oldest) continue;
      const std::string thread = message.value("thread_ts", "");
      if (replies ? (message["ts"] != param("ts") && thread != param("ts")) : !thread.empty()) continue;
      json shown = message;
      if (!all_metadata && shown.contains("metadata"))
        shown["metadata"] = {{"event_type", shown["metadata"]["event_type"]}};
      found.push_back(std::move(shown));
    }
    if (!replies) std::reverse(found.begin(), found.end());
    const std::size_t from = param("cursor").empty() ? 0 : std::stoul(param("cursor").substr(4));
    found.erase(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(std::min(from, found.size())));
    const bool has_more = found.size() > limit;
    if (has_more) found.erase(found.begin() + static_cast<std::ptrdiff_t>(limit), found.end());
    json answer{{"ok", true}, {"messages", found}, {"has_more", has_more}, {"pin_count", 0}};
    if (has_more) answer["response_metadata"] = {{"next_cursor", "next" + std::to_string(from + limit)}};
    return FakeResponse::json(200, answer.dump());
  }

  std::mutex mutex_;
  std::vector<std::pair<std::string, json>> messages_;  // channel, message; oldest first
};

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

  // Asks whether `to`'s delivery landed and waits for `done`; fails the test when it is not called exactly once.
  std::pair<ChatSender::Landed, std::string> reconcile(SlackSender& slack, const Destination& to,
                                                       std::int64_t since_ms = kAttemptStartedMs) {
    auto calls = done_calls_.emplace_back(std::make_shared<std::atomic<int>>(0));
    auto promise = std::make_shared<std::promise<std::pair<ChatSender::Landed, std::string>>>();
    auto future = promise->get_future();
    slack.reconcile(to, since_ms, [calls, promise](ChatSender::Landed landed, std::string message_id) {
      if (calls->fetch_add(1) == 0) promise->set_value({landed, std::move(message_id)});
    });
    if (future.wait_for(kWait) != std::future_status::ready) {
      ADD_FAILURE() << "done was not called";
      return {ChatSender::Landed::unknown, "<not called>"};
    }
    return future.get();
  }

  SlackConversations slack_;  // before fake_: the server's thread answers from it
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
  const std::uint16_t closed_port = 1;  // tcpmux: never served here, unlike a just-closed test port
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

TEST_F(SlackSenderTest, AnEditUpdatesTheMessageInItsChannel) {
  auto slack = sender();
  auto to = channel();
  to.edit_message_id = "1700000000.000100";
  OutgoingMessage withdrawn;
  withdrawn.title = "New park";
  withdrawn.text = "This suggestion was withdrawn.";
  const auto result = send(slack, to, withdrawn);
  EXPECT_EQ(result.outcome, SendOutcome::sent) << result.error;
  EXPECT_EQ(result.message_id, "1700000000.000100");

  const auto requests = fake_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].target, "/api/chat.update");
  EXPECT_EQ(requests[0].header("Authorization"), "Bearer xoxb-token-one");
  const auto body = body_of(requests[0]);
  EXPECT_EQ(body["channel"], "C1");
  EXPECT_EQ(body["ts"], "1700000000.000100");
  EXPECT_EQ(body["text"], "New park\nThis suggestion was withdrawn.");
  ASSERT_TRUE(body["blocks"].is_array());
  for (const auto& block : body["blocks"]) EXPECT_NE(block["type"], "actions") << "the old buttons must go";
}

TEST_F(SlackSenderTest, AnEditOfADirectMessageUpdatesItInTheOpenedConversation) {
  auto slack = sender();
  auto to = channel("T1", "");
  to.user_id = "U1";
  to.edit_message_id = "1700000000.000200";
  const auto result = send(slack, to);
  EXPECT_EQ(result.outcome, SendOutcome::sent) << result.error;

  const auto requests = fake_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].target, "/api/conversations.open");
  EXPECT_EQ(requests[1].target, "/api/chat.update");
  EXPECT_EQ(body_of(requests[1])["channel"], "D0DM1");
  EXPECT_EQ(body_of(requests[1])["ts"], "1700000000.000200");
}

TEST_F(SlackSenderTest, AnEditOfAMessageThatIsGoneIsPermanentWithoutDeactivating) {
  fake_.set_handler(slack_api(slack_error("message_not_found")));
  auto slack = sender();
  auto to = channel();
  to.edit_message_id = "1700000000.000100";
  const auto result = send(slack, to);
  EXPECT_EQ(result.outcome, SendOutcome::permanent);
  EXPECT_EQ(result.error, "message_not_found");
  EXPECT_FALSE(result.deactivate_destination);
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

// An answer retried past the response_url's 30 minutes still reaches the person who asked.
TEST_F(SlackSenderTest, ExpiredResponseUrlFallsBackToADirectMessage) {
  fake_.set_handler([api = slack_api()](const RecordedRequest& request) {
    if (request.target.starts_with("/commands/")) return FakeResponse::text(404, "expired_url");
    return api(request);
  });
  auto slack = sender();
  auto to = keyed(channel());
  to.user_id = "U1";
  to.ephemeral = true;
  to.thread_id = "1700000000.000001";
  to.reply_token = fake_.url("/commands/T1/1234/secretpart");
  const auto result = send(slack, to);
  EXPECT_EQ(result.outcome, SendOutcome::sent) << result.error;

  const auto requests = fake_.requests();
  std::vector<std::string> targets;
  for (const auto& request : requests) targets.push_back(path_of(request));
  EXPECT_EQ(targets, (std::vector<std::string>{"/commands/T1/1234/secretpart", "/api/conversations.open",
                                               "/api/chat.postMessage"}));
  const auto body = body_of(requests.back());
  EXPECT_EQ(body["channel"], "D0DM1");
  EXPECT_FALSE(body.contains("thread_ts"));  // the command's thread is in another conversation
  EXPECT_EQ(body["metadata"]["event_payload"]["delivery_key"], delivery_tag("reply:slack:Ev0123:0"));
}

TEST_F(SlackSenderTest, ExpiredResponseUrlWithoutAPersonIsPermanent) {
  fake_.set_handler([](const RecordedRequest&) { return FakeResponse::text(404, "expired_url"); });
  auto slack = sender();
  auto to = channel();
  to.reply_token = fake_.url("/commands/T1/1234/secretpart");
  EXPECT_EQ(send(slack, to).outcome, SendOutcome::permanent);
  EXPECT_EQ(fake_.request_count(), 1u);
}

// A failed fallback DM must not read as the command's channel being gone (that would stop its posts).
TEST_F(SlackSenderTest, AFailedFallbackDirectMessageDoesNotDeactivateTheChannel) {
  fake_.set_handler([api = slack_api(slack_error("channel_not_found"))](const RecordedRequest& request) {
    if (request.target.starts_with("/commands/")) return FakeResponse::text(404, "used_url");
    return api(request);
  });
  auto slack = sender();
  auto to = channel();
  to.user_id = "U1";
  to.reply_token = fake_.url("/commands/T1/1234/secretpart");
  const auto result = send(slack, to);
  EXPECT_EQ(result.outcome, SendOutcome::permanent);
  EXPECT_EQ(result.error, "channel_not_found");
  EXPECT_FALSE(result.deactivate_destination);
}

TEST(SlackResponseUrl, OnlySlacksHooksHostAndTheConfiguredApiAreTrusted) {
  const std::string api = "http://127.0.0.1:8080/api";
  EXPECT_TRUE(is_trusted_response_url("https://hooks.slack.com/commands/T1/1234/secret", api));
  EXPECT_TRUE(is_trusted_response_url("https://hooks.slack.com:443/actions/T1/1/secret", api));
  EXPECT_TRUE(is_trusted_response_url("http://127.0.0.1:8080/commands/T1/1234/secret", api));
  for (const char* refused :
       {"http://hooks.slack.com/commands/T1/1234/secret", "https://hooks.slack.com:8443/commands/T1/1234/secret",
        "https://hooks.slack.com.example.org/commands/T1/1234/secret", "https://example.org/hooks.slack.com/commands",
        "https://hooks.slack.com@example.org/commands", "https://user@hooks.slack.com/commands",
        "https://127.0.0.1:8080/commands", "http://127.0.0.1:8081/commands", "http://169.254.169.254/latest/meta-data",
        "hooks.slack.com/commands/T1/1234/secret", "not a url"}) {
    EXPECT_FALSE(is_trusted_response_url(refused, api)) << refused;
  }
}

// A reply URL that is not Slack's gets nothing: the answer reaches the person who asked as a DM instead.
TEST_F(SlackSenderTest, AReplyUrlThatIsNotSlacksIsRefusedAndTheAnswerGoesToTheDm) {
  FakeHttpServer elsewhere([](const RecordedRequest&) { return FakeResponse::text(200, "ok"); });
  auto slack = sender();
  for (const std::string& url : {elsewhere.url("/commands/T1/1234/secretpart"),
                                 std::string("https://example.org/commands/T1/1234/secretpart")}) {
    auto to = keyed(channel());
    to.user_id = "U1";
    to.ephemeral = true;
    to.reply_token = url;
    const auto result = send(slack, to);
    EXPECT_EQ(result.outcome, SendOutcome::sent) << result.error;
    EXPECT_EQ(result.message_id, "1700000000.000100");
  }
  EXPECT_EQ(elsewhere.request_count(), 0u);
  std::vector<std::string> targets;
  for (const auto& request : fake_.requests()) targets.push_back(path_of(request));
  EXPECT_EQ(targets,
            (std::vector<std::string>{"/api/conversations.open", "/api/chat.postMessage", "/api/chat.postMessage"}));
  EXPECT_EQ(body_of(fake_.requests().back())["channel"], "D0DM1");
}

TEST_F(SlackSenderTest, ARefusedReplyUrlWithoutAPersonIsPermanent) {
  auto slack = sender();
  auto to = channel();
  to.reply_token = "https://example.org/commands/T1/1234/secretpart";
  const auto result = send(slack, to);
  EXPECT_EQ(result.outcome, SendOutcome::permanent);
  EXPECT_FALSE(result.deactivate_destination);
  EXPECT_EQ(fake_.request_count(), 0u);
}

TEST_F(SlackSenderTest, ReconcileOfARefusedReplyUrlLooksInTheDm) {
  fake_.set_handler(slack_.handler());
  auto slack = sender();
  auto to = keyed(channel());
  to.user_id = "U1";
  to.reply_token = "https://example.org/commands/T1/1234/secretpart";
  EXPECT_EQ(reconcile(slack, to).first, ChatSender::Landed::no) << "nowhere else could it have gone";
  ASSERT_EQ(send(slack, to).outcome, SendOutcome::sent);
  EXPECT_EQ(reconcile(slack, to).first, ChatSender::Landed::yes);
}

TEST_F(SlackSenderTest, PostsTheDeliveryKeysTagAsMetadata) {
  auto slack = sender();
  EXPECT_EQ(send(slack, keyed(channel())).outcome, SendOutcome::sent);
  ASSERT_EQ(fake_.request_count(), 1u);
  const auto body = body_of(fake_.requests()[0]);
  EXPECT_EQ(body["metadata"]["event_type"], "ambassador_delivery");
  EXPECT_EQ(body["metadata"]["event_payload"]["delivery_key"], delivery_tag("reply:slack:Ev0123:0"));
}

TEST_F(SlackSenderTest, ReconcileFindsADeliveryThatLandedInTheChannel) {
  fake_.set_handler(slack_.handler());
  auto slack = sender();
  slack_.add("C1", {{"type", "message"}, {"user", "U1"}, {"text", "before"}, {"ts", "1690000000.000001"}});
  const auto sent = send(slack, keyed(channel()));
  ASSERT_EQ(sent.outcome, SendOutcome::sent) << sent.error;
  EXPECT_EQ(send(slack, keyed(channel(), "reply:slack:Ev0123:1")).outcome, SendOutcome::sent);
  slack_.add("C1", {{"type", "message"}, {"user", "U1"}, {"text", "after"}, {"ts", "1800000000.000001"}});

  const auto [landed, message_id] = reconcile(slack, keyed(channel()));
  EXPECT_EQ(landed, ChatSender::Landed::yes);
  EXPECT_EQ(message_id, sent.message_id);

  const auto requests = fake_.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[2].method, "GET");
  EXPECT_EQ(requests[2].target,
            "/api/conversations.history?channel=C1&oldest=1699998940.000000&include_all_metadata=true&limit=100");
  EXPECT_EQ(requests[2].header("Authorization"), "Bearer xoxb-token-one");
}

// A busy channel: what came after the delivery fills pages, and the lookup reads on until it finds the tag.
TEST_F(SlackSenderTest, ReconcileReadsPageAfterPageSinceTheFirstAttempt) {
  fake_.set_handler(slack_.handler());
  auto slack = sender();
  const auto sent = send(slack, keyed(channel()));
  ASSERT_EQ(sent.outcome, SendOutcome::sent) << sent.error;
  for (int i = 0; i < 250; ++i)
    slack_.add("C1",
               {{"type", "message"}, {"user", "U1"}, {"text", "busy"}, {"ts", "1800000000." + std::to_string(i)}});

  const auto [landed, message_id] = reconcile(slack, keyed(channel()));
  EXPECT_EQ(landed, ChatSender::Landed::yes);
  EXPECT_EQ(message_id, sent.message_id);
  const auto requests = fake_.requests();
  ASSERT_EQ(requests.size(), 4u);  // the post, then three pages
  EXPECT_EQ(requests[2].target,
            "/api/conversations.history?channel=C1&oldest=1699998940.000000&cursor=next100&include_all_metadata=true"
            "&limit=100");
  EXPECT_EQ(requests[3].target,
            "/api/conversations.history?channel=C1&oldest=1699998940.000000&cursor=next200&include_all_metadata=true"
            "&limit=100");
}

// Past ten pages the lookup stops: the answer is unknown, and the delivery is sent again (at least once).
TEST_F(SlackSenderTest, ReconcileGivesUpAfterTenPages) {
  fake_.set_handler(slack_.handler());
  auto slack = sender();
  ASSERT_EQ(send(slack, keyed(channel())).outcome, SendOutcome::sent);
  for (int i = 0; i < 1000; ++i)
    slack_.add("C1",
               {{"type", "message"}, {"user", "U1"}, {"text", "busy"}, {"ts", "1800000000." + std::to_string(i)}});

  EXPECT_EQ(reconcile(slack, keyed(channel())).first, ChatSender::Landed::unknown);
  EXPECT_EQ(fake_.request_count(), 11u);  // the post, then ten pages
}

TEST_F(SlackSenderTest, ReconcileSaysNoWhenTheConversationLacksTheDelivery) {
  fake_.set_handler(slack_.handler());
  auto slack = sender();
  EXPECT_EQ(send(slack, keyed(channel(), "reply:slack:Ev0123:1")).outcome, SendOutcome::sent);
  EXPECT_EQ(send(slack, keyed(channel("T1", "C2"))).outcome, SendOutcome::sent);  // same key, other channel
  const auto [landed, message_id] = reconcile(slack, keyed(channel()));
  EXPECT_EQ(landed, ChatSender::Landed::no);
  EXPECT_TRUE(message_id.empty());
}

TEST_F(SlackSenderTest, ReconcileLooksInTheThreadItWasPostedTo) {
  fake_.set_handler(slack_.handler());
  auto slack = sender();
  slack_.add("C1", {{"type", "message"}, {"user", "U1"}, {"text", "question"}, {"ts", "1690000000.000001"}});
  auto to = keyed(channel());
  to.thread_id = "1690000000.000001";
  const auto sent = send(slack, to);
  ASSERT_EQ(sent.outcome, SendOutcome::sent);

  const auto [landed, message_id] = reconcile(slack, to);
  EXPECT_EQ(landed, ChatSender::Landed::yes);
  EXPECT_EQ(message_id, sent.message_id);
  EXPECT_EQ(fake_.requests().back().target,
            "/api/conversations.replies?channel=C1&ts=1690000000.000001&oldest=1699998940.000000"
            "&include_all_metadata=true&limit=100");
}

TEST_F(SlackSenderTest, ReconcileOfADirectMessageOpensTheConversationAsSendDoes) {
  fake_.set_handler(slack_.handler());
  auto slack = sender();
  auto to = keyed(channel("T1", ""));
  to.user_id = "U1";
  const auto [before, none] = reconcile(slack, to);  // nothing sent yet: opens the DM, finds nothing
  EXPECT_EQ(before, ChatSender::Landed::no);
  const auto sent = send(slack, to);
  ASSERT_EQ(sent.outcome, SendOutcome::sent);
  const auto [after, message_id] = reconcile(slack, to);
  EXPECT_EQ(after, ChatSender::Landed::yes);
  EXPECT_EQ(message_id, sent.message_id);

  std::vector<std::string> targets;
  for (const auto& request : fake_.requests()) targets.push_back(path_of(request));
  EXPECT_EQ(targets, (std::vector<std::string>{"/api/conversations.open", "/api/conversations.history",
                                               "/api/chat.postMessage", "/api/conversations.history"}));
  EXPECT_EQ(fake_.requests()[3].target,
            "/api/conversations.history?channel=D0DM1&oldest=1699998940.000000"
            "&include_all_metadata=true&limit=100");
}

TEST_F(SlackSenderTest, ReconcileIsUnknownWhenTheDirectConversationCannotBeOpened) {
  fake_.set_handler([](const RecordedRequest&) { return slack_error("user_not_found"); });
  auto slack = sender();
  auto to = keyed(channel("T1", ""));
  to.user_id = "U404";
  EXPECT_EQ(reconcile(slack, to).first, ChatSender::Landed::unknown);
  ASSERT_EQ(fake_.request_count(), 1u);
  EXPECT_EQ(fake_.requests()[0].target, "/api/conversations.open");
}

TEST_F(SlackSenderTest, ReconcileIsUnknownWhenSlackRefusesTheLookup) {
  auto slack = sender();
  for (const auto& answer : {slack_error("missing_scope"), slack_error("channel_not_found"),
                             slack_error("not_in_channel"), FakeResponse::json(200, R"({"ok":true})")}) {
    fake_.set_handler([answer](const RecordedRequest&) { return answer; });
    EXPECT_EQ(reconcile(slack, keyed(channel())).first, ChatSender::Landed::unknown) << answer.body;
  }
  EXPECT_EQ(fake_.request_count(), 4u);
}

// A 429 on the lookup must not turn into sending the delivery again: it is asked again later.
TEST_F(SlackSenderTest, ReconcileIsLaterWhenSlackCannotAnswerNow) {
  auto limited = FakeResponse::json(429, R"({"ok":false,"error":"ratelimited"})");
  limited.headers.emplace_back("Retry-After", "30");
  auto slack = sender();
  for (const auto& answer : {limited, FakeResponse::text(500, "oops")}) {
    fake_.set_handler([answer](const RecordedRequest&) { return answer; });
    EXPECT_EQ(reconcile(slack, keyed(channel())).first, ChatSender::Landed::later) << answer.body;
    auto dm = keyed(channel("T1", ""));
    dm.user_id = "U9";  // conversations.open fails the same way
    EXPECT_EQ(reconcile(slack, dm).first, ChatSender::Landed::later) << answer.body;
  }
}

TEST_F(SlackSenderTest, ReconcileIsLaterWhenSlackIsUnreachable) {
  const std::uint16_t closed_port = 1;  // tcpmux: never served here, unlike a just-closed test port
  SlackSender slack(*client_, "http://127.0.0.1:" + std::to_string(closed_port) + "/api", {{"T1", "xoxb-token-one"}});
  EXPECT_EQ(reconcile(slack, keyed(channel())).first, ChatSender::Landed::later);
}

TEST_F(SlackSenderTest, ReconcileOfAnAnswerThatFellBackToADirectMessageFindsIt) {
  fake_.set_handler(slack_.handler());  // answers the response_url with unknown_method: refused, like an expired one
  auto slack = sender();
  auto to = keyed(channel());
  to.user_id = "U1";
  to.ephemeral = true;
  to.reply_token = fake_.url("/commands/T1/1234/secretpart");
  EXPECT_EQ(reconcile(slack, to).first, ChatSender::Landed::unknown) << "not in the DM proves nothing";
  const auto sent = send(slack, to);
  ASSERT_EQ(sent.outcome, SendOutcome::sent) << sent.error;

  const auto [landed, message_id] = reconcile(slack, to);
  EXPECT_EQ(landed, ChatSender::Landed::yes);
  EXPECT_EQ(message_id, sent.message_id);
}

TEST_F(SlackSenderTest, ReconcileWithNothingToReadBackIsUnknownWithoutACall) {
  auto slack = sender();
  auto ephemeral = keyed(channel());
  ephemeral.user_id = "U1";
  ephemeral.ephemeral = true;
  auto answered = keyed(channel());
  answered.reply_token = fake_.url("/commands/T1/1234/secretpart");
  auto nobody = keyed(channel("T1", ""));
  for (const auto& to : {ephemeral, answered, nobody, channel(), keyed(channel("T404"))})
    EXPECT_EQ(reconcile(slack, to).first, ChatSender::Landed::unknown);
  EXPECT_EQ(fake_.request_count(), 0u);
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
