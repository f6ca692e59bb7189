// The whole service with Telegram enabled, against a fake Bot API on loopback: webhook in, Bot API calls out.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "../integration/running_application.hpp"
#include "adapters/telegram/html_text.hpp"
#include "adapters/telegram/rate_policy.hpp"
#include "bot/content/time_parsing.hpp"
#include "bot/i18n/catalog.hpp"
#include "bot/message_codec.hpp"
#include "bot/rate_limiter.hpp"
#include "fake_http_server.hpp"
#include "storage/ambassador_repository.hpp"
#include "storage/directory_repository.hpp"
#include "storage/inbox_repository.hpp"
#include "storage/post_repository.hpp"
#include "storage/store.hpp"
#include "storage/tracking_repository.hpp"

namespace ambassador {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace ambassador::testing;
using adapters::telegram::escape_html;
using i18n::Msg;
using nlohmann::json;

const std::string kSuffix = std::to_string(::getpid());
const std::string kTokenVariable = "AMBASSADOR_TG_E2E_BOT_TOKEN_" + kSuffix;
const std::string kSecretVariable = "AMBASSADOR_TG_E2E_WEBHOOK_SECRET_" + kSuffix;
const std::string kEditorVariable = "AMBASSADOR_TG_E2E_EDITOR_TOKEN_" + kSuffix;
constexpr const char* kBotToken = "987654321:AAE2eTestToken_do-not-log";
constexpr const char* kSecret = "e2e-webhook-secret_0123456789";
constexpr const char* kEditorToken = "e2e-editor-token-0123456789abcdef";
constexpr const char* kBotName = "TestAmbassadorBot";
constexpr auto kDeadline = std::chrono::seconds(20);

std::string english(Msg msg, const i18n::Args& args = {}) { return i18n::translate(i18n::Language::en, msg, args); }

std::string config_toml(const std::string& api_base_url) {
  std::string departments;
  for (const auto& [id, chat] : {std::pair{"noord", "-1001"}, {"zuid", "-1002"}, {"west", "-1003"}}) {
    departments += std::string("[[departments]]\nid = \"") + id + "\"\nname = \"Team " + id +
                   "\"\n\n  [[departments.channels]]\n  platform = \"telegram\"\n  id = \"" + chat + "\"\n\n";
  }
  // Webcare's own group; questions about "afval" go to team noord.
  departments +=
      "[[departments]]\nid = \"webcare\"\nname = \"Webcare\"\n\n  [[departments.channels]]\n"
      "  platform = \"telegram\"\n  id = \"-1008\"\n  purpose = \"webcare\"\n\n"
      "[webcare]\ndefault_department = \"noord\"\n"
      "digest_time = \"\"  # no dagstart: these tests count every message, at any time of day\n\n";
  return R"(themes = ["groen"]

[organisation]
name = "E2E"
language = "en"
time_zone = "Europe/Amsterdam"

[log]
level = "warn"

)" + departments +
         R"(
[[api_tokens]]
name = "editors"
token = "env:)" +
         kEditorVariable + R"("
role = "editor"

[platforms.local]
enabled = false

[platforms.telegram]
enabled = true
api_base_url = ")" +
         api_base_url + R"("
bot_username = ")" +
         kBotName + R"("
bot_token = "env:)" +
         kTokenVariable + R"("
webhook_secret = "env:)" +
         kSecretVariable + R"("
)";
}

std::string method_of(const RecordedRequest& request) { return request.target.substr(request.target.rfind('/') + 1); }

// A fake Bot API: numbers accepted messages, and lets a test answer some requests differently first.
class FakeTelegram {
 public:
  // Return a response to override the normal answer for this request.
  using Override = std::function<std::optional<FakeResponse>(const RecordedRequest&, const json& body)>;

  FakeTelegram() : server_([this](const RecordedRequest& request) { return answer(request); }) {}

  std::string url() const { return server_.url(""); }
  void set_override(Override override) {
    std::lock_guard lock(mutex_);
    override_ = std::move(override);
  }

