// How problems are reported: unknown keys, wrong types, syntax errors, several problems at once, files.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/loader.hpp"
#include "config_matchers.hpp"
#include "testing.hpp"

namespace ambassador::config {
namespace {

using test::ErrorAt;
using test::parse_with_department;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;

TEST(ConfigUnknownKeys, SuggestsNearKnownKey) {
  EXPECT_THAT(parse_with_department("[http]\nprot = 8080\n").errors,
              ElementsAre(ErrorAt("http.prot", "unknown key 'prot'; did you mean 'port'?")));
}

TEST(ConfigUnknownKeys, GivesNoSuggestionWhenNothingIsClose) {
  const LoadResult result = parse_with_department("[http]\ncolour = \"blue\"\n");
  ASSERT_THAT(result.errors, ElementsAre(ErrorAt("http.colour", "unknown key 'colour'")));
  EXPECT_EQ(result.errors[0].message, "unknown key 'colour'");
}

TEST(ConfigUnknownKeys, ReportsUnknownTopLevelKeysAndTables) {
  const LoadResult result = parse_with_department("themse = [\"klimaat\"]\n[metrics]\nenabled = true\n");
  EXPECT_THAT(result.errors, UnorderedElementsAre(ErrorAt("themse", "unknown key 'themse'; did you mean 'themes'?"),
                                                  ErrorAt("metrics", "unknown key 'metrics'")));
}

TEST(ConfigUnknownKeys, ReportsUnknownKeysInNestedArraysOfTables) {
  const LoadResult result = parse_config(R"(
[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"
timezone = "Europe/Amsterdam"

  [[departments.channels]]
  platform = "local"
  id = "wijk"
  purpsoe = "webcare"
)",
                                         "test.toml");
  EXPECT_THAT(result.errors,
              UnorderedElementsAre(
                  ErrorAt("departments[0].timezone", "unknown key 'timezone'; did you mean 'time_zone'?"),
                  ErrorAt("departments[0].channels[0].purpsoe", "unknown key 'purpsoe'; did you mean 'purpose'?")));
}

TEST(ConfigUnknownKeys, ExplainsTopLevelKeyWrittenAfterATable) {
  EXPECT_THAT(parse_with_department("[log]\nlevel = \"info\"\nthemes = [\"klimaat\"]\n").errors,
              ElementsAre(ErrorAt("log.themes", "'themes' belongs at the top of the file, before the first [table]")));
}

TEST(ConfigUnknownKeys, ReportsUnknownPlatform) {
  EXPECT_THAT(parse_with_department("[platforms.whatsapp]\nenabled = true\n").errors,
              ElementsAre(ErrorAt("platforms.whatsapp", "unknown key 'whatsapp'")));
}

TEST(ConfigTypes, RejectsSectionOfWrongType) {
  EXPECT_THAT(parse_with_department("http = 8080\n").errors,
              ElementsAre(ErrorAt("http", "expected a table, got an integer")));
  EXPECT_THAT(parse_with_department("[organisation]\nname = 12\n").errors,
              ElementsAre(ErrorAt("organisation.name", "expected a string, got an integer")));
  EXPECT_THAT(parse_with_department("[organisation]\nname = 1979-05-27\n").errors,
              ElementsAre(ErrorAt("organisation.name", "expected a string, got a date")));
}

TEST(ConfigTypes, RejectsArrayElementThatIsNotATable) {
  const LoadResult result = parse_config(R"(
departments = [{ id = "wijkbeheer", name = "Wijkbeheer" }, "groen"]
)",
                                         "test.toml");
  EXPECT_THAT(result.errors, ElementsAre(ErrorAt("departments[1]", "expected a table, got a string")));
}

TEST(ConfigErrors, ReportsEveryProblemInOneFile) {
  const LoadResult result = parse_config(R"(
themes = ["klimaat", "Klimaat"]

[organisation]
language = "de"

[http]
prot = 8080
threads = 0

[[departments]]
id = "wijkbeheer"
time_zone = "Europe/Nowhere"

[[ambassadors]]
department = "groen"
platform = "local"
user_id = "anna"

[[api_tokens]]
name = "comms"
token = "plain-text-token"
role = "editor"
)",
                                         "test.toml");
  EXPECT_THAT(result.errors,
              UnorderedElementsAre(
                  ErrorAt("themes[1]", "not a valid name"), ErrorAt("organisation.language", "'de' is not one of"),
                  ErrorAt("http.prot", "did you mean 'port'?"), ErrorAt("http.threads", "must be between 1 and 64"),
                  ErrorAt("departments[0].name", "missing required key 'name'"),
                  ErrorAt("departments[0].time_zone", "unknown IANA time zone 'Europe/Nowhere'"),
                  ErrorAt("ambassadors[0].department", "unknown department 'groen'"),
                  ErrorAt("api_tokens[0].token", "secrets must be a reference")));
  EXPECT_FALSE(result.ok());
}

