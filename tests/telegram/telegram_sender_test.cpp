// TelegramSender against a fake Bot API on loopback, through the real BeastHttpClient.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "adapters/telegram/html_text.hpp"
#include "adapters/telegram/telegram_sender.hpp"
#include "bot/http/beast_http_client.hpp"
#include "encoding/utf8.hpp"
#include "fake_http_server.hpp"
#include "telegram_html_check.hpp"

namespace ambassador::adapters::telegram {
namespace {

using ambassador::testing::FakeHttpServer;
using ambassador::testing::FakeResponse;
using ambassador::testing::RecordedRequest;
using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kToken = "123456789:AAFakeTokenForTests_only-xyz";
constexpr const char* kGroup = "-1001";
constexpr const char* kUser = "555";

std::string method_of(const RecordedRequest& request) {
  const auto slash = request.target.rfind('/');
  return request.target.substr(slash + 1);
}

json body_of(const RecordedRequest& request) { return json::parse(request.body); }

FakeResponse sent_message(int message_id) {
  return FakeResponse::json(
      200, json{{"ok", true},
                {"result",
                 {{"message_id", message_id}, {"date", 1700000000}, {"chat", {{"id", -1001}, {"type", "supergroup"}}}}}}
               .dump());
}

FakeResponse too_many_requests(int retry_after) {
  return FakeResponse::json(429, json{{"ok", false},
                                      {"error_code", 429},
                                      {"description", "Too Many Requests: retry after " + std::to_string(retry_after)},
                                      {"parameters", {{"retry_after", retry_after}}}}
                                     .dump());
}

FakeResponse blocked() {
  return FakeResponse::json(403,
                            R"({"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"})");
}

FakeResponse cannot_initiate() {
  return FakeResponse::json(
      403, R"({"ok":false,"error_code":403,"description":"Forbidden: bot can't initiate conversation with a user"})");
}

// A fake Bot API that numbers the messages it accepts.
FakeHttpServer::Handler accepting() {
  auto next = std::make_shared<std::atomic<int>>(100);
  return [next](const RecordedRequest& request) {
    if (method_of(request) == "sendMessage") return sent_message(++*next);
    return FakeResponse::json(200, R"({"ok":true,"result":true})");
  };
}

std::string long_text(std::size_t words) {
  std::string text;
  for (std::size_t i = 0; i < words; ++i) text += "word" + std::to_string(i % 10) + (i % 50 == 49 ? "\n" : " ");
  return text;
}

class TelegramSenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    thread_ = std::thread([this] { io_.run(); });
  }
  void TearDown() override {
    client_.reset();
    work_.reset();
    thread_.join();
  }

  TelegramSender& sender(FakeHttpServer& server) {
    sender_ = std::make_unique<TelegramSender>(*client_, server.url(""), kToken);
    return *sender_;
  }

  // Sends and waits for the outcome; checks `done` is called exactly once.
  SendResult send(TelegramSender& telegram, const Destination& to, const OutgoingMessage& message) {
    auto promise = std::make_shared<std::promise<SendResult>>();
    auto calls = std::make_shared<std::atomic<int>>(0);
    auto future = promise->get_future();
    telegram.send(to, message, [promise, calls](SendResult result) {
      if (calls->fetch_add(1) == 0) promise->set_value(std::move(result));
    });
    if (future.wait_for(std::chrono::seconds(20)) != std::future_status::ready) {
      ADD_FAILURE() << "send never finished";
      return SendResult{SendOutcome::retry, {}, "timeout", {}, false};
    }
    auto result = future.get();
    // A second call would come from the same chain right after the first; give it a moment to show up.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(calls->load(), 1) << "done must be called exactly once";
    return result;
  }

  static Destination group() { return Destination{"telegram", "", kGroup, {}, false, {}, {}}; }
  static Destination ephemeral_in_group() { return Destination{"telegram", "", kGroup, kUser, true, {}, {}}; }
  static OutgoingMessage text(std::string body) {
    OutgoingMessage message;
    message.text = std::move(body);
    return message;
  }

  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_ = boost::asio::make_work_guard(io_);
  std::unique_ptr<http::BeastHttpClient> client_ = std::make_unique<http::BeastHttpClient>(io_);
  std::unique_ptr<TelegramSender> sender_;
  std::thread thread_;
};

TEST_F(TelegramSenderTest, SendsAMessageToTheGroupAsHtml) {
  FakeHttpServer server(accepting());
  OutgoingMessage message = text("Fish & <chips>");
  message.title = "Lunch";
  const auto result = send(sender(server), group(), message);

  EXPECT_EQ(result.outcome, SendOutcome::sent) << result.error;
  EXPECT_EQ(result.message_id, "101");
  ASSERT_EQ(server.request_count(), 1u);
  const auto request = server.requests()[0];
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, std::string("/bot") + kToken + "/sendMessage");
  EXPECT_EQ(request.header("Content-Type"), "application/json");
  const auto body = body_of(request);
  EXPECT_EQ(body["chat_id"], -1001);
  EXPECT_EQ(body["parse_mode"], "HTML");
  EXPECT_EQ(body["text"], "<b>Lunch</b>\n\nFish &amp; &lt;chips&gt;");
}