  struct Call {
    std::string method;
    json body;
    bool accepted = false;
  };
  std::vector<Call> calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }
  std::vector<Call> calls(const std::string& method) const {
    std::vector<Call> out;
    for (auto& call : calls())
      if (call.method == method) out.push_back(call);
    return out;
  }
  // Accepted sendMessage calls to a chat.
  std::vector<json> messages_to(std::int64_t chat) const {
    std::vector<json> out;
    for (auto& call : calls("sendMessage"))
      if (call.accepted && call.body.value("chat_id", std::int64_t{0}) == chat) out.push_back(call.body);
    return out;
  }
  bool wait_until(const std::function<bool()>& condition) const {
    const auto deadline = std::chrono::steady_clock::now() + kDeadline;
    while (!condition()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
  }
  std::vector<RecordedRequest> raw_requests() const { return server_.requests(); }

 private:
  FakeResponse answer(const RecordedRequest& request) {
    const auto body = json::parse(request.body.empty() ? "{}" : request.body, nullptr, false);
    std::lock_guard lock(mutex_);
    Call call{method_of(request), body, false};
    std::optional<FakeResponse> special = override_ ? override_(request, body) : std::nullopt;
    FakeResponse response;
    if (special) {
      response = std::move(*special);
    } else if (call.method == "sendMessage") {
      call.accepted = true;
      response = FakeResponse::json(200, json{{"ok", true},
                                              {"result",
                                               {{"message_id", ++next_id_},
                                                {"date", 1700000000},
                                                {"chat", {{"id", body["chat_id"]}}},
                                                {"text", "..."}}}}
                                             .dump());
    } else {
      call.accepted = true;
      response = FakeResponse::json(200, R"({"ok":true,"result":true})");
    }
    calls_.push_back(std::move(call));
    return response;
  }

  mutable std::mutex mutex_;
  Override override_;
  std::vector<Call> calls_;
  int next_id_ = 0;
  FakeHttpServer server_;  // last: its thread stops before the state it uses goes
};

json private_message(std::int64_t update_id, std::int64_t user, const std::string& text) {
  return {{"update_id", update_id},
          {"message",
           {{"message_id", update_id},
            {"from",
             {{"id", user}, {"is_bot", false}, {"first_name", "User"}, {"username", "user" + std::to_string(user)}}},
            {"chat", {{"id", user}, {"type", "private"}, {"first_name", "User"}}},
            {"date", 1700000000},
            {"text", text}}}};
}

json group_message(std::int64_t update_id, std::int64_t chat, std::int64_t user, const std::string& text) {
  return {{"update_id", update_id},
          {"message",
           {{"message_id", update_id},
            {"from", {{"id", user}, {"is_bot", false}, {"first_name", "Member"}}},
            {"chat", {{"id", chat}, {"type", "supergroup"}, {"title", "Team"}}},
            {"date", 1700000000},
            {"text", text}}}};
}

json callback(std::int64_t update_id, std::int64_t chat, std::int64_t user, const std::string& query_id,
              const std::string& data) {
  return {{"update_id", update_id},
          {"callback_query",
           {{"id", query_id},
            {"from", {{"id", user}, {"is_bot", false}, {"first_name", "Member"}}},
            {"message",
             {{"message_id", 1},
              {"date", 1700000000},
              {"chat", {{"id", chat}, {"type", "supergroup"}, {"title", "Team"}}},
              {"text", "post"}}},
            {"chat_instance", "-42"},
            {"data", data}}}};
}

json membership(std::int64_t update_id, std::int64_t chat, const std::string& old_status,
                const std::string& new_status) {
  const json bot{{"id", 987654321}, {"is_bot", true}, {"first_name", "Bot"}, {"username", kBotName}};
  return {{"update_id", update_id},
          {"my_chat_member",
           {{"chat", {{"id", chat}, {"type", "supergroup"}, {"title", "New team"}}},
            {"from", {{"id", 42}, {"is_bot", false}, {"first_name", "Admin"}}},
            {"date", 1700000000},
            {"old_chat_member", {{"user", bot}, {"status", old_status}}},
            {"new_chat_member", {{"user", bot}, {"status", new_status}}}}}};
}

