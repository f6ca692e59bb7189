// The configuration files shipped in config/: they must always load.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "config/demo.hpp"
#include "config/loader.hpp"
#include "config_matchers.hpp"
#include "testing.hpp"

namespace ambassador::config {
namespace {

using ::testing::Contains;
using ::testing::IsEmpty;

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
    ASSERT_EQ(department->channels.size(), std::string_view(id) == "webcare" ? 2u : 1u) << id;
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
  ASSERT_EQ(config.api_tokens.size(), 2u);
  EXPECT_EQ(config.api_tokens[0].token.reference(), "env:AMBASSADOR_DEMO_EDITOR_TOKEN");
  EXPECT_EQ(config.api_tokens[0].role, "editor");
  EXPECT_EQ(config.api_tokens[1].token.reference(), "env:AMBASSADOR_DEMO_ADMIN_TOKEN");
  EXPECT_EQ(config.api_tokens[1].role, "admin");
  EXPECT_TRUE(config.platforms.local.enabled);
  EXPECT_TRUE(config.demo);
  EXPECT_FALSE(config.platforms.slack.enabled);
  EXPECT_FALSE(config.platforms.telegram.enabled);
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
