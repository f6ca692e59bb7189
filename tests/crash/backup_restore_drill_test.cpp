// The restore drill, with the real binary: back up a running service's database, lose what came after, restore
// the backup into the stopped service's place, and start again on it.
#include <gtest/gtest.h>

#include <filesystem>

#include <SQLiteCpp/SQLiteCpp.h>

#include "process.hpp"
#include "testing.hpp"

namespace ambassador::testing {
namespace {

constexpr const char* kToken = "drill-test-token-0123456789abcdef";

std::string config_text(const TempDir& dir, int port) {
  std::string toml = "themes = [\"groen\"]\n[organisation]\nname = \"Restore drill\"\n";
  toml += "[http]\naddress = \"127.0.0.1\"\nport = " + std::to_string(port) + "\n";
  toml += "[storage]\ndata_dir = \"" + (dir.path() / "data").string() + "\"\n[log]\nlevel = \"warn\"\n";
  toml += "[platforms.local]\nenabled = true\n";
  toml += "[[api_tokens]]\nname = \"editor\"\ntoken = \"env:DRILL_TEST_EDITOR_TOKEN\"\nrole = \"editor\"\n";
  toml += "[[departments]]\nid = \"groen\"\nname = \"Groen\"\n";
  toml += "  [[departments.channels]]\n  platform = \"local\"\n  id = \"groen-ambassadeurs\"\n";
  return toml;
}

class BackupRestoreDrill : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("DRILL_TEST_EDITOR_TOKEN", kToken, 1);
    write_file(config, config_text(dir, port));
  }

  int run(const std::vector<std::string>& words) {
    std::vector<std::string> args{service_binary()};
    args.insert(args.end(), words.begin(), words.end());
    args.insert(args.end(), {"--config", config});
    return ServiceProcess(args, dir.file("cli.log")).wait();
  }

  std::unique_ptr<ServiceProcess> start(const std::string& log) {
    auto service =
        std::make_unique<ServiceProcess>(std::vector<std::string>{service_binary(), "serve", "--config", config}, log);
    EXPECT_TRUE(wait_until([&] { return http_call(port, "GET", "/readyz").status == 200; }, std::chrono::seconds(20)))
        << read_file(log);
    return service;
  }

  void create_post(const std::string& title) {
    const auto created = http_call(port, "POST", "/api/v1/posts",
                                   R"({"title":")" + title + R"(","link_url":"https://example.org/)" + title + "\"}",
                                   {"Content-Type: application/json", std::string("Authorization: Bearer ") + kToken});
    ASSERT_EQ(created.status, 201) << created.body;
  }

  std::string posts() {
    return http_call(port, "GET", "/api/v1/posts", {}, {std::string("Authorization: Bearer ") + kToken}).body;
  }

  TempDir dir;
  int port = free_port();
  std::string config = dir.file("drill.toml");
  std::string backup = dir.file("backup.sqlite3");
};

TEST_F(BackupRestoreDrill, ARestoredBackupHoldsWhatWasThereWhenItWasTakenAndNothingAfter) {
  auto service = start(dir.file("first.log"));
  create_post("bomenplantdag");
  create_post("natuurwerkdag");
  ASSERT_EQ(run({"backup", backup}), 0) << read_file(dir.file("cli.log"));
  EXPECT_NE(run({"backup", backup}), 0) << "an existing backup is never overwritten";
  create_post("after-the-backup");
  EXPECT_NE(posts().find("after-the-backup"), std::string::npos);
  EXPECT_EQ(service->stop(SIGTERM), 0);

  // The backup is one self-contained file that SQLite itself finds sound.
  EXPECT_FALSE(std::filesystem::exists(backup + "-wal"));
  EXPECT_EQ(SQLite::Database(backup, SQLite::OPEN_READONLY).execAndGet("PRAGMA integrity_check").getString(), "ok");

  ASSERT_EQ(run({"restore", backup}), 0) << read_file(dir.file("cli.log"));
  service = start(dir.file("second.log"));
  const auto restored = posts();
  EXPECT_NE(restored.find("bomenplantdag"), std::string::npos) << restored;
  EXPECT_NE(restored.find("natuurwerkdag"), std::string::npos) << restored;
  EXPECT_EQ(restored.find("after-the-backup"), std::string::npos) << restored;
  EXPECT_EQ(service->stop(SIGTERM), 0);
}

TEST_F(BackupRestoreDrill, ABrokenBackupIsRefusedAndTheDatabaseKept) {
  auto service = start(dir.file("first.log"));
  create_post("bomenplantdag");
  EXPECT_EQ(service->stop(SIGTERM), 0);
  write_file(backup, "this is not a database, just a file with a hopeful name");
  EXPECT_EQ(run({"restore", backup}), 1);
  EXPECT_NE(read_file(dir.file("cli.log")).find("the database is as it was"), std::string::npos)
      << read_file(dir.file("cli.log"));
  service = start(dir.file("second.log"));
  EXPECT_NE(posts().find("bomenplantdag"), std::string::npos);
  EXPECT_EQ(run({"backup"}), 2) << "backup needs a file";
}

}  // namespace
}  // namespace ambassador::testing