class TelegramEndToEnd : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    spdlog::set_level(spdlog::level::warn);
    ::setenv(kTokenVariable.c_str(), kBotToken, 1);
    ::setenv(kSecretVariable.c_str(), kSecret, 1);
    ::setenv(kEditorVariable.c_str(), kEditorToken, 1);
  }

  void SetUp() override {
    auto result = config::parse_config(config_toml(telegram_.url()), "telegram_e2e.toml");
    ASSERT_TRUE(result.ok()) << result.errors.front().to_string();
    result.config.http.port = 0;
    result.config.storage.data_dir = data_dir_.path().string();
    running_ = std::make_unique<RunningApplication>(std::move(result.config));
  }

  void TearDown() override { running_.reset(); }

  std::uint16_t port() const { return running_->port(); }

  std::optional<HttpReply> webhook(const std::string& body, std::optional<std::string> secret = std::string(kSecret)) {
    std::vector<std::string> headers;
    if (secret) headers.push_back("X-Telegram-Bot-Api-Secret-Token: " + *secret);
    return http_exchange(port(), raw_request("POST", "/telegram/webhook", headers, body, "application/json"));
  }
  void deliver(const json& update) {
    const auto reply = webhook(update.dump());
    ASSERT_TRUE(reply);
    ASSERT_EQ(reply->status, 200) << reply->body;
  }

  std::int64_t inbox_rows() {
    std::int64_t count = 0;
    running_->app().store().read_sync(
        [&](storage::Connection& db) { count = storage::InboxRepository(db).count_for_platform("telegram"); });
    return count;
  }

  std::optional<storage::ChannelRecord> channel(const std::string& id) {
    std::optional<storage::ChannelRecord> found;
    running_->app().store().read_sync(
        [&](storage::Connection& db) { found = storage::DirectoryRepository(db).channel("telegram", "", id); });
    return found;
  }

  std::optional<HttpReply> api(const std::string& method, const std::string& target, const std::string& body = {}) {
    return http_exchange(port(), raw_request(method, target, {"Authorization: Bearer " + std::string(kEditorToken)},
                                             body, body.empty() ? "" : "application/json"));
  }

  // Creates a post that is due now; returns its id.
  std::int64_t publish(json post) {
    post["publish_at"] = content::format_utc(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count());
    const auto reply = api("POST", "/api/v1/posts", post.dump());
    EXPECT_TRUE(reply);
    if (!reply) return 0;
    EXPECT_EQ(reply->status, 201) << reply->body;
    return json::parse(reply->body).value("id", std::int64_t{0});
  }

  // Every delivery of the post settled as sent.
  bool all_sent(std::int64_t post_id, std::size_t expected) {
    const auto reply = api("GET", "/api/v1/posts/" + std::to_string(post_id) + "/deliveries");
    if (!reply || reply->status != 200) return false;
    const auto body = json::parse(reply->body, nullptr, false);
    if (body.is_discarded()) return false;
    const json& items = body.is_array() ? body : body.value("deliveries", json::array());
    if (items.size() != expected) return false;
    for (const auto& item : items)
      if (item.value("status", "") != "sent") return false;
    return true;
  }

  // Events are handled in order: once a later private "/help" is answered, everything before it was handled.
  void sentinel(std::int64_t update_id) {
    const std::int64_t user = 9000 + update_id;
    deliver(private_message(update_id, user, "/help"));
    ASSERT_TRUE(telegram_.wait_until([&] { return !telegram_.messages_to(user).empty(); }))
        << "the sentinel was never answered";
  }

  TempDir data_dir_;
  FakeTelegram telegram_;
  std::unique_ptr<RunningApplication> running_;
};

TEST_F(TelegramEndToEnd, AcceptsOnlyUpdatesWithTheSecretToken) {
  const std::string update = private_message(1, 555, "/help").dump();
  const auto wrong = webhook(update, std::string("not-the-secret"));
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  const auto missing = webhook(update, std::nullopt);
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 401);
  EXPECT_EQ(inbox_rows(), 0) << "a rejected update is not stored";

  const auto right = webhook(update);
  ASSERT_TRUE(right);
  EXPECT_EQ(right->status, 200);
  EXPECT_EQ(inbox_rows(), 1);
  EXPECT_TRUE(telegram_.wait_until([&] { return telegram_.messages_to(555).size() == 1; }));
}

TEST_F(TelegramEndToEnd, TheSameUpdateTwiceIsHandledOnce) {
  const auto update = private_message(10, 555, "/help");
  deliver(update);
  deliver(update);  // Telegram redelivers when it missed our answer
  // The answer goes to another chat than the sentinel's: wait for it, so the sentinel proves no second one follows.
  ASSERT_TRUE(telegram_.wait_until([&] { return !telegram_.messages_to(555).empty(); }));
  sentinel(11);
  EXPECT_EQ(inbox_rows(), 2);
  EXPECT_EQ(telegram_.messages_to(555).size(), 1u);
}