TEST_F(TelegramSenderTest, SplitsALongTextIntoSeveralRequestsInOrder) {
  FakeHttpServer server(accepting());
  OutgoingMessage message = text(long_text(2000));  // 12,000 characters
  message.buttons = {Button{"Skip", {}, "post.skip", "p1", ButtonStyle::normal}};
  const std::size_t parts = split_message(message.text).size();
  ASSERT_GE(parts, 3u);
  const auto result = send(sender(server), group(), message);

  EXPECT_EQ(result.outcome, SendOutcome::sent) << result.error;
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), parts);
  std::string ids;
  for (std::size_t i = 1; i <= parts; ++i) ids += (i > 1 ? "," : "") + std::to_string(100 + i);
  EXPECT_EQ(result.message_id, ids) << "every part's id, so a recall reaches them all";
  std::string seen;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    EXPECT_EQ(method_of(requests[i]), "sendMessage");
    const auto body = body_of(requests[i]);
    const auto visible = testing::visible_text(body["text"].get<std::string>());
    ASSERT_TRUE(visible) << "part " << i << " is not well-formed HTML";
    EXPECT_LE(encoding::utf16_length(*visible), kMaxMessageLength);
    EXPECT_EQ(body.contains("reply_markup"), i + 1 == requests.size()) << "buttons go on the last part only";
    seen += *visible + " ";
  }
  EXPECT_TRUE(seen.starts_with("word0 word1 word2"));
  // Every word arrives once and in order: only the whitespace at the cuts differs.
  std::string expected = message.text;
  for (auto* s : {&seen, &expected})
    for (char& c : *s)
      if (c == '\n') c = ' ';
  while (!seen.empty() && seen.back() == ' ') seen.pop_back();
  while (!expected.empty() && expected.back() == ' ') expected.pop_back();
  EXPECT_EQ(seen, expected);
}

TEST_F(TelegramSenderTest, AnswersACallbackQueryWithAToast) {
  FakeHttpServer server(accepting());
  Destination to = ephemeral_in_group();
  to.reply_token = "4382bfdwdsb323b2d9";
  const auto result = send(sender(server), to, text("Thanks for sharing!"));

  EXPECT_EQ(result.outcome, SendOutcome::sent) << result.error;
  ASSERT_EQ(server.request_count(), 1u) << "a reply that fits a toast is only the toast";
  const auto request = server.requests()[0];
  EXPECT_EQ(method_of(request), "answerCallbackQuery");
  EXPECT_EQ(body_of(request)["callback_query_id"], "4382bfdwdsb323b2d9");
  EXPECT_EQ(body_of(request)["text"], "Thanks for sharing!");
}

TEST_F(TelegramSenderTest, AnswersTheCallbackQueryAndSendsALargerReplyPrivately) {
  FakeHttpServer server(accepting());
  Destination to = ephemeral_in_group();
  to.reply_token = "cbq-2";
  OutgoingMessage message = text("Your personal links for this post:");
  message.buttons = {Button{"LinkedIn", "https://example.org/s/abc", {}, {}, ButtonStyle::primary}};
  const auto result = send(sender(server), to, message);

  EXPECT_EQ(result.outcome, SendOutcome::sent) << result.error;
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(method_of(requests[0]), "answerCallbackQuery") << "the spinner stops first";
  EXPECT_EQ(body_of(requests[0])["text"], "Your personal links for this post:");
  EXPECT_EQ(method_of(requests[1]), "sendMessage");
  EXPECT_EQ(body_of(requests[1])["chat_id"], 555);
}

