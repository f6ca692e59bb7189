// The Config helpers and the small validation predicates the loader relies on.
#include <gtest/gtest.h>

#include "config/checks.hpp"
#include "config/config.hpp"

namespace ambassador::config {
namespace {

TEST(ConfigModel, FindsDepartmentById) {
  Config config;
  config.departments.push_back(DepartmentConfig{.id = "wijkbeheer", .name = "Wijkbeheer"});
  config.departments.push_back(DepartmentConfig{.id = "webcare", .name = "Webcare"});
  ASSERT_NE(config.find_department("webcare"), nullptr);
  EXPECT_EQ(config.find_department("webcare")->name, "Webcare");
  EXPECT_EQ(config.find_department("groen"), nullptr);
  EXPECT_EQ(config.find_department(""), nullptr);
}

TEST(ConfigModel, DatabasePathIsRelativeToDataDir) {
  Config config;
  config.storage.data_dir = "/var/lib/ambassador";
  config.storage.database = "bot.sqlite3";
  EXPECT_EQ(config.database_path(), "/var/lib/ambassador/bot.sqlite3");
  config.storage.data_dir = "data";
  EXPECT_EQ(config.database_path(), "data/bot.sqlite3");
}

TEST(ConfigModel, AbsoluteDatabasePathIgnoresDataDir) {
  Config config;
  config.storage.data_dir = "data";
  config.storage.database = "/srv/db/bot.sqlite3";
  EXPECT_EQ(config.database_path(), "/srv/db/bot.sqlite3");
}

TEST(ConfigChecks, EditDistanceCountsTranspositionAsOne) {
  EXPECT_EQ(checks::edit_distance("prot", "port"), 1u);
  EXPECT_EQ(checks::edit_distance("port", "port"), 0u);
  EXPECT_EQ(checks::edit_distance("", "abc"), 3u);
  EXPECT_EQ(checks::edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(checks::edit_distance("timezone", "time_zone"), 1u);
}

TEST(ConfigChecks, ClockTime) {
  EXPECT_TRUE(checks::is_clock_time("00:00"));
  EXPECT_TRUE(checks::is_clock_time("23:59"));
  EXPECT_FALSE(checks::is_clock_time("24:00"));
  EXPECT_FALSE(checks::is_clock_time("12:60"));
  EXPECT_FALSE(checks::is_clock_time("7:00"));
  EXPECT_FALSE(checks::is_clock_time("07:00:00"));
  EXPECT_FALSE(checks::is_clock_time("ab:cd"));
}

TEST(ConfigChecks, IsoDateIsADayOfTheCalendar) {
  EXPECT_TRUE(checks::is_iso_date("2026-12-25"));
  EXPECT_TRUE(checks::is_iso_date("2028-02-29"));
  EXPECT_TRUE(checks::is_iso_date("2000-02-29"));
  EXPECT_FALSE(checks::is_iso_date("1900-02-29")) << "before 1970";
  EXPECT_FALSE(checks::is_iso_date("2100-02-29")) << "not a leap year";
  EXPECT_FALSE(checks::is_iso_date("2026-02-29"));
  EXPECT_FALSE(checks::is_iso_date("2026-02-30"));
  EXPECT_FALSE(checks::is_iso_date("2026-04-31"));
  EXPECT_FALSE(checks::is_iso_date("2026-13-01"));
  EXPECT_FALSE(checks::is_iso_date("2026-00-10"));
  EXPECT_FALSE(checks::is_iso_date("2026-01-00"));
  EXPECT_FALSE(checks::is_iso_date("2026-1-01"));
  EXPECT_FALSE(checks::is_iso_date("2026/01/01"));
  EXPECT_FALSE(checks::is_iso_date("2026-01-01T00:00"));
  EXPECT_FALSE(checks::is_iso_date("+026-01-01"));
}

TEST(ConfigChecks, HttpUrl) {
  EXPECT_TRUE(checks::is_http_url("https://slack.com/api"));
  EXPECT_TRUE(checks::is_http_url("http://127.0.0.1:8080"));
  EXPECT_FALSE(checks::is_http_url("https://"));
  EXPECT_FALSE(checks::is_http_url("https:///path"));
  EXPECT_FALSE(checks::is_http_url("ftp://example.nl"));
  EXPECT_FALSE(checks::is_http_url("https://exa mple.nl"));
}

TEST(ConfigChecks, SlugsAndRoleNames) {
  EXPECT_TRUE(checks::is_slug("werken-bij"));
  EXPECT_FALSE(checks::is_slug("werken_bij"));
  EXPECT_FALSE(checks::is_slug(""));
  EXPECT_FALSE(checks::is_slug("Klimaat"));
  EXPECT_TRUE(checks::is_role_name("social_savvy"));
  EXPECT_FALSE(checks::is_role_name("Social"));
}

TEST(ConfigChecks, TimeZones) {
  EXPECT_TRUE(checks::is_known_time_zone("Europe/Amsterdam"));
  EXPECT_TRUE(checks::is_known_time_zone("UTC"));
  EXPECT_FALSE(checks::is_known_time_zone("Europe/Amsterdm"));
  EXPECT_FALSE(checks::is_known_time_zone(""));
}

}  // namespace
}  // namespace ambassador::config
