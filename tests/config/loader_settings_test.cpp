// The plain settings sections: [organisation], [http], [storage], [log], [delivery].
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>

#include "config/loader.hpp"
#include "config_matchers.hpp"

namespace ambassador::config {
namespace {

using test::ErrorAt;
using test::parse_with_department;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

TEST(ConfigLoader, MinimalConfigKeepsDefaults) {
  const LoadResult result = parse_with_department("");
  ASSERT_THAT(result.errors, IsEmpty());
  const Config& config = result.config;
  EXPECT_EQ(config.organisation.language, "nl");
  EXPECT_EQ(config.organisation.time_zone, "Europe/Amsterdam");
  EXPECT_EQ(config.http.port, 8080);
  EXPECT_EQ(config.http.public_base_url, "http://127.0.0.1:8080");
  EXPECT_EQ(config.storage.data_dir, "data");
  EXPECT_EQ(config.log.level, "info");
  EXPECT_EQ(config.delivery.daily_cap_per_ambassador, 3);
  EXPECT_FALSE(config.platforms.local.enabled) << "the unauthenticated local chat is off unless turned on";
  EXPECT_FALSE(config.demo) << "short API tokens only where a config says it is a demo";
  EXPECT_FALSE(config.platforms.slack.enabled);
  EXPECT_THAT(config.roles, ElementsAre("social_savvy", "expert", "thought_leader", "spokesperson"));
  EXPECT_THAT(config.themes, IsEmpty());
}

TEST(ConfigLoader, ReadsOrganisation) {
  const LoadResult result = parse_with_department(R"(
[organisation]
name = "Gemeente Elders"
language = "en"
time_zone = "America/New_York"
)");
  ASSERT_THAT(result.errors, IsEmpty());
  EXPECT_EQ(result.config.organisation.name, "Gemeente Elders");
  EXPECT_EQ(result.config.organisation.language, "en");
  EXPECT_EQ(result.config.organisation.time_zone, "America/New_York");
}

TEST(ConfigLoader, RejectsUnknownLanguage) {
  const LoadResult result = parse_with_department("[organisation]\nlanguage = \"de\"\n");
  EXPECT_THAT(result.errors, ElementsAre(ErrorAt("organisation.language", "'de' is not one of 'nl' or 'en'")));
}

TEST(ConfigLoader, RejectsUnknownTimeZone) {
  const LoadResult result = parse_with_department("[organisation]\ntime_zone = \"Europe/Amsterdm\"\n");
  EXPECT_THAT(result.errors,
              ElementsAre(ErrorAt("organisation.time_zone", "unknown IANA time zone 'Europe/Amsterdm'")));
}

TEST(ConfigLoader, RejectsEmptyOrganisationName) {
  const LoadResult result = parse_with_department("[organisation]\nname = \"\"\n");
  EXPECT_THAT(result.errors, ElementsAre(ErrorAt("organisation.name", "must not be empty")));
}

TEST(ConfigLoader, ReadsHttp) {
  const LoadResult result = parse_with_department(R"(
[http]
address = "0.0.0.0"
port = 0
public_base_url = "https://ambassadeurs.example.nl/"
body_limit_bytes = 1024
read_timeout_seconds = 5
idle_timeout_seconds = 30
max_connections = 10
threads = 64
)");
  ASSERT_THAT(result.errors, IsEmpty());
  const HttpConfig& http = result.config.http;
  EXPECT_EQ(http.address, "0.0.0.0");
  EXPECT_EQ(http.port, 0);
  EXPECT_EQ(http.public_base_url, "https://ambassadeurs.example.nl");  // trailing slash dropped
  EXPECT_EQ(http.body_limit_bytes, 1024u);
  EXPECT_EQ(http.read_timeout_seconds, 5);
  EXPECT_EQ(http.idle_timeout_seconds, 30);
  EXPECT_EQ(http.max_connections, 10);
  EXPECT_EQ(http.threads, 64);
}

TEST(ConfigLoader, DefaultPublicBaseUrlFollowsAddressAndPort) {
  const LoadResult result = parse_with_department("[http]\naddress = \"10.0.0.5\"\nport = 9000\n");
  ASSERT_THAT(result.errors, IsEmpty());
  EXPECT_EQ(result.config.http.public_base_url, "http://10.0.0.5:9000");
}

TEST(ConfigLoader, DefaultPublicBaseUrlBracketsIpv6) {
  const LoadResult result = parse_with_department("[http]\naddress = \"::1\"\n");
  ASSERT_THAT(result.errors, IsEmpty());
  EXPECT_EQ(result.config.http.public_base_url, "http://[::1]:8080");
}

TEST(ConfigLoader, RejectsPortOutOfRange) {
  EXPECT_THAT(parse_with_department("[http]\nport = 65536\n").errors,
              ElementsAre(ErrorAt("http.port", "must be between 0 and 65535, got 65536")));
  EXPECT_THAT(parse_with_department("[http]\nport = -1\n").errors,
              ElementsAre(ErrorAt("http.port", "must be between 0 and 65535")));
}

TEST(ConfigLoader, RejectsPortOfWrongType) {
  EXPECT_THAT(parse_with_department("[http]\nport = \"8080\"\n").errors,
              ElementsAre(ErrorAt("http.port", "expected an integer, got a string")));
  EXPECT_THAT(parse_with_department("[http]\nport = 80.5\n").errors,
              ElementsAre(ErrorAt("http.port", "expected an integer, got a floating-point number")));
}

TEST(ConfigLoader, RejectsPublicBaseUrlThatIsNotHttp) {
  EXPECT_THAT(parse_with_department("[http]\npublic_base_url = \"ftp://example.nl\"\n").errors,
              ElementsAre(ErrorAt("http.public_base_url", "must be an http:// or https:// URL")));
  EXPECT_THAT(parse_with_department("[http]\npublic_base_url = \"example.nl\"\n").errors,
              ElementsAre(ErrorAt("http.public_base_url", "must be an http:// or https:// URL")));
  EXPECT_THAT(parse_with_department("[http]\npublic_base_url = \"https://\"\n").errors,
              ElementsAre(ErrorAt("http.public_base_url", "must be an http:// or https:// URL")));
}

TEST(ConfigLoader, RejectsSmallBodyLimit) {
  EXPECT_THAT(parse_with_department("[http]\nbody_limit_bytes = 1023\n").errors,
              ElementsAre(ErrorAt("http.body_limit_bytes", "must be at least 1024")));
}

TEST(ConfigLoader, RejectsNonPositiveTimeoutsAndLimits) {
  const LoadResult result = parse_with_department(R"(
[http]
read_timeout_seconds = 0
idle_timeout_seconds = -5
max_connections = 0
)");
  EXPECT_THAT(result.errors, ElementsAre(ErrorAt("http.read_timeout_seconds", "must be greater than 0"),
                                         ErrorAt("http.idle_timeout_seconds", "must be greater than 0"),
                                         ErrorAt("http.max_connections", "must be greater than 0")));
}

TEST(ConfigLoader, RejectsThreadsOutOfRange) {
  EXPECT_THAT(parse_with_department("[http]\nthreads = 0\n").errors,
              ElementsAre(ErrorAt("http.threads", "must be between 1 and 64")));
  EXPECT_THAT(parse_with_department("[http]\nthreads = 65\n").errors,
              ElementsAre(ErrorAt("http.threads", "must be between 1 and 64")));
}

TEST(ConfigLoader, RejectsIntegerTooLargeForField) {
  EXPECT_THAT(parse_with_department("[http]\nmax_connections = 3000000000\n").errors,
              ElementsAre(ErrorAt("http.max_connections", "must be at most 2147483647, got 3000000000")));
}

TEST(ConfigLoader, ReadsStorage) {
  const LoadResult result =
      parse_with_department("[storage]\ndata_dir = \"/var/lib/ab\"\ndatabase = \"x.db\"\nbusy_timeout_ms = 0\n");
  ASSERT_THAT(result.errors, IsEmpty());
  EXPECT_EQ(result.config.storage.busy_timeout_ms, 0);
  EXPECT_EQ(result.config.database_path(), "/var/lib/ab/x.db");
}

TEST(ConfigLoader, StorageIsSqliteUnlessPostgresIsAskedFor) {
  const LoadResult result = parse_with_department("");
  ASSERT_THAT(result.errors, IsEmpty());
  EXPECT_EQ(result.config.storage.backend, "sqlite");
  EXPECT_EQ(result.config.database_address(), result.config.database_path());
}

TEST(ConfigLoader, PostgresNeedsItsUrlAsASecret) {
  EXPECT_THAT(
      parse_with_department("[storage]\nbackend = \"postgres\"\n").errors,
      ElementsAre(ErrorAt("storage.postgres_url", "missing required key 'postgres_url' when backend is \"postgres\"")));
  const auto literal =
      parse_with_department("[storage]\nbackend = \"postgres\"\npostgres_url = \"postgresql://u:pw@db/x\"\n");
  ASSERT_THAT(literal.errors, SizeIs(1));
  EXPECT_EQ(literal.errors[0].path, "storage.postgres_url");
  EXPECT_THAT(literal.errors[0].message, Not(HasSubstr("pw"))) << "a secret pasted in is never echoed";
  EXPECT_THAT(parse_with_department("[storage]\nbackend = \"mysql\"\n").errors, SizeIs(1));
}

TEST(ConfigLoader, PostgresAddressComesFromTheSecretAndIsNeverTheLabel) {
  ::setenv("AMBASSADOR_TEST_PG_URL", "postgresql://ambassador:hunter2@db.example.org/ambassador", 1);
  const LoadResult result =
      parse_with_department("[storage]\nbackend = \"postgres\"\npostgres_url = \"env:AMBASSADOR_TEST_PG_URL\"\n");
  ASSERT_THAT(result.errors, IsEmpty());
  EXPECT_EQ(result.config.database_address(), "postgresql://ambassador:hunter2@db.example.org/ambassador");
  EXPECT_EQ(result.config.database_label(), "PostgreSQL at env:AMBASSADOR_TEST_PG_URL");
  ::setenv("AMBASSADOR_TEST_PG_URL", "db.example.org", 1);
  EXPECT_THROW(result.config.database_address(), std::runtime_error) << "not a PostgreSQL URL";
  ::unsetenv("AMBASSADOR_TEST_PG_URL");
}

TEST(ConfigLoader, RejectsNegativeBusyTimeout) {
  EXPECT_THAT(parse_with_department("[storage]\nbusy_timeout_ms = -1\n").errors,
              ElementsAre(ErrorAt("storage.busy_timeout_ms", "must be at least 0")));
}

TEST(ConfigLoader, RejectsUnknownLogLevelAndFormat) {
  const LoadResult result = parse_with_department("[log]\nlevel = \"verbose\"\nformat = \"xml\"\n");
  EXPECT_THAT(result.errors, ElementsAre(ErrorAt("log.level", "'verbose' is not one of"),
                                         ErrorAt("log.format", "'xml' is not one of 'text' or 'json'")));
}

TEST(ConfigLoader, AcceptsEveryLogLevel) {
  for (const char* level : {"trace", "debug", "info", "warn", "error", "off"}) {
    const LoadResult result = parse_with_department(std::string("[log]\nlevel = \"") + level + "\"\n");
    EXPECT_THAT(result.errors, IsEmpty()) << level;
    EXPECT_EQ(result.config.log.level, level);
  }
}

TEST(ConfigLoader, ReadsDelivery) {
  const LoadResult result = parse_with_department(R"(
[delivery]
daily_cap_per_ambassador = 0
quiet_hours_start = "23:59"
quiet_hours_end = "00:00"
give_up_after_minutes = 1
global_rate_per_second = 10
channel_rate_per_second = 0.5
)");
  ASSERT_THAT(result.errors, IsEmpty());
  const DeliveryConfig& delivery = result.config.delivery;
  EXPECT_EQ(delivery.daily_cap_per_ambassador, 0);
  EXPECT_EQ(delivery.quiet_hours_start, "23:59");
  EXPECT_EQ(delivery.quiet_hours_end, "00:00");
  EXPECT_EQ(delivery.give_up_after_minutes, 1);
  EXPECT_DOUBLE_EQ(delivery.global_rate_per_second, 10.0);  // an integer is a fine rate
  EXPECT_DOUBLE_EQ(delivery.channel_rate_per_second, 0.5);
}

TEST(ConfigLoader, RejectsBadDeliverySettings) {
  const LoadResult result = parse_with_department(R"(
[delivery]
daily_cap_per_ambassador = -1
quiet_hours_start = "24:00"
quiet_hours_end = "8:00"
give_up_after_minutes = 0
global_rate_per_second = 0
channel_rate_per_second = -1.5
)");
  EXPECT_THAT(result.errors, ElementsAre(ErrorAt("delivery.daily_cap_per_ambassador", "must be at least 0"),
                                         ErrorAt("delivery.quiet_hours_start", "\"HH:MM\" between 00:00 and 23:59"),
                                         ErrorAt("delivery.quiet_hours_end", "\"HH:MM\" between 00:00 and 23:59"),
                                         ErrorAt("delivery.give_up_after_minutes", "must be greater than 0"),
                                         ErrorAt("delivery.global_rate_per_second", "must be greater than 0"),
                                         ErrorAt("delivery.channel_rate_per_second", "must be greater than 0")));
}

TEST(ConfigLoader, RejectsQuietHoursWithBadMinutes) {
  EXPECT_THAT(parse_with_department("[delivery]\nquiet_hours_end = \"08:60\"\n").errors,
              ElementsAre(ErrorAt("delivery.quiet_hours_end", "HH:MM")));
}

TEST(ConfigLoader, RejectsRateThatIsNotANumber) {
  EXPECT_THAT(parse_with_department("[delivery]\nglobal_rate_per_second = \"fast\"\n").errors,
              ElementsAre(ErrorAt("delivery.global_rate_per_second", "expected a number, got a string")));
  EXPECT_THAT(parse_with_department("[delivery]\nglobal_rate_per_second = inf\n").errors,
              ElementsAre(ErrorAt("delivery.global_rate_per_second", "must be a finite number")));
}

}  // namespace
}  // namespace ambassador::config
