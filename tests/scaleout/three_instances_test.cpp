// Three instances of the service on one PostgreSQL database behind no balancer but the test itself: 10,000 Slack
// events (direct messages from 2,000 people, five each, every one answered in its conversation) go to them in turn,
// some twice to two instances (a platform's retry), and one instance is SIGKILLed mid-way; its events go to the
// others, as a load balancer would send them. Every event must be handled once, every answer posted exactly once
// (Slack's answers are looked up before one that may have landed is sent again), and no conversation may get more
// than Slack's one a second (bursts of three) at the fake platform.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <mutex>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "../slack_e2e/fake_slack.hpp"
#include "adapters/slack/signature_verifier.hpp"
#include "process.hpp"
#include "storage/connection.hpp"
#include "test_database.hpp"
#include "testing.hpp"

namespace ambassador::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kInstances = 3;
constexpr int kPeople = 2'000;
constexpr int kMessagesEach = 5;
constexpr int kEvents = kPeople * kMessagesEach;
constexpr int kKillAfterPosts = 3'000;
constexpr int kGlobalRate = 300;  // Slack, per second over all conversations, shared by the instances
constexpr const char* kSecret = "scaleout-signing-secret-0123456789";

std::string config_text(const TempDir& dir, int index, int port, const std::string& slack_url) {
  return "themes = [\"groen\"]\n[organisation]\nname = \"Scale-out test\"\n"
         "[http]\naddress = \"127.0.0.1\"\nport = " +
         std::to_string(port) + "\n[storage]\ndata_dir = \"" + dir.path().string() + "/instance" +
         std::to_string(index) +
         "\"\nbackend = \"postgres\"\npostgres_url = \"env:SCALEOUT_TEST_DATABASE\"\n"
         "[log]\nlevel = \"info\"\n[delivery]\nglobal_rate_per_second = " +
         std::to_string(kGlobalRate) +
         "\nchannel_rate_per_second = 1\n[webcare]\ndigest_time = \"\"\n"
         "[platforms.local]\nenabled = false\n[platforms.slack]\nenabled = true\napi_base_url = \"" +
         slack_url +
         "\"\n  [[platforms.slack.workspaces]]\n  team_id = \"T1\"\n  signing_secret = \"env:SCALEOUT_TEST_SIGNING\"\n"
         "  bot_token = \"env:SCALEOUT_TEST_TOKEN\"\n"
         "[[departments]]\nid = \"groen\"\nname = \"Groen\"\n";
}

// "help" in person `person`'s direct message with the bot, the `n`th of their messages.
std::string direct_message(int person, int n) {
  const std::string ts = std::to_string(1'700'000'000 + n) + "." + std::to_string(100'000 + person);
  return nlohmann::json{
      {"token", "x"},
      {"team_id", "T1"},
      {"api_app_id", "A1"},
      {"type", "event_callback"},
      {"event_id", "Ev" + std::to_string(person) + "x" + std::to_string(n)},
      {"event_time", std::time(nullptr)},
      {"authorizations", nlohmann::json::array({{{"team_id", "T1"}, {"user_id", "UBOT"}, {"is_bot", true}}})},
      {"event",
       {{"type", "message"},
        {"user", "U" + std::to_string(person)},
        {"text", "help"},
        {"channel", "D" + std::to_string(person)},
        {"channel_type", "im"},
        {"ts", ts},
        {"event_ts", ts}}}}
      .dump();
}

int post_event(int port, const std::string& body) {
  const auto timestamp = std::to_string(std::time(nullptr));
  return http_call(port, "POST", "/slack/events", body,
                   {"Content-Type: application/json", "X-Slack-Request-Timestamp: " + timestamp,
                    "X-Slack-Signature: " + adapters::slack::sign(kSecret, timestamp, body)})
      .status;
}

