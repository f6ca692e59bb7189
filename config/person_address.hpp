#pragma once
// A person on a chat platform, written in the config as "platform:user_id" ("local:eva", "telegram:123456789") or,
// on Slack, where user ids are only unique within a workspace, "slack:T0123/U0456". Escalation contacts use it.
#include <optional>
#include <string>
#include <string_view>

namespace ambassador::config {

struct PersonAddress {
  std::string platform;   // "local", "slack", "telegram" or "teams"
  std::string workspace;  // the Slack team id; empty on the other platforms
  std::string user_id;

  std::string to_string() const;  // back in the written form
  bool operator==(const PersonAddress&) const = default;
};

// nullopt with `why` set (a sentence naming the accepted forms) when `text` is not a person address.
std::optional<PersonAddress> parse_person_address(std::string_view text, std::string& why);

}  // namespace ambassador::config
