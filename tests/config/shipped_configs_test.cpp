// The configuration files shipped in config/: they must always load.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

#include "config/demo.hpp"
#include "config/loader.hpp"
#include "config_matchers.hpp"
#include "testing.hpp"

namespace ambassador::config {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;

const std::string kConfigDir = std::string(AMBASSADOR_SOURCE_DIR) + "/config/";

bool has_channel_on(const Config& config, const std::string& platform) {
  return std::any_of(config.departments.begin(), config.departments.end(), [&](const DepartmentConfig& d) {
    return std::any_of(d.channels.begin(), d.channels.end(),
                       [&](const ChannelConfig& c) { return c.platform == platform; });
  });
}

TEST(ShippedConfig, DemoLoads) {
  const LoadResult result = load_config_file(kConfigDir + "demo.toml");
  ASSERT_THAT(result.errors, IsEmpty());
  const Config& config = result.config;
  EXPECT_EQ(config.organisation.name, "Gemeente Voorbeeldstad");
  EXPECT_EQ(config.organisation.language, "nl");
  EXPECT_EQ(config.organisation.time_zone, "Europe/Amsterdam");
  EXPECT_EQ(config.http.address, "127.0.0.1");
  EXPECT_EQ(config.http.port, 8080);
  EXPECT_EQ(config.storage.data_dir, "data");
  EXPECT_EQ(config.log.level, "info");
  EXPECT_EQ(config.log.format, "text");
  EXPECT_THAT(config.themes, Contains("klimaat"));
  for (const char* id : {"wijkbeheer", "groenbeheer", "schulddienstverlening", "webcare"}) {
    const DepartmentConfig* department = config.find_department(id);
    ASSERT_NE(department, nullptr) << id;
    ASSERT_EQ(department->channels.size(), std::string_view(id) == "groenbeheer" ? 1u : 2u) << id;
    for (const ChannelConfig& channel : department->channels) EXPECT_EQ(channel.platform, "local") << id;
    EXPECT_EQ(department->time_zone, "Europe/Amsterdam") << id;
  }
  const auto& webcare_channels = config.find_department("webcare")->channels;
  EXPECT_EQ(webcare_channels[0].purpose, "webcare");
  EXPECT_EQ(webcare_channels[0].id, "webcare-team");
  // The demo's programme admins hear when the bot joins or leaves a group.
  EXPECT_EQ(webcare_channels[1].purpose, "admins");
  EXPECT_EQ(webcare_channels[1].id, "programmabeheer");
  EXPECT_GE(config.ambassadors.size(), 4u);
  ASSERT_EQ(config.api_tokens.size(), 3u);
  EXPECT_EQ(config.api_tokens[0].token.reference(), "env:AMBASSADOR_DEMO_EDITOR_TOKEN");
  EXPECT_EQ(config.api_tokens[0].role, "editor");
  EXPECT_EQ(config.api_tokens[1].token.reference(), "env:AMBASSADOR_DEMO_ADMIN_TOKEN");
  EXPECT_EQ(config.api_tokens[1].role, "admin");
  EXPECT_EQ(config.api_tokens[2].token.reference(), "env:AMBASSADOR_DEMO_WEBCARE_TOKEN");
  EXPECT_EQ(config.api_tokens[2].role, "webcare");
  EXPECT_TRUE(config.platforms.local.enabled);
  EXPECT_TRUE(config.demo);
  EXPECT_FALSE(config.platforms.slack.enabled);
  EXPECT_FALSE(config.platforms.telegram.enabled);
}

TEST(ShippedConfig, DemoRoutesAndEscalatesWebcareQuestions) {
  const LoadResult result = load_config_file(kConfigDir + "demo.toml");
  ASSERT_THAT(result.errors, IsEmpty());
  const Config& config = result.config;
  ASSERT_NE(config.find_department("wijkbeheer"), nullptr);
  ASSERT_NE(config.find_department("schulddienstverlening"), nullptr);
  const DepartmentConfig& wijk = *config.find_department("wijkbeheer");
  ASSERT_EQ(wijk.channels.size(), 2u);
  EXPECT_THAT(wijk.keywords, ElementsAre("afval", "container", "straatverlichting", "parkeren"));
  EXPECT_EQ(wijk.channels[1].purpose, "experts");
  EXPECT_EQ(wijk.channels[1].id, "wijkbeheer-experts");
  EXPECT_THAT(wijk.backup_contacts, Not(IsEmpty()));
  EXPECT_FALSE(wijk.lead.empty());
  const DepartmentConfig& schulden = *config.find_department("schulddienstverlening");
  ASSERT_EQ(schulden.channels.size(), 2u);
  EXPECT_EQ(schulden.channels[1].purpose, "leads");
  EXPECT_EQ(schulden.channels[1].id, "schulddienstverlening-leads");
  EXPECT_EQ(schulden.business_hours.opens, "09:00");
  EXPECT_THAT(schulden.business_hours.holidays, Contains("2026-07-01"));
  EXPECT_THAT(schulden.business_hours.holidays, Contains("2027-05-17")) << "the organisation's too";
  EXPECT_THAT(config.organisation.business_hours.holidays, Contains("2026-12-25"));
  EXPECT_EQ(config.webcare.default_department, "wijkbeheer");
  // The demo writes out the SLA defaults so people see them; they must be the built-in ones.
  const WebcareConfig defaults;
  for (const auto& [written, built_in] :
       {std::pair{config.webcare.high, defaults.high}, std::pair{config.webcare.normal, defaults.normal},
        std::pair{config.webcare.low, defaults.low}, std::pair{config.webcare.complaint, defaults.complaint},
        std::pair{config.webcare.lead, defaults.lead}}) {
    EXPECT_EQ(written.claim, built_in.claim);
    EXPECT_EQ(written.answer, built_in.answer);
  }
  EXPECT_EQ(config.webcare.digest_time, defaults.digest_time);
  EXPECT_EQ(config.webcare.reminder_percent, defaults.reminder_percent);
  EXPECT_EQ(config.webcare.retention_days, defaults.retention_days);
}

TEST(ShippedConfig, EmbeddedDemoIsTheDemoFile) {
  EXPECT_EQ(demo_config_toml(), ambassador::testing::read_file(kConfigDir + "demo.toml"));
  EXPECT_THAT(parse_config(demo_config_toml(), "demo.toml").errors, IsEmpty());
}

TEST(ShippedConfig, ExampleLoadsWithSlackAndTelegram) {
  const LoadResult result = load_config_file(kConfigDir + "example.toml");
  ASSERT_THAT(result.errors, IsEmpty());
  const Config& config = result.config;
  EXPECT_TRUE(config.platforms.slack.enabled);
  EXPECT_TRUE(config.platforms.telegram.enabled);
  EXPECT_FALSE(config.platforms.local.enabled);
  EXPECT_FALSE(config.demo);
  ASSERT_FALSE(config.platforms.slack.workspaces.empty());
  EXPECT_EQ(config.platforms.slack.workspaces[0].bot_token.reference().rfind("env:", 0), 0u);
  EXPECT_EQ(config.platforms.telegram.bot_token.reference().rfind("env:", 0), 0u);
  EXPECT_TRUE(has_channel_on(config, "slack"));
  EXPECT_TRUE(has_channel_on(config, "telegram"));
}

}  // namespace
}  // namespace ambassador::config