// The most messages any conversation got beyond what one a second with bursts of three allows (0: never over),
// allowing 250 ms for the gap between a slot and the request's arrival.
double worst_excess(const std::map<std::string, std::vector<std::chrono::steady_clock::time_point>>& arrivals) {
  double worst = 0;
  for (const auto& [channel, times] : arrivals)
    for (std::size_t i = 0; i < times.size(); ++i)
      for (std::size_t j = i; j < times.size(); ++j) {
        const double seconds = std::chrono::duration<double>(times[j] - times[i]).count() + 0.25;
        worst = std::max(worst, static_cast<double>(j - i + 1) - (3 + seconds));
      }
  return worst;
}

// The most messages that arrived within any one second, over all conversations.
std::size_t busiest_second(const std::map<std::string, std::vector<std::chrono::steady_clock::time_point>>& arrivals) {
  std::vector<std::chrono::steady_clock::time_point> all;
  for (const auto& [channel, times] : arrivals) all.insert(all.end(), times.begin(), times.end());
  std::sort(all.begin(), all.end());
  std::size_t busiest = 0;
  for (std::size_t i = 0, j = 0; j < all.size(); ++j) {
    while (all[j] - all[i] >= 1s) ++i;
    busiest = std::max(busiest, j - i + 1);
  }
  return busiest;
}