TEST_F(TelegramSenderTest, AnswersTheCallbackQueryEvenWhenTheToastIsEmpty) {
  FakeHttpServer server(accepting());
  Destination to = ephemeral_in_group();
  to.reply_token = "cbq-3";
  const auto result = send(sender(server), to, OutgoingMessage{});

  EXPECT_EQ(result.outcome, SendOutcome::sent) << result.error;
  ASSERT_EQ(server.request_count(), 1u);
  EXPECT_EQ(method_of(server.requests()[0]), "answerCallbackQuery");
  EXPECT_FALSE(body_of(server.requests()[0]).contains("text"));
}

TEST_F(TelegramSenderTest, SendsTheReplyAsAMessageWhenTheCallbackQueryExpired) {
  FakeHttpServer server([](const RecordedRequest& request) {
    if (method_of(request) == "answerCallbackQuery")
      return FakeResponse::json(
          400,
          R"({"ok":false,"error_code":400,"description":"Bad Request: query is too old and response timeout expired or query ID is invalid"})");
    return sent_message(7);
  });
  Destination to = ephemeral_in_group();
  to.reply_token = "cbq-old";
  const auto result = send(sender(server), to, text("Thanks for sharing!"));

  EXPECT_EQ(result.outcome, SendOutcome::sent) << result.error;
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(method_of(requests[1]), "sendMessage");
  EXPECT_EQ(body_of(requests[1])["chat_id"], 555);
  EXPECT_EQ(body_of(requests[1])["text"], "Thanks for sharing!");
}

TEST_F(TelegramSenderTest, SendsAnEphemeralReplyToThePrivateChat) {
  FakeHttpServer server(accepting());
  Destination to = ephemeral_in_group();
  to.thread_id = "77";
  const auto result = send(sender(server), to, text("Welcome, you joined Wijkbeheer."));

  EXPECT_EQ(result.outcome, SendOutcome::sent) << result.error;
  ASSERT_EQ(server.request_count(), 1u);
  const auto body = body_of(server.requests()[0]);
  EXPECT_EQ(body["chat_id"], 555);
  EXPECT_FALSE(body.contains("message_thread_id")) << "the group's topic does not exist in the private chat";
}

TEST_F(TelegramSenderTest, FallsBackToTheGroupWhenThePrivateChatIsForbidden) {
  FakeHttpServer server([](const RecordedRequest& request) {
    if (body_of(request)["chat_id"] == 555) return cannot_initiate();
    return sent_message(9);
  });
  Destination to = ephemeral_in_group();
  to.thread_id = "77";
  const auto result = send(sender(server), to, text("Welcome, you joined Wijkbeheer."));

  EXPECT_EQ(result.outcome, SendOutcome::sent) << result.error;
  EXPECT_FALSE(result.deactivate_destination) << "the group is fine: nothing may be deactivated";
  EXPECT_EQ(result.message_id, "9");
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(body_of(requests[0])["chat_id"], 555);
  EXPECT_EQ(body_of(requests[1])["chat_id"], -1001);
  EXPECT_EQ(body_of(requests[1])["message_thread_id"], 77) << "in the group, the reply stays in its topic";
}

TEST_F(TelegramSenderTest, SendsToThePrivateChatForAUserOnlyDestination) {
  FakeHttpServer server(accepting());
  const auto result = send(sender(server), Destination{"telegram", "", "", kUser, false, {}, {}}, text("New post"));

  EXPECT_EQ(result.outcome, SendOutcome::sent) << result.error;
  ASSERT_EQ(server.request_count(), 1u);
  EXPECT_EQ(body_of(server.requests()[0])["chat_id"], 555);
}

TEST_F(TelegramSenderTest, AnEditReplacesTheMessageAndDropsItsKeyboard) {
  FakeHttpServer server([](const RecordedRequest&) { return sent_message(42); });
  auto to = group();
  to.edit_message_id = "42";
  OutgoingMessage withdrawn = text("This suggestion was withdrawn.");
  withdrawn.title = "New park";
  const auto result = send(sender(server), to, withdrawn);

  EXPECT_EQ(result.outcome, SendOutcome::sent) << result.error;
  EXPECT_EQ(result.message_id, "42");
  ASSERT_EQ(server.request_count(), 1u);
  const auto request = server.requests()[0];
  EXPECT_EQ(method_of(request), "editMessageText");
  const auto body = body_of(request);
  EXPECT_EQ(body["chat_id"], -1001);
  EXPECT_EQ(body["message_id"], 42);
  EXPECT_EQ(body["text"], "<b>New park</b>\n\nThis suggestion was withdrawn.");
  EXPECT_FALSE(body.contains("reply_markup"));
}

