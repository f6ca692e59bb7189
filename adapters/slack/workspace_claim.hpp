#pragma once
// Which workspace a Slack request speaks for, read from the raw body before it is parsed, so that its signature is
// checked with that workspace's signing secret: one workspace's secret must never vouch for another's events.
//   /slack/events         JSON "team_id"
//   /slack/commands       form field team_id
//   /slack/interactivity  form field payload: JSON "team"."id", else "user"."team_id" (Enterprise Grid sends
//                         team null), as the parser reads it
// Slack's handshakes name no workspace and store nothing: url_verification (events) and ssl_check=1 (commands).
// A name given twice (a duplicated JSON key or form field) is no claim: the parser would read only one of them.
#include <optional>
#include <string>
#include <string_view>

namespace ambassador::adapters::slack {

// Slack's payloads nest a dozen levels at most (rich text in blocks); deeper bodies are refused, not walked.
inline constexpr std::size_t kMaxClaimDepth = 64;

struct WorkspaceClaim {
  std::string team_id;     // empty for a handshake
  bool handshake = false;  // url_verification or ssl_check: no workspace named, nothing to store
};

// nullopt when the body names no workspace (and is no handshake), names it twice, is unreadable or too deep, or
// `path` is not one of Slack's endpoints. One pass over the body (events: the JsonTree parse_events_body reads too).
std::optional<WorkspaceClaim> workspace_claim(std::string_view path, std::string_view body);

}  // namespace ambassador::adapters::slack