TEST(ThreeInstances, ASigkilledInstanceLosesNothingAndNothingIsSentTwiceOrTooFast) {
  if (!on_postgres())
    GTEST_SKIP() << "several instances share a PostgreSQL database (the test command's PostgreSQL leg)";
  TempDir dir;
  const auto url = database(dir, "scaleout");
  ::setenv("SCALEOUT_TEST_DATABASE", url.c_str(), 1);
  ::setenv("SCALEOUT_TEST_SIGNING", kSecret, 1);
  ::setenv("SCALEOUT_TEST_TOKEN", "xoxb-scaleout-test-token", 1);
  FakeSlack slack;

  std::vector<int> ports;
  std::vector<std::unique_ptr<ServiceProcess>> instances;
  for (int i = 0; i < kInstances; ++i) {
    ports.push_back(free_port());
    const auto config = dir.file("instance" + std::to_string(i) + ".toml");
    write_file(config, config_text(dir, i, ports.back(), slack.api_base_url()));
    instances.push_back(
        std::make_unique<ServiceProcess>(std::vector<std::string>{service_binary(), "serve", "--config", config},
                                         dir.file("instance" + std::to_string(i) + ".log")));
  }
  for (int i = 0; i < kInstances; ++i)
    ASSERT_TRUE(wait_until([&] { return http_call(ports[i], "GET", "/readyz").status == 200; }, 60s))
        << read_file(dir.file("instance" + std::to_string(i) + ".log"));
  // Each instance learns how many share the platform's overall rate at its heartbeat (every 5 s).
  std::this_thread::sleep_for(6s);

  // Four senders; event e goes to instance e % 3, and every 20th also to the next one (a retry elsewhere). A refused
  // connection or an unanswered request goes to the next live instance, as a balancer would do.
  std::atomic<bool> killed{false};
  std::atomic<int> next_event{0}, failed_over{0}, rejected{0};
  const auto send_all = [&] {
    for (int e = next_event++; e < kEvents; e = next_event++) {
      const auto body = direct_message(e % kPeople, e / kPeople);
      for (int copy = 0; copy < (e % 20 == 0 ? 2 : 1); ++copy) {
        for (int target = (e + copy) % kInstances, tries = 0;; target = (target + 1) % kInstances, ++tries) {
          if (target == 0 && killed.load()) continue;
          const int status = post_event(ports[static_cast<std::size_t>(target)], body);
          if (status == 200) break;
          if (status != 0 || tries > 2 * kInstances) {
            ++rejected;
            break;
          }
          ++failed_over;
        }
      }
    }
  };
  std::vector<std::thread> senders;
  for (int i = 0; i < 4; ++i) senders.emplace_back(send_all);
  const auto posted = [&] { return slack.calls("chat.postMessage").size(); };
  const bool reached = wait_until([&] { return posted() >= kKillAfterPosts; }, 120s);
  killed = true;
  EXPECT_EQ(instances[0]->stop(SIGKILL), 128 + SIGKILL);
  const auto killed_at = std::chrono::steady_clock::now();
  ASSERT_TRUE(reached) << read_file(dir.file("instance0.log"));

  // After a heartbeat, the killed instance is the one whose heartbeat is the oldest: what it held waits for its lease.
  storage::Connection db(url, 5000);
  std::this_thread::sleep_for(6s);
  const auto held =
      "FROM outbox WHERE status IN ('claimed', 'sending') AND claimed_by = (SELECT id FROM instances"
      " ORDER BY heartbeat_at LIMIT 1)";
  const auto held_ids = db.query_text(std::string("SELECT coalesce(string_agg(CAST(id AS TEXT), ','), '') ") + held);
  const auto held_count = db.query_int64(std::string("SELECT count(*) ") + held);
  const auto held_sent = "SELECT count(*) FROM outbox WHERE status = 'sent' AND id IN (" +
                         (held_ids.empty() ? std::string("0") : held_ids) + ")";
  EXPECT_TRUE(wait_until([&] { return db.query_int64(held_sent) == held_count; }, 120s));
  const auto held_out_at = std::chrono::steady_clock::now();
  for (auto& sender : senders) sender.join();
  EXPECT_EQ(rejected.load(), 0) << "events no instance took";

  const bool all_sent = wait_until([&] { return posted() >= static_cast<std::size_t>(kEvents); }, 240s);
  const auto done_at = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(3s);  // anything sent twice would arrive now
  EXPECT_TRUE(all_sent) << posted() << " of " << kEvents << " posted; outbox: "
                        << db.query_text(
                               "SELECT string_agg(status || ' ' || n, ', ') FROM (SELECT status, count(*) AS"
                               " n FROM outbox GROUP BY status) AS s");
  EXPECT_EQ(posted(), static_cast<std::size_t>(kEvents));
  const auto arrivals = slack.arrivals();
  EXPECT_EQ(arrivals.size(), static_cast<std::size_t>(kPeople));
  int wrong_count = 0;
  for (const auto& [channel, times] : arrivals) wrong_count += times.size() != kMessagesEach;
  EXPECT_EQ(wrong_count, 0) << "conversations that did not get exactly one answer per message";
  EXPECT_LE(worst_excess(arrivals), 0.0) << "a conversation got more than Slack's limit";
  EXPECT_LE(busiest_second(arrivals), static_cast<std::size_t>(kGlobalRate * 11 / 10));

  EXPECT_EQ(db.query_int64("SELECT count(*) FROM inbox WHERE platform = 'slack'"), kEvents);
  EXPECT_EQ(db.query_int64("SELECT count(*) FROM inbox WHERE status <> 'done'"), 0);
  EXPECT_EQ(db.query_int64("SELECT count(*) FROM outbox"), kEvents);
  EXPECT_EQ(db.query_int64("SELECT count(*) FROM outbox WHERE status = 'sent'"), kEvents);
  int taken_over = 0;
  const std::regex takeover("outbox: ([0-9]+) deliveries were in flight in a stopped instance");
  for (int i = 1; i < kInstances; ++i) {
    const auto log = read_file(dir.file("instance" + std::to_string(i) + ".log"));
    for (std::sregex_iterator it(log.begin(), log.end(), takeover), end; it != end; ++it)
      taken_over += std::stoi((*it)[1]);
  }
  std::printf(
      "[ figures  ] %d events (%d failed over after the kill), %zu answers; busiest second %zu; the killed "
      "instance held %lld deliveries, %d were taken over, all sent %.1f s after the kill; the last answer "
      "%.1f s after the kill\n",
      kEvents, failed_over.load(), posted(), busiest_second(arrivals), static_cast<long long>(held_count), taken_over,
      std::chrono::duration<double>(held_out_at - killed_at).count(),
      std::chrono::duration<double>(done_at - killed_at).count());
  EXPECT_EQ(taken_over, held_count);
  for (int i = 1; i < kInstances; ++i) EXPECT_EQ(instances[static_cast<std::size_t>(i)]->stop(SIGTERM), 0);
}

}  // namespace
}  // namespace ambassador::testing