TEST_F(TelegramEndToEnd, AnswersCommandsInAGroupAndInAPrivateChat) {
  deliver(group_message(20, -1001, 777, std::string("/join@") + kBotName));
  ASSERT_TRUE(telegram_.wait_until([&] { return telegram_.messages_to(777).size() == 1; }))
      << "the answer to /join in a group goes to the member's private chat";
  EXPECT_EQ(telegram_.messages_to(777)[0]["text"], escape_html(english(Msg::join_ok, {{"department", "Team noord"}})));
  EXPECT_TRUE(telegram_.messages_to(-1001).empty()) << "the group is not spammed with personal answers";

  deliver(private_message(21, 777, "/start"));
  deliver(private_message(22, 777, "/help"));
  ASSERT_TRUE(telegram_.wait_until([&] { return telegram_.messages_to(777).size() == 3; }));
  const auto messages = telegram_.messages_to(777);
  EXPECT_EQ(messages[1]["text"], escape_html(english(Msg::start_already)));
  EXPECT_EQ(messages[2]["text"], escape_html(english(Msg::help)));

  // "/join@otherbot" is for another bot in the group.
  deliver(group_message(23, -1001, 778, "/join@SomeOtherBot"));
  sentinel(24);
  EXPECT_TRUE(telegram_.messages_to(778).empty());
}

TEST_F(TelegramEndToEnd, AShareButtonIsRecordedAndTheCallbackAnswered) {
  deliver(group_message(30, -1001, 777, "/join"));
  ASSERT_TRUE(telegram_.wait_until([&] { return telegram_.messages_to(777).size() == 1; }));
  const auto post_id =
      publish({{"title", "Park opening"}, {"link_url", "https://example.org/park"}, {"departments", {"noord"}}});
  ASSERT_GT(post_id, 0);
  ASSERT_TRUE(telegram_.wait_until([&] { return telegram_.messages_to(-1001).size() == 1; }));
  const auto keyboard = telegram_.messages_to(-1001)[0]["reply_markup"].dump();
  EXPECT_THAT(keyboard, HasSubstr("share.confirm|p" + std::to_string(post_id)));

  deliver(callback(31, -1001, 777, "query-31", "share.confirm|p" + std::to_string(post_id)));
  ASSERT_TRUE(telegram_.wait_until([&] { return !telegram_.calls("answerCallbackQuery").empty(); }));
  const auto answer = telegram_.calls("answerCallbackQuery")[0].body;
  EXPECT_EQ(answer["callback_query_id"], "query-31");
  EXPECT_EQ(answer.value("text", ""), english(Msg::share_thanks));

  storage::PersonalStats stats;
  running_->app().store().read_sync([&](storage::Connection& db) {
    const auto ambassador = storage::AmbassadorRepository(db).find_by_identity({"telegram", "", "777"});
    ASSERT_TRUE(ambassador);
    stats = storage::TrackingRepository(db).personal_stats(ambassador->id);
  });
  EXPECT_EQ(stats.shares, 1);

  // A button nobody handles is answered too (the spinner must stop).
  deliver(callback(32, -1001, 777, "query-32", "gone.action|x"));
  ASSERT_TRUE(telegram_.wait_until([&] { return telegram_.calls("answerCallbackQuery").size() == 2; }));
  EXPECT_EQ(telegram_.calls("answerCallbackQuery")[1].body["callback_query_id"], "query-32");
}