TEST_F(TelegramSenderTest, AnEditOfAPrivateMessageGoesToTheUsersChat) {
  FakeHttpServer server([](const RecordedRequest&) { return sent_message(7); });
  Destination to{"telegram", "", "", kUser, false, {}, {}};
  to.edit_message_id = "7";
  const auto result = send(sender(server), to, text("This suggestion was withdrawn."));

  EXPECT_EQ(result.outcome, SendOutcome::sent) << result.error;
  ASSERT_EQ(server.request_count(), 1u);
  EXPECT_EQ(method_of(server.requests()[0]), "editMessageText");
  EXPECT_EQ(body_of(server.requests()[0])["chat_id"], 555);
}

TEST_F(TelegramSenderTest, AnEditThatChangesNothingCountsAsSentWithTheMessagesId) {
  FakeHttpServer server([](const RecordedRequest&) {
    return FakeResponse::json(400,
                              R"({"ok":false,"error_code":400,"description":"Bad Request: message is not modified: )"
                              R"(specified new message content and reply markup are exactly the same"})");
  });
  auto to = group();
  to.edit_message_id = "42";
  const auto result = send(sender(server), to, text("This suggestion was withdrawn."));

  EXPECT_EQ(result.outcome, SendOutcome::sent) << result.error;
  EXPECT_EQ(result.message_id, "42");
}

// A recalled post that went out in three parts becomes one note: the first part is replaced, the others deleted.
TEST_F(TelegramSenderTest, AnEditOfAMessageSentInPartsReplacesTheFirstAndDeletesTheRest) {
  FakeHttpServer server(accepting());
  auto to = group();
  to.edit_message_id = "101,102,103";
  const auto result = send(sender(server), to, text("This suggestion was withdrawn."));

  EXPECT_EQ(result.outcome, SendOutcome::sent) << result.error;
  EXPECT_EQ(result.message_id, "101");
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(method_of(requests[0]), "editMessageText");
  EXPECT_EQ(body_of(requests[0])["message_id"], 101);
  EXPECT_EQ(method_of(requests[1]), "deleteMessages");
  EXPECT_EQ(body_of(requests[1]), (json{{"chat_id", -1001}, {"message_ids", {102, 103}}}));
}

// Telegram's answers, as the calls of a recall see them.
FakeHttpServer::Handler recall_answers(FakeResponse to_delete, FakeResponse to_edit_first) {
  return [to_delete, to_edit_first](const RecordedRequest& request) {
    if (method_of(request) == "deleteMessages") return to_delete;
    const int id = body_of(request)["message_id"].get<int>();
    return id == 101 ? to_edit_first : sent_message(id);
  };
}

FakeResponse bad_request(const std::string& description) {
  return FakeResponse::json(400, json{{"ok", false}, {"error_code", 400}, {"description", description}}.dump());
}

std::vector<std::string> calls_of(const FakeHttpServer& server) {
  std::vector<std::string> calls;
  for (const auto& request : server.requests()) {
    const auto body = body_of(request);
    calls.push_back(method_of(request) + " " +
                    (body.contains("message_id") ? body["message_id"] : body["message_ids"]).dump());
  }
  return calls;
}

// Past 48 hours a bot may not delete its messages, but it may still edit them: the parts show the note too.
TEST_F(TelegramSenderTest, PartsTooOldToDeleteAreReplacedInstead) {
  FakeHttpServer server(
      recall_answers(bad_request("Bad Request: message can't be deleted for everyone"), sent_message(101)));
  auto to = group();
  to.edit_message_id = "101,102,103";
  const auto result = send(sender(server), to, text("This suggestion was withdrawn."));

  EXPECT_EQ(result.outcome, SendOutcome::sent) << result.error;
  EXPECT_EQ(calls_of(server), (std::vector<std::string>{"editMessageText 101", "deleteMessages [102,103]",
                                                        "editMessageText 102", "editMessageText 103"}));
}

// An admin deleted the first part: the rest, with the buttons, must still go.
TEST_F(TelegramSenderTest, AMissingFirstPartDoesNotStopTheRecall) {
  FakeHttpServer server(recall_answers(FakeResponse::json(200, R"({"ok":true,"result":true})"),
                                       bad_request("Bad Request: message to edit not found")));
  auto to = group();
  to.edit_message_id = "101,102";
  const auto result = send(sender(server), to, text("This suggestion was withdrawn."));

  EXPECT_EQ(result.outcome, SendOutcome::sent) << result.error;
  EXPECT_EQ(calls_of(server), (std::vector<std::string>{"editMessageText 101", "deleteMessages [102]"}));

  to.edit_message_id = "101";  // a one-part message that is gone: the withdrawal failed
  EXPECT_EQ(send(sender(server), to, text("This suggestion was withdrawn.")).outcome, SendOutcome::permanent);
}

