// The restore drill on PostgreSQL, as the README tells it: pg_dump a running service's database, lose what came
// after, pg_restore the dump into an empty database and start the service on it.
#include <gtest/gtest.h>

#include <unistd.h>
#include <cstdlib>
#include <memory>
#include <string>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include "process.hpp"
#include "storage/connection.hpp"
#include "test_database.hpp"
#include "testing.hpp"

namespace ambassador::testing {
namespace {

constexpr const char* kToken = "pg-drill-test-token-0123456789abcdef";

// The test server's URL with another database name: postgresql://user@/NAME?host=...
std::string with_database(const std::string& url, const std::string& name) {
  boost::urls::url other = boost::urls::parse_uri(url).value();
  other.set_path("/" + name);
  return std::string(other.buffer());
}

class PostgresRestoreDrill : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!on_postgres()) GTEST_SKIP() << "pg_dump and pg_restore need the PostgreSQL leg's server";
    const std::string suffix = std::to_string(::getpid());
    live_ = with_database(postgres_test_url(), "drill_live_" + suffix);
    restored_ = with_database(postgres_test_url(), "drill_restored_" + suffix);
    storage::Connection admin(postgres_test_url(), 5000);
    for (const auto* name : {"drill_live_", "drill_restored_"}) {
      admin.exec("DROP DATABASE IF EXISTS " + std::string(name) + suffix);
      admin.exec("CREATE DATABASE " + std::string(name) + suffix);
    }
    dir_.on_cleanup([suffix] {
      storage::Connection cleanup(postgres_test_url(), 5000);
      for (const auto* name : {"drill_live_", "drill_restored_"})
        cleanup.exec("DROP DATABASE IF EXISTS " + std::string(name) + suffix + " WITH (FORCE)");
    });
    ::setenv("PG_DRILL_TEST_EDITOR_TOKEN", kToken, 1);
  }

  std::unique_ptr<ServiceProcess> start(const std::string& url, const std::string& log) {
    ::setenv("PG_DRILL_TEST_DATABASE", url.c_str(), 1);
    const auto config = dir_.file("drill.toml");
    write_file(
        config,
        "themes = [\"groen\"]\n[organisation]\nname = \"Restore drill\"\n[http]\naddress = \"127.0.0.1\"\n"
        "port = " +
            std::to_string(port_) + "\n[storage]\ndata_dir = \"" + dir_.path().string() +
            "\"\nbackend = \"postgres\"\npostgres_url = \"env:PG_DRILL_TEST_DATABASE\"\n[log]\nlevel = \"warn\"\n"
            "[[api_tokens]]\nname = \"editor\"\ntoken = \"env:PG_DRILL_TEST_EDITOR_TOKEN\"\nrole = \"editor\"\n"
            "[[departments]]\nid = \"groen\"\nname = \"Groen\"\n");
    auto service =
        std::make_unique<ServiceProcess>(std::vector<std::string>{service_binary(), "serve", "--config", config}, log);
    EXPECT_TRUE(wait_until([&] { return http_call(port_, "GET", "/readyz").status == 200; }, std::chrono::seconds(30)))
        << read_file(log);
    return service;
  }

  void create_post(const std::string& title) {
    const auto created = http_call(port_, "POST", "/api/v1/posts",
                                   R"({"title":")" + title + R"(","link_url":"https://example.org/)" + title + "\"}",
                                   {"Content-Type: application/json", std::string("Authorization: Bearer ") + kToken});
    ASSERT_EQ(created.status, 201) << created.body;
  }

  std::string posts() {
    return http_call(port_, "GET", "/api/v1/posts", {}, {std::string("Authorization: Bearer ") + kToken}).body;
  }

  int shell(const std::string& command) {
    return ServiceProcess({"/bin/sh", "-c", command}, dir_.file("tools.log")).wait();
  }

  TempDir dir_;
  int port_ = free_port();
  std::string live_, restored_;
};

TEST_F(PostgresRestoreDrill, ARestoredDumpHoldsWhatWasThereWhenItWasTakenAndNothingAfter) {
  const auto dump = dir_.file("ambassador.dump");
  auto service = start(live_, dir_.file("first.log"));
  create_post("bomenplantdag");
  create_post("natuurwerkdag");
  ASSERT_EQ(shell("pg_dump --format=custom --file='" + dump + "' '" + live_ + "'"), 0)
      << read_file(dir_.file("tools.log"));
  create_post("after-the-dump");
  EXPECT_EQ(service->stop(SIGTERM), 0);

  ASSERT_EQ(shell("pg_restore --no-owner --dbname='" + restored_ + "' '" + dump + "'"), 0)
      << read_file(dir_.file("tools.log"));
  service = start(restored_, dir_.file("second.log"));
  const auto restored = posts();
  EXPECT_NE(restored.find("bomenplantdag"), std::string::npos) << restored;
  EXPECT_NE(restored.find("natuurwerkdag"), std::string::npos) << restored;
  EXPECT_EQ(restored.find("after-the-dump"), std::string::npos) << restored;
  create_post("after-the-restore");  // the identity sequences came along: new rows get new ids
  EXPECT_NE(posts().find("after-the-restore"), std::string::npos);
  EXPECT_EQ(service->stop(SIGTERM), 0);
}

}  // namespace
}  // namespace ambassador::testing