// Webcare on Telegram: asked in webcare's group, the question reaches the department's group masked with an
// "I'll take it" button; the press gives the claimant the full text in a private chat; the answer goes back to
// webcare's group (masked) and to the asker privately (unmasked).
TEST_F(TelegramEndToEnd, AWebcareQuestionIsClaimedWithTheButtonAndAnsweredBackToWebcare) {
  deliver(group_message(60, -1008, 555, "/ask noord: Bel me op 06-12345678"));
  ASSERT_TRUE(telegram_.wait_until([&] { return !telegram_.messages_to(-1001).empty(); }));
  const auto question = telegram_.messages_to(-1001)[0];
  EXPECT_THAT(question["text"].get<std::string>(), HasSubstr("[phone]"));
  EXPECT_THAT(question["text"].get<std::string>(), Not(HasSubstr("06-12345678")));
  const std::string keyboard = question["reply_markup"].dump();
  const auto at = keyboard.find("webcare.claim|");
  ASSERT_NE(at, std::string::npos) << keyboard;
  const std::string reference = keyboard.substr(at + 14, 11);
  ASSERT_THAT(reference, ::testing::StartsWith("W-"));

  deliver(callback(61, -1001, 777, "query-61", "webcare.claim|" + reference));
  ASSERT_TRUE(telegram_.wait_until([&] {
    for (const auto& m : telegram_.messages_to(777))
      if (m["text"].get<std::string>().find("06-12345678") != std::string::npos) return true;
    return false;
  })) << "the claimant gets the full question privately";
  ASSERT_TRUE(telegram_.wait_until([&] { return !telegram_.calls("answerCallbackQuery").empty(); }));
  EXPECT_EQ(telegram_.calls("answerCallbackQuery")[0].body["callback_query_id"], "query-61");

  deliver(group_message(62, -1001, 777, "/answer " + reference + ": Tomorrow. Questions? 020-1234567"));
  ASSERT_TRUE(telegram_.wait_until([&] {
    for (const auto& m : telegram_.messages_to(-1008))
      if (m["text"].get<std::string>().find("Answer to " + reference) != std::string::npos) return true;
    return false;
  }));
  for (const auto& m : telegram_.messages_to(-1008))
    EXPECT_THAT(m["text"].get<std::string>(), Not(HasSubstr("020-1234567")));
  ASSERT_TRUE(telegram_.wait_until([&] {
    for (const auto& m : telegram_.messages_to(555))
      if (m["text"].get<std::string>().find("020-1234567") != std::string::npos) return true;
    return false;
  })) << "the asker gets the answer unmasked in a private chat";
}

TEST_F(TelegramEndToEnd, BeingAddedRegistersAGroupAndBeingKickedDeactivatesIt) {
  deliver(membership(40, -1009, "left", "member"));
  ASSERT_TRUE(telegram_.wait_until([&] { return telegram_.messages_to(-1009).size() == 1; }))
      << "the bot introduces itself in the new group";
  auto added = channel("-1009");
  ASSERT_TRUE(added);
  EXPECT_TRUE(added->active);
  EXPECT_EQ(added->department_id, "") << "an admin links it to a department";

  deliver(membership(41, -1009, "member", "kicked"));
  sentinel(42);
  auto removed = channel("-1009");
  ASSERT_TRUE(removed);
  EXPECT_FALSE(removed->active);
}

TEST_F(TelegramEndToEnd, AcknowledgesMalformedAndUnknownUpdatesWithoutStoringThem) {
  // Telegram would repeat an update answered non-2xx, holding up the ones behind it; retrying cannot mend it.
  const auto malformed = webhook("{\"update_id\": 50, \"message\": ");
  ASSERT_TRUE(malformed);
  EXPECT_EQ(malformed->status, 200);
  const auto invalid_utf8 = webhook("{\"update_id\": 52, \"message\": {\"text\": \"\xC3\x28\"}}");
  ASSERT_TRUE(invalid_utf8);
  EXPECT_EQ(invalid_utf8->status, 200);

  const auto unknown = webhook(R"({"update_id":51,"poll":{"id":"1","question":"?","options":[]}})");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 200);
  EXPECT_EQ(inbox_rows(), 0);
}

TEST_F(TelegramEndToEnd, APostGoesToEveryDepartmentGroupOnceAndEscaped) {
  const auto post_id = publish({{"title", "Launch <script>&"},
                                {"body", "Read & share: a < b"},
                                {"link_url", "https://example.org/launch?a=1&b=2"},
                                {"departments", {"noord", "zuid", "west"}}});
  ASSERT_GT(post_id, 0);
  ASSERT_TRUE(telegram_.wait_until([&] { return all_sent(post_id, 3); }));
  for (const std::int64_t chat : {-1001, -1002, -1003}) {
    const auto messages = telegram_.messages_to(chat);
    ASSERT_EQ(messages.size(), 1u) << "chat " << chat;
    const auto text = messages[0]["text"].get<std::string>();
    EXPECT_THAT(text, HasSubstr("<b>Launch &lt;script&gt;&amp;</b>"));
    EXPECT_THAT(text, HasSubstr("Read &amp; share: a &lt; b"));
    EXPECT_THAT(text, Not(HasSubstr("<script>")));
    EXPECT_EQ(messages[0]["parse_mode"], "HTML");
  }
  EXPECT_EQ(telegram_.calls("sendMessage").size(), 3u);
}