TEST(ConfigErrors, ReportsSyntaxErrorWithPosition) {
  const LoadResult result = parse_config("[http]\nport = 8080\naddress = \"127.0.0.1\n", "broken.toml");
  ASSERT_THAT(result.errors, SizeIs(1));
  EXPECT_EQ(result.errors[0].path, "");
  EXPECT_THAT(result.errors[0].message, StartsWith("broken.toml:3:"));
}

TEST(ConfigErrors, ReportsDuplicateKeyAsSyntaxError) {
  const LoadResult result = parse_config("[http]\nport = 1\nport = 2\n", "dup.toml");
  ASSERT_THAT(result.errors, SizeIs(1));
  EXPECT_THAT(result.errors[0].message, StartsWith("dup.toml:3:"));
}

TEST(ConfigErrors, ToStringJoinsPathAndMessage) {
  EXPECT_EQ((ConfigError{"http.port", "must be between 0 and 65535"}).to_string(),
            "http.port: must be between 0 and 65535");
  EXPECT_EQ((ConfigError{"", "a.toml:1:2: bad"}).to_string(), "a.toml:1:2: bad");
}

TEST(ConfigFile, LoadsFile) {
  ambassador::testing::TempDir dir;
  ambassador::testing::write_file(dir.file("bot.toml"),
                                  "[http]\nport = 9090\n[[departments]]\nid = \"wijk\"\nname = \"Wijk\"\n");
  const LoadResult result = load_config_file(dir.file("bot.toml"));
  ASSERT_THAT(result.errors, IsEmpty());
  EXPECT_EQ(result.config.http.port, 9090);
}

TEST(ConfigFile, NamesTheFileInSyntaxErrors) {
  ambassador::testing::TempDir dir;
  ambassador::testing::write_file(dir.file("bot.toml"), "[http\n");
  const LoadResult result = load_config_file(dir.file("bot.toml"));
  ASSERT_THAT(result.errors, SizeIs(1));
  EXPECT_THAT(result.errors[0].message, StartsWith(dir.file("bot.toml") + ":1:"));
}

TEST(ConfigFile, ReportsMissingFileAsOneError) {
  ambassador::testing::TempDir dir;
  const LoadResult result = load_config_file(dir.file("missing.toml"));
  ASSERT_THAT(result.errors, SizeIs(1));
  EXPECT_EQ(result.errors[0].path, "");
  EXPECT_THAT(result.errors[0].message, HasSubstr(dir.file("missing.toml")));
}

TEST(ConfigFile, ReportsDirectoryAsOneError) {
  ambassador::testing::TempDir dir;
  const LoadResult result = load_config_file(dir.path().string());
  ASSERT_THAT(result.errors, SizeIs(1));
  EXPECT_THAT(result.errors[0].message, HasSubstr("directory"));
}

}  // namespace
}  // namespace ambassador::config