TEST_F(TelegramSenderTest, ATransientFailureOfALaterPartRetriesTheWholeEdit) {
  FakeHttpServer server(recall_answers(too_many_requests(2), sent_message(101)));
  auto to = group();
  to.edit_message_id = "101,102";
  const auto result = send(sender(server), to, text("This suggestion was withdrawn."));
  EXPECT_EQ(result.outcome, SendOutcome::rate_limited);
  EXPECT_EQ(result.retry_after, std::chrono::seconds(2));
}

TEST_F(TelegramSenderTest, TooManyRequestsIsRateLimitedWithRetryAfter) {
  FakeHttpServer server([](const RecordedRequest&) { return too_many_requests(3); });
  const auto result = send(sender(server), group(), text("hello"));

  EXPECT_EQ(result.outcome, SendOutcome::rate_limited);
  EXPECT_EQ(result.retry_after, std::chrono::seconds(3));
  EXPECT_FALSE(result.deactivate_destination);
}

TEST_F(TelegramSenderTest, BlockedIsPermanentAndDeactivatesTheDestination) {
  FakeHttpServer server([](const RecordedRequest&) { return blocked(); });
  const auto result = send(sender(server), Destination{"telegram", "", "", kUser, false, {}, {}}, text("New post"));

  EXPECT_EQ(result.outcome, SendOutcome::permanent);
  EXPECT_TRUE(result.deactivate_destination);
  EXPECT_THAT(result.error, HasSubstr("blocked"));
}

TEST_F(TelegramSenderTest, AFailedPartStopsTheSendAndTheRetrySendsOnlyTheRest) {
  std::atomic<int> calls{0};
  FakeHttpServer server([&calls](const RecordedRequest&) {
    const int call = ++calls;
    return call == 2 ? too_many_requests(1) : sent_message(200 + call);
  });
  TelegramSender& telegram = sender(server);
  const OutgoingMessage message = text(long_text(1200));  // 7,200 characters: two parts
  ASSERT_EQ(split_message(message.text).size(), 2u);

  const auto first = send(telegram, group(), message);
  EXPECT_EQ(first.outcome, SendOutcome::rate_limited);
  EXPECT_EQ(server.request_count(), 2u) << "nothing is sent after the failed part";
  EXPECT_EQ(telegram.partial_sends(), 1u);

  const auto retry = send(telegram, group(), message);
  EXPECT_EQ(retry.outcome, SendOutcome::sent) << retry.error;
  EXPECT_EQ(retry.message_id, "201,203");
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u) << "part 1 landed the first time and is not repeated";
  EXPECT_EQ(body_of(requests[2])["text"], body_of(requests[1])["text"]) << "the retry starts at the failed part";
  EXPECT_EQ(telegram.partial_sends(), 0u);
}

TEST_F(TelegramSenderTest, ServerErrorsAreRetried) {
  FakeHttpServer server([](const RecordedRequest&) {
    return FakeResponse::json(502, R"({"ok":false,"error_code":502,"description":"Bad Gateway"})");
  });
  const auto result = send(sender(server), group(), text("hello"));
  EXPECT_EQ(result.outcome, SendOutcome::retry);
}

TEST_F(TelegramSenderTest, ATransportFailureIsRetriedAndNeverShowsTheToken) {
  const std::uint16_t closed_port = 1;  // tcpmux: never served here, unlike a just-closed test port
  TelegramSender telegram(*client_, "http://127.0.0.1:" + std::to_string(closed_port), kToken);
  const auto result = send(telegram, group(), text("hello"));

  EXPECT_EQ(result.outcome, SendOutcome::retry);
  EXPECT_THAT(result.error, Not(HasSubstr(kToken)));
  EXPECT_THAT(result.error, Not(HasSubstr("AAFakeToken")));
}

TEST_F(TelegramSenderTest, AMessageWithoutTextIsAPermanentFailure) {
  FakeHttpServer server(accepting());
  OutgoingMessage message;
  message.buttons = {Button{"Skip", {}, "post.skip", "p1", ButtonStyle::normal}};
  const auto result = send(sender(server), group(), message);
  EXPECT_EQ(result.outcome, SendOutcome::permanent);
  EXPECT_EQ(server.request_count(), 0u);
}

}  // namespace
}  // namespace ambassador::adapters::telegram
