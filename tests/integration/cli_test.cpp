#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <cstdio>
#include <filesystem>
#include <string>

#include "config/loader.hpp"
#include "storage/connection.hpp"
#include "storage/migrations.hpp"
#include "testing.hpp"

namespace ambassador {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

// The service binary of the same build: <build>/tests/test_integration -> <build>/bot/app/ambassador-bot.
fs::path bot_binary() {
  return fs::read_symlink("/proc/self/exe").parent_path().parent_path() / "bot/app/ambassador-bot";
}

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct CliRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

CliRun run_cli(const std::string& arguments) {
  const auto command = shell_quote(bot_binary().string()) + " " + arguments + " 2>&1 </dev/null";
  CliRun run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return run;
  char chunk[4096];
  for (std::size_t n; (n = std::fread(chunk, 1, sizeof chunk, pipe)) > 0;) run.output.append(chunk, n);
  const int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::string demo_toml() { return testing::read_file(fs::path(AMBASSADOR_SOURCE_DIR) / "config" / "demo.toml"); }

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(bot_binary())) GTEST_SKIP() << "build the ambassador-bot target first: " << bot_binary();
  }
  testing::TempDir dir_;
};

TEST_F(Cli, PrintsItsVersion) {
  const auto run = run_cli("--version");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.output, std::string("ambassador-bot ") + AMBASSADOR_VERSION + "\n");
}

TEST_F(Cli, UnknownCommandIsAUsageError) {
  const auto run = run_cli("frobnicate");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.output, HasSubstr("unknown command 'frobnicate'"));
  EXPECT_THAT(run.output, HasSubstr("Usage:"));
}

TEST_F(Cli, CheckConfigAcceptsTheShippedDemo) {
  const auto run = run_cli("check-config --config " + shell_quote(AMBASSADOR_SOURCE_DIR "/config/demo.toml"));
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("is valid"));
}

TEST_F(Cli, CheckConfigListsEveryProblemAndExits2) {
  const auto path = dir_.file("broken.toml");
  const std::string text = R"(themes = ["klimaat", "Not A Slug"]

[organisation]
language = "fr"

[http]
port = "eighty"
no_such_setting = true

[[departments]]
id = "wijk"
name = "Wijk"
)";
  testing::write_file(path, text);
  // What the loader finds in-process is what the command must report, all of it.
  const auto expected = config::load_config_file(path);
  ASSERT_GE(expected.errors.size(), 3u) << "the sample should have several independent problems";

  const auto run = run_cli("check-config --config " + shell_quote(path));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.output, HasSubstr("has " + std::to_string(expected.errors.size()) + " problem(s)"));
  for (const auto& error : expected.errors) EXPECT_THAT(run.output, HasSubstr(error.to_string()));
  EXPECT_THAT(run.output, HasSubstr("organisation.language"));
  EXPECT_THAT(run.output, HasSubstr("http.port"));
  EXPECT_THAT(run.output, HasSubstr("no_such_setting"));
}

TEST_F(Cli, CheckConfigReportsATomlSyntaxErrorWithItsPosition) {
  const auto path = dir_.file("syntax.toml");
  testing::write_file(path, "[http\nport = 1\n");
  const auto run = run_cli("check-config --config " + shell_quote(path));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.output, HasSubstr("has 1 problem(s)"));
  EXPECT_THAT(run.output, HasSubstr(path + ":1:"));
}

TEST_F(Cli, CheckConfigOfAMissingFileExits2) {
  const auto run = run_cli("check-config --config " + shell_quote(dir_.file("absent.toml")));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.output, HasSubstr("cannot read config file"));
}

TEST_F(Cli, MigrateCreatesTheSchemaThenReportsUpToDate) {
  auto text = demo_toml();
  const std::string from = "data_dir = \"data\"";
  const auto at = text.find(from);
  ASSERT_NE(at, std::string::npos) << "config/demo.toml no longer sets data_dir = \"data\"";
  const auto data_dir = dir_.path() / "data";
  fs::create_directories(data_dir);
  text.replace(at, from.size(), "data_dir = \"" + data_dir.string() + "\"");
  const auto config_path = dir_.file("migrate.toml");
  testing::write_file(config_path, text);

  const auto latest = storage::all_migrations().back().version;
  const auto first = run_cli("migrate --config " + shell_quote(config_path));
  EXPECT_EQ(first.exit_code, 0) << first.output;
  EXPECT_THAT(first.output, HasSubstr("schema v" + std::to_string(latest) + " (applied " +
                                      std::to_string(storage::all_migrations().size()) + ")"));
  const auto database = data_dir / "ambassador.sqlite3";
  ASSERT_TRUE(fs::exists(database));
  {
    storage::Connection db(database.string(), 1000, storage::Connection::Mode::read_only);
    EXPECT_EQ(storage::schema_version(db), latest);
  }

  const auto second = run_cli("migrate --config " + shell_quote(config_path));
  EXPECT_EQ(second.exit_code, 0) << second.output;
  EXPECT_THAT(second.output, HasSubstr("(up to date)"));
}

TEST_F(Cli, MigrateRefusesADatabaseFromANewerProgram) {
  auto text = demo_toml();
  const std::string from = "data_dir = \"data\"";
  const auto at = text.find(from);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, from.size(), "data_dir = \"" + dir_.path().string() + "\"");
  const auto config_path = dir_.file("newer.toml");
  testing::write_file(config_path, text);
  {
    storage::Connection db(dir_.file("ambassador.sqlite3"), 1000);
    storage::migrate(db);
    db.exec("PRAGMA user_version = " + std::to_string(storage::all_migrations().back().version + 1));
  }
  const auto run = run_cli("migrate --config " + shell_quote(config_path));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.output, HasSubstr("newer"));
}

}  // namespace
}  // namespace ambassador
