#include "config/person_address.hpp"

#include <algorithm>

#include "config/checks.hpp"
#include "config/sections.hpp"

namespace ambassador::config {
namespace {

constexpr std::string_view kForms =
    "write \"platform:user_id\" (\"local:eva\") or, on Slack and Teams, \"slack:T0123/U0456\" and "
    "\"teams:<tenant id>/29:1abc\"";

bool has_space_or_control(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) <= ' '; });
}

}  // namespace

std::string PersonAddress::to_string() const {
  return platform + ":" + (workspace.empty() ? "" : workspace + "/") + user_id;
}

std::optional<PersonAddress> parse_person_address(std::string_view text, std::string& why) {
  const std::string quoted = "'" + std::string(text) + "'";
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) {
    why = quoted + " is not a person address: " + std::string(kForms);
    return std::nullopt;
  }
  PersonAddress address;
  address.platform = std::string(text.substr(0, colon));
  std::string_view rest = text.substr(colon + 1);
  if (!checks::is_one_of(address.platform, sections::kPlatforms)) {
    why = quoted + ": unknown platform '" + address.platform + "'; platforms are " +
          checks::list_alternatives(sections::kPlatforms);
    return std::nullopt;
  }
  const auto slash = rest.find('/');
  if (address.platform == "slack" || address.platform == "teams") {
    // Slack user ids are unique only within a workspace, and the bot needs the workspace's token to reach them;
    // a Teams person is reached through a chat created in their tenant. Both platforms' events name it.
    if (slash == std::string_view::npos || slash == 0) {
      why = quoted + (address.platform == "slack"
                          ? ": a Slack address needs the workspace (team id): \"slack:T0123/U0456\""
                          : ": a Teams address needs the tenant id: \"teams:<tenant id>/29:1abc\"");
      return std::nullopt;
    }
    address.workspace = std::string(rest.substr(0, slash));
    rest.remove_prefix(slash + 1);
  } else if (slash != std::string_view::npos) {
    why = quoted + ": only Slack and Teams addresses have a workspace part; " + std::string(kForms);
    return std::nullopt;
  }
  if (rest.empty() || has_space_or_control(text) || rest.find('/') != std::string_view::npos) {
    why = quoted + " is not a person address: " + std::string(kForms);
    return std::nullopt;
  }
  address.user_id = std::string(rest);
  return address;
}

}  // namespace ambassador::config
