#include "adapters/slack/workspace_claim.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "adapters/slack/endpoints.hpp"
#include "adapters/slack/slack_webhook_adapter.hpp"
#include "bot/http/form.hpp"
#include "testing.hpp"

namespace ambassador::adapters::slack {
namespace {

using ambassador::testing::fixture;
using nlohmann::json;

std::string team_of(std::string_view path, std::string_view body) {
  const auto claim = workspace_claim(path, body);
  if (!claim) return "<no claim>";
  return claim->handshake ? "<handshake>" : claim->team_id;
}

std::string interaction(const json& payload) { return http::encode_form({{"payload", payload.dump()}}); }

// Whatever workspace the verifier checks the signature for must be the one the parser then files the events under.
TEST(SlackWorkspaceClaim, NamesTheWorkspaceTheParserReadsForEveryFixture) {
  const SlackWebhookAdapter parser({});
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(AMBASSADOR_FIXTURES_DIR) + "/slack")) {
    const std::string name = entry.path().filename().string();
    std::string path, body = fixture("slack/" + name), type;
    if (name.starts_with("event_callback") && name.ends_with(".json")) {
      path = std::string(kEventsPath), type = "application/json";
    } else if (name.starts_with("slash_command")) {
      path = std::string(kCommandsPath), type = "application/x-www-form-urlencoded";
    } else if (name.ends_with(".form.txt")) {
      path = std::string(kInteractivityPath), type = "application/x-www-form-urlencoded";
    } else {
      continue;
    }
    http::Request request;
    request.path = path;
    request.headers = {{"Content-Type", type}};
    request.body = body;
    const auto parsed = parser.parse(request);
    ASSERT_TRUE(parsed.error.empty()) << name << ": " << parsed.error;
    for (const auto& event : parsed.events) EXPECT_EQ(team_of(path, body), event.workspace) << name;
    if (!parsed.events.empty()) ++checked;
  }
  EXPECT_GE(checked, 8);
}

TEST(SlackWorkspaceClaim, EventsNameTheirWorkspaceByTheEnvelopesTeamId) {
  EXPECT_EQ(team_of(kEventsPath, R"({"type":"event_callback","team_id":"T1","event":{"team":"T9"}})"), "T1");
  EXPECT_EQ(team_of(kEventsPath, R"({"type":"event_callback","team\u005fid":"T1"})"), "T1") << "decoded as parsed";
  EXPECT_EQ(team_of(kEventsPath, R"({"type":"event_callback","event":{"team_id":"T9"}})"), "<no claim>");
  EXPECT_EQ(team_of(kEventsPath, R"({"type":"event_callback","team_id":42})"), "<no claim>");
  EXPECT_EQ(team_of(kEventsPath, R"({"type":"event_callback","team_id":""})"), "<no claim>");
  EXPECT_EQ(team_of(kEventsPath, R"([{"team_id":"T1"}])"), "<no claim>");
  EXPECT_EQ(team_of(kEventsPath, R"({"team_id":"T1")"), "<no claim>") << "not JSON";
}

TEST(SlackWorkspaceClaim, AWorkspaceNamedTwiceIsNoClaim) {
  // The parser keeps the last of duplicate keys: the signature must not be checked against the first.
  EXPECT_EQ(team_of(kEventsPath, R"({"type":"event_callback","team_id":"T2","team_id":"T1"})"), "<no claim>");
  EXPECT_EQ(team_of(kEventsPath, R"({"type":"url_verification","type":"event_callback"})"), "<no claim>");
  EXPECT_EQ(team_of(kCommandsPath, "team_id=T2&team_id=T1&trigger_id=1"), "<no claim>");
  const auto payload = [](std::string text) { return http::encode_form({{"payload", std::move(text)}}); };
  EXPECT_EQ(team_of(kInteractivityPath, payload(R"({"team":{"id":"T2","id":"T1"}})")), "<no claim>");
  EXPECT_EQ(team_of(kInteractivityPath, payload(R"({"team":{"id":"T2"},"team":null,"user":{"team_id":"T1"}})")),
            "<no claim>");
  EXPECT_EQ(team_of(kInteractivityPath, payload(R"({"user":{"team_id":"T2"},"user":{"team_id":"T1"}})")), "<no claim>");
  EXPECT_EQ(team_of(kInteractivityPath, http::encode_form({{"payload", R"({"team":{"id":"T2"}})"},
                                                           {"payload", R"({"team":{"id":"T1"}})"}})),
            "<no claim>");
}

TEST(SlackWorkspaceClaim, HandshakesNameNoWorkspace) {
  EXPECT_EQ(team_of(kEventsPath, fixture("slack/url_verification.json")), "<handshake>");
  EXPECT_EQ(team_of(kCommandsPath, "ssl_check=1&token=legacy"), "<handshake>");
  EXPECT_EQ(team_of(kCommandsPath, "ssl_check=1&team_id=T1"), "T1");
  EXPECT_EQ(team_of(kCommandsPath, "command=%2Fhelp&trigger_id=1"), "<no claim>");
  EXPECT_EQ(team_of(kInteractivityPath, interaction({{"type", "url_verification"}})), "<no claim>");
}

TEST(SlackWorkspaceClaim, InteractivityFallsBackToTheUsersTeamAsTheParserDoes) {
  EXPECT_EQ(team_of(kInteractivityPath, interaction({{"team", nullptr}, {"user", {{"team_id", "T3"}}}})), "T3");
  EXPECT_EQ(team_of(kInteractivityPath,
                    interaction({{"team", json::array({{{"id", "T9"}}})}, {"user", {{"team_id", "T3"}}}})),
            "T3");
  EXPECT_EQ(team_of(kInteractivityPath, interaction({{"team", {{"id", "T1"}}}, {"user", {{"team_id", "T3"}}}})), "T1");
  EXPECT_EQ(team_of(kInteractivityPath, interaction({{"user", {{"id", "U1"}}}})), "<no claim>");
  EXPECT_EQ(team_of(kInteractivityPath, "other=1"), "<no claim>");
  EXPECT_EQ(team_of(kInteractivityPath, "payload=%ZZ"), "<no claim>");
}

TEST(SlackWorkspaceClaim, RefusesBodiesNestedDeeperThanSlacksInsteadOfWalkingThem) {
  const auto nested = [](std::size_t depth) {
    return R"({"type":"event_callback","team_id":"T1","event":)" + std::string(depth - 1, '[') +
           std::string(depth - 1, ']') + "}";
  };
  EXPECT_EQ(team_of(kEventsPath, nested(kMaxClaimDepth)), "T1");
  EXPECT_EQ(team_of(kEventsPath, nested(kMaxClaimDepth + 1)), "<no claim>");
  EXPECT_EQ(team_of(kEventsPath, nested(100000)), "<no claim>");
}

TEST(SlackWorkspaceClaim, OnlySlacksEndpointsHaveClaims) {
  EXPECT_EQ(team_of("/slack/other", R"({"team_id":"T1"})"), "<no claim>");
}

}  // namespace
}  // namespace ambassador::adapters::slack