TEST_F(TelegramEndToEnd, ALongPostIsSplitIntoPartsWithinTheLimit) {
  // The API caps a body at 5,000 characters; a longer one (an import, a later limit) must still be deliverable.
  std::string body;
  while (body.size() < 10'000) body += "Sentence number " + std::to_string(body.size()) + " of a long story. ";
  body.resize(10'000);
  running_->app().store().write_sync([&](storage::Connection& db) {
    storage::PostRecord post;
    post.title = "Long read";
    post.body = body;
    post.link_url = "https://example.org/long";
    post.departments = {"zuid"};
    post.status = "scheduled";
    post.publish_at_ms = post.created_at_ms = post.updated_at_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    post.created_by = "test";
    storage::PostRepository(db).insert(post);
  });
  ASSERT_TRUE(telegram_.wait_until([&] { return telegram_.messages_to(-1002).size() >= 3; }));
  sentinel(60);
  const auto parts = telegram_.messages_to(-1002);
  ASSERT_EQ(parts.size(), 3u);
  for (const auto& part : parts) {
    // The visible text (entities decoded) is what Telegram counts; the ASCII body makes bytes = UTF-16 units.
    std::string visible = part["text"].get<std::string>();
    for (const auto& [entity, plain] : {std::pair{"&amp;", "&"},
                                        {"&lt;", "<"},
                                        {"&gt;", ">"},
                                        {"&quot;", "\""},
                                        {"<b>", ""},
                                        {"</b>", ""},
                                        {"<i>", ""},
                                        {"</i>", ""}})
      for (auto at = visible.find(entity); at != std::string::npos; at = visible.find(entity, at))
        visible.replace(at, std::string_view(entity).size(), plain);
    EXPECT_LE(visible.size(), 4096u);
    EXPECT_GT(visible.size(), 1000u);
  }
  EXPECT_THAT(parts[0]["text"].get<std::string>(), HasSubstr("<b>Long read</b>"));
  EXPECT_FALSE(parts[0].contains("reply_markup"));
  EXPECT_TRUE(parts[2].contains("reply_markup")) << "the buttons come with the last part";
}

TEST_F(TelegramEndToEnd, ATooManyRequestsAnswerDelaysButNeverDuplicates) {
  std::atomic<bool> limited{false};
  telegram_.set_override([&limited](const RecordedRequest&, const json&) -> std::optional<FakeResponse> {
    if (limited.exchange(true)) return std::nullopt;
    return FakeResponse::json(429, R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1",)"
                                   R"("parameters":{"retry_after":1}})");
  });
  const auto post_id = publish(
      {{"title", "Rate limited"}, {"link_url", "https://example.org/r"}, {"departments", {"noord", "zuid", "west"}}});
  ASSERT_GT(post_id, 0);
  ASSERT_TRUE(telegram_.wait_until([&] { return all_sent(post_id, 3); }));
  sentinel(70);
  EXPECT_TRUE(limited.load());
  EXPECT_EQ(telegram_.calls("sendMessage").size(), 4u + 1u) << "three deliveries, one 429, one sentinel answer";
  for (const std::int64_t chat : {-1001, -1002, -1003})
    EXPECT_EQ(telegram_.messages_to(chat).size(), 1u) << "chat " << chat;
}

// The Bot API took a sendMessage but its answer was lost. Telegram cannot be asked whether a message arrived, so the
// delivery is sent again (at least once, as the README says) and the possible duplicate is counted in /metrics.
TEST_F(TelegramEndToEnd, AMessageWhoseAnswerWasLostIsSentAgainAndCounted) {
  std::atomic<bool> lost{false};
  telegram_.set_override([&lost](const RecordedRequest&, const json& body) -> std::optional<FakeResponse> {
    if (body.value("chat_id", std::int64_t{0}) != -1001 || lost.exchange(true)) return std::nullopt;
    FakeResponse unanswered;
    unanswered.close_without_answer = true;
    return unanswered;
  });
  const auto post_id =
      publish({{"title", "Lost answer"}, {"link_url", "https://example.org/l"}, {"departments", {"noord"}}});
  ASSERT_GT(post_id, 0);
  ASSERT_TRUE(telegram_.wait_until([&] { return all_sent(post_id, 1); }));
  EXPECT_TRUE(lost.load());
  std::size_t asked = 0;
  for (const auto& call : telegram_.calls("sendMessage")) asked += call.body.value("chat_id", std::int64_t{0}) == -1001;
  EXPECT_EQ(asked, 2u) << "the lost one and the resend";
  const auto metrics = http_exchange(port(), raw_request("GET", "/metrics"));
  ASSERT_TRUE(metrics);
  EXPECT_THAT(metrics->body, HasSubstr("ambassador_outbox_unanswered_total 1"));
  EXPECT_THAT(metrics->body, HasSubstr("ambassador_outbox_resent_unconfirmed_total 1"));
}

TEST_F(TelegramEndToEnd, APostToAGroupThatBecameASupergroupFollowsItToTheNewId) {
  // The update announcing the upgrade never came (e.g. the webhook was down): the send answer is the first news.
  telegram_.set_override([](const RecordedRequest& request, const json& body) -> std::optional<FakeResponse> {
    if (method_of(request) != "sendMessage" || body.value("chat_id", json()) != json(-1001)) return std::nullopt;
    return FakeResponse::json(400, R"({"ok":false,"error_code":400,)"
                                   R"("description":"Bad Request: group chat was upgraded to a supergroup chat",)"
                                   R"("parameters":{"migrate_to_chat_id":-1009001}})");
  });
  const auto post_id =
      publish({{"title", "Moved"}, {"link_url", "https://example.org/m"}, {"departments", {"noord", "zuid"}}});
  ASSERT_GT(post_id, 0);
  ASSERT_TRUE(telegram_.wait_until([&] { return all_sent(post_id, 2); }));
  EXPECT_EQ(telegram_.messages_to(-1009001).size(), 1u);
  EXPECT_EQ(telegram_.messages_to(-1002).size(), 1u);
  const auto moved = channel("-1009001");
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->department_id, "noord") << "the group keeps its department under its new id";
  EXPECT_FALSE(channel("-1001"));
}

TEST_F(TelegramEndToEnd, NeverPutsTheBotTokenAnywhereButTheRequestPath) {
  deliver(private_message(80, 555, "/help"));
  ASSERT_TRUE(telegram_.wait_until([&] { return telegram_.messages_to(555).size() == 1; }));
  for (const auto& request : telegram_.raw_requests()) {
    EXPECT_EQ(request.target, std::string("/bot") + kBotToken + "/sendMessage");
    EXPECT_THAT(request.body, Not(HasSubstr(kBotToken)));
  }
}

// The outbox's pacing key for a destination, as bot/outbox_dispatcher.cpp makes it: a private answer is paced per
// person, anything else per chat.
std::string pacing_key(const Destination& to) {
  const bool personal = to.ephemeral || !to.reply_token.empty() || to.channel_id.empty();
  return to.workspace + "/" + (personal ? "user:" + to.user_id : to.channel_id);
}

// Two quick commands in a private chat: Telegram's 20 a minute is a group's limit, so the answers are not 3 s apart.
TEST_F(TelegramEndToEnd, QuickAnswersInAPrivateChatAreNotPacedLikeAGroup) {
  deliver(private_message(90, 888, "/help"));
  deliver(private_message(91, 888, "/help"));
  ASSERT_TRUE(telegram_.wait_until([&] { return telegram_.messages_to(888).size() == 2; }));

  std::vector<Destination> answers;
  running_->app().store().read_sync([&](storage::Connection& db) {
    auto& query = db.prepare("SELECT destination FROM outbox WHERE platform = 'telegram' ORDER BY id");
    query.reset();
    while (query.executeStep())
      if (auto to = decode_destination(query.getColumn(0).getString())) answers.push_back(std::move(*to));
    query.reset();
  });
  ASSERT_EQ(answers.size(), 2u);
  // The slots the service's limiter gives them, both asked for at one steady instant.
  const auto& delivery = running_->app().config().delivery;
  RateLimiter limiter(
      adapters::telegram::rate_policy(delivery.global_rate_per_second, delivery.channel_rate_per_second));
  const RateLimiter::Clock::time_point asked{std::chrono::hours(1)};
  const auto first = limiter.reserve(pacing_key(answers[0]), asked);
  const auto second = limiter.reserve(pacing_key(answers[1]), asked);
  EXPECT_EQ(first, asked);
  EXPECT_LE(second - first, std::chrono::seconds(1)) << "pacing key " << pacing_key(answers[1]);
}

}  // namespace
}  // namespace ambassador
