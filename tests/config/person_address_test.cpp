// parse_person_address: how escalation contacts (and the domain code) name a person on a platform.
#include <gtest/gtest.h>

#include "config/person_address.hpp"

namespace ambassador::config {
namespace {

PersonAddress parsed(std::string_view text) {
  std::string why;
  const auto address = parse_person_address(text, why);
  EXPECT_TRUE(address.has_value()) << text << ": " << why;
  return address.value_or(PersonAddress{});
}

std::string why_not(std::string_view text) {
  std::string why;
  EXPECT_FALSE(parse_person_address(text, why).has_value()) << text;
  return why;
}

TEST(PersonAddress, ParsesEachPlatform) {
  EXPECT_EQ(parsed("local:eva"), (PersonAddress{"local", "", "eva"}));
  EXPECT_EQ(parsed("slack:T0123/U0456"), (PersonAddress{"slack", "T0123", "U0456"}));
  EXPECT_EQ(parsed("telegram:123456789"), (PersonAddress{"telegram", "", "123456789"}));
  EXPECT_EQ(parsed("teams:72f988bf-86f1-41af-91ab-2d7cd011db47/29:1abcDEF"),
            (PersonAddress{"teams", "72f988bf-86f1-41af-91ab-2d7cd011db47", "29:1abcDEF"}))
      << "Teams ids hold a colon";
}

TEST(PersonAddress, WritesBackTheSameText) {
  for (const char* text : {"local:eva", "slack:T0123/U0456", "teams:tenant-1/29:1abc"}) {
    EXPECT_EQ(parsed(text).to_string(), text);
  }
}

TEST(PersonAddress, SlackNeedsTheWorkspace) {
  EXPECT_NE(why_not("slack:U0456").find("a Slack address needs the workspace (team id)"), std::string::npos);
  EXPECT_NE(why_not("slack:/U0456").find("needs the workspace"), std::string::npos);
  EXPECT_NE(why_not("slack:T0123/").find("is not a person address"), std::string::npos);
  EXPECT_NE(why_not("slack:T0123/U04/56").find("is not a person address"), std::string::npos);
}

TEST(PersonAddress, TeamsNeedsTheTenant) {
  EXPECT_NE(why_not("teams:29:1abc").find("a Teams address needs the tenant id"), std::string::npos);
  EXPECT_NE(why_not("teams:/29:1abc").find("needs the tenant id"), std::string::npos);
}

TEST(PersonAddress, RejectsMalformedAddresses) {
  EXPECT_NE(why_not("eva").find("'eva' is not a person address: write \"platform:user_id\""), std::string::npos);
  EXPECT_NE(why_not("whatsapp:31612345678").find("unknown platform 'whatsapp'; platforms are 'local'"),
            std::string::npos);
  EXPECT_NE(why_not(":eva").find("unknown platform ''"), std::string::npos);
  EXPECT_NE(why_not("local:").find("is not a person address"), std::string::npos);
  EXPECT_NE(why_not("local:e va").find("is not a person address"), std::string::npos);
  EXPECT_NE(why_not("local:T1/eva").find("only Slack and Teams addresses have a workspace part"), std::string::npos);
}

}  // namespace
}  // namespace ambassador::config
