// Recognition through the real service: kudos, ranking opt-in and stats over the local chat's HTTP routes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <spdlog/spdlog.h>

#include "bot/i18n/catalog.hpp"
#include "running_application.hpp"

namespace ambassador::testing {
namespace {
using ::testing::HasSubstr;

constexpr const char* kWijkChannel = "wijkbeheer-ambassadeurs";

class ImpactAppTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const char* level = std::getenv("AMBASSADOR_TEST_LOG_LEVEL");
    spdlog::set_level(level ? spdlog::level::from_str(level) : spdlog::level::warn);
  }
  TempDir data_dir_;
};

TEST_F(ImpactAppTest, KudosReachTheReceiverAndShowInTheirStats) {
  RunningApplication running(demo_config(data_dir_.path()));
  const auto port = running.port();
  say(port, kWijkChannel, "anna", "/kudos @bram voor de hulp bij de wijkavond", "k1");
  const auto to_anna = wait_for_messages(port, kWijkChannel, 1, 0, "anna");
  ASSERT_EQ(to_anna.size(), 1u);
  EXPECT_EQ(to_anna[0].text, i18n::translate(i18n::Language::nl, i18n::Msg::kudos_sent, {{"name", "Bram Jansen"}}));
  EXPECT_EQ(to_anna[0].visible_to, "anna");

  const auto to_bram = wait_for_messages(port, "dm:bram", 1, 0, "bram");
  ASSERT_EQ(to_bram.size(), 1u);
  EXPECT_EQ(to_bram[0].text, "Kudos van Anna de Vries: \u201cvoor de hulp bij de wijkavond\u201d");

  say(port, kWijkChannel, "bram", "/ranglijst aan", "k2");
  say(port, kWijkChannel, "bram", "/resultaten", "k3");
  const auto to_bram_in_channel = wait_for_messages(port, kWijkChannel, 2, 0, "bram");
  ASSERT_EQ(to_bram_in_channel.size(), 2u);
  EXPECT_THAT(to_bram_in_channel[1].text, HasSubstr("Kudos van collega's: 1."));
  EXPECT_THAT(to_bram_in_channel[1].text, HasSubstr("Je plek in Wijkbeheer"));
}

}  // namespace
}  // namespace ambassador::testing
