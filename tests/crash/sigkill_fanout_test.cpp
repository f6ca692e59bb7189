// Killing the service with SIGKILL in the middle of a fan-out and starting it again must finish the
// fan-out with no channel missed and none served twice.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "process.hpp"
#include "testing.hpp"

namespace ambassador::testing {
namespace {

constexpr int kChannels = 400;

std::string config_text(const TempDir& dir, int port) {
  std::string toml = "themes = [\"groen\"]\n[organisation]\nname = \"Crash test\"\n";
  toml += "[http]\naddress = \"127.0.0.1\"\nport = " + std::to_string(port) + "\n";
  toml += "[storage]\ndata_dir = \"" + dir.path().string() + "\"\n[log]\nlevel = \"warn\"\n";
  // ~4 s for the fan-out: room to kill it mid-way even when the test process is slow to notice.
  toml += "[platforms.local]\nenabled = true\nrate_per_second = 100.0\n";
  toml += "[[api_tokens]]\nname = \"editor\"\ntoken = \"env:SIGKILL_TEST_EDITOR_TOKEN\"\nrole = \"editor\"\n";
  toml += "[[departments]]\nid = \"groen\"\nname = \"Groen\"\n";
  for (int i = 0; i < kChannels; ++i)
    toml += "  [[departments.channels]]\n  platform = \"local\"\n  id = \"c" + std::to_string(i) + "\"\n";
  return toml;
}

std::int64_t count(const std::string& db_path, const std::string& sql) {
  SQLite::Database db(db_path, SQLite::OPEN_READONLY, 2000);
  return db.execAndGet(sql).getInt64();
}

TEST(OutboxCrashRecovery, SigkillMidFanOutMissesNoChannelAndServesNoneTwice) {
  TempDir dir;
  const int port = free_port();
  const auto config = dir.file("crash.toml");
  write_file(config, config_text(dir, port));
  ::setenv("SIGKILL_TEST_EDITOR_TOKEN", "crash-test-token-0123456789abcdef", 1);
  const std::vector<std::string> args{service_binary(), "serve", "--config", config};
  const auto db_path = dir.file("ambassador.sqlite3");
  const auto sent = "SELECT count(*) FROM outbox WHERE post_id = 1 AND status = 'sent'";

  std::int64_t sent_before_kill = 0;
  {
    ServiceProcess first(args, dir.file("first.log"));
    ASSERT_TRUE(wait_until([&] { return http_call(port, "GET", "/healthz").status == 200; }, std::chrono::seconds(20)))
        << read_file(dir.file("first.log"));
    // Due a second from now: valid (not in the past) and published almost at once.
    const std::time_t publish_at = std::time(nullptr) + 1;
    char iso[32];
    std::strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&publish_at));
    const auto created =
        http_call(port, "POST", "/api/v1/posts",
                  std::string(R"({"title":"Bomenplantdag","link_url":"https://example.org/bomen",)") +
                      R"("publish_at":")" + iso + "\"}",
                  {"Content-Type: application/json", "Authorization: Bearer crash-test-token-0123456789abcdef"});
    ASSERT_EQ(created.status, 201) << created.body;
    ASSERT_TRUE(wait_until([&] { return count(db_path, sent) >= kChannels / 8; }, std::chrono::seconds(30)));
    EXPECT_EQ(first.stop(SIGKILL), 128 + SIGKILL);
    sent_before_kill = count(db_path, sent);
  }
  ASSERT_LT(sent_before_kill, kChannels) << "the fan-out finished before the kill; the test proves nothing";
  EXPECT_EQ(count(db_path, "SELECT count(*) FROM outbox WHERE post_id = 1"), kChannels);

  ServiceProcess second(args, dir.file("second.log"));
  ASSERT_TRUE(wait_until([&] { return count(db_path, sent) == kChannels; }, std::chrono::seconds(30)))
      << read_file(dir.file("second.log"));
  EXPECT_EQ(count(db_path, "SELECT count(*) FROM outbox WHERE post_id = 1"), kChannels);
  EXPECT_EQ(count(db_path, "SELECT count(DISTINCT channel_id) FROM local_messages WHERE delivery_key LIKE 'post:1:%'"),
            kChannels);
  EXPECT_EQ(count(db_path, "SELECT count(*) FROM local_messages WHERE delivery_key LIKE 'post:1:%'"), kChannels);
  EXPECT_TRUE(
      wait_until([&] { return count(db_path, "SELECT count(*) FROM posts WHERE id = 1 AND status = 'sent'") == 1; },
                 std::chrono::seconds(10)));
  EXPECT_EQ(second.stop(SIGTERM), 0);
}

}  // namespace
}  // namespace ambassador::testing
