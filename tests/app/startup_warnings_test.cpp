// The unsafe settings a config can carry are said at start: the local chat beside a real platform or off loopback,
// and a demo config's short tokens.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bot/app/startup_warnings.hpp"

namespace ambassador::app {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

TEST(StartupWarnings, ASafeConfigGetsNone) {
  config::Config config;
  config.platforms.slack.enabled = true;
  EXPECT_THAT(startup_warnings(config), IsEmpty());
}

TEST(StartupWarnings, TheLocalChatAloneOnLoopbackGetsNone) {
  config::Config config;
  config.platforms.local.enabled = true;
  EXPECT_THAT(startup_warnings(config), IsEmpty());
}

TEST(StartupWarnings, TheLocalChatBesideARealPlatformIsWarnedOf) {
  config::Config config;
  config.platforms.local.enabled = true;
  config.platforms.telegram.enabled = true;
  EXPECT_THAT(startup_warnings(config), ElementsAre(HasSubstr("beside a real chat platform")));
}

TEST(StartupWarnings, TheLocalChatOffLoopbackIsWarnedOf) {
  config::Config config;
  config.platforms.local.enabled = true;
  config.http.address = "0.0.0.0";
  EXPECT_THAT(startup_warnings(config), ElementsAre(HasSubstr("listens on 0.0.0.0, not on loopback")));
}

TEST(StartupWarnings, ADemoConfigIsWarnedOf) {
  config::Config config;
  config.demo = true;
  EXPECT_THAT(startup_warnings(config), ElementsAre(HasSubstr("demo configuration")));
}

}  // namespace
}  // namespace ambassador::app
