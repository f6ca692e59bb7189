#include <map>
#include <memory>
#include <stdexcept>
#include <string>

#include "adapters/slack/rate_policy.hpp"
#include "adapters/slack/slack_sender.hpp"
#include "adapters/slack/slack_webhook_adapter.hpp"
#include "bot/app/platform_wiring.hpp"

namespace ambassador::app {
namespace {

// Resolves one secret of a workspace; the error names the workspace and the reference, never a value.
std::string resolve(const config::SlackWorkspaceConfig& workspace, const config::SecretRef& secret, const char* field) {
  try {
    return secret.resolve();
  } catch (const std::exception& e) {
    throw std::runtime_error("Slack workspace '" + workspace.team_id + "': " + field + ": " + e.what());
  }
}

}  // namespace

// POST /slack/events, /slack/commands and /slack/interactivity through the shared webhook route (verify → parse
// → inbox, deduplicated by event_id / trigger_id / action_ts → 200 once committed: well inside Slack's 3 s),
// and the Web API sender. A slash command is acknowledged with an empty 200; its answer is queued like any
// other reply and goes to the command's response_url.
void wire_slack(PlatformWiring& wiring) {
  const auto& slack = wiring.config.platforms.slack;
  std::map<std::string, std::string> signing_secrets;
  std::map<std::string, std::string> bot_tokens;
  for (const auto& workspace : slack.workspaces) {
    signing_secrets[workspace.team_id] = resolve(workspace, workspace.signing_secret, "signing_secret");
    bot_tokens[workspace.team_id] = resolve(workspace, workspace.bot_token, "bot_token");
  }
  auto adapter = std::make_shared<adapters::slack::SlackWebhookAdapter>(signing_secrets);
  auto sender =
      std::make_shared<adapters::slack::SlackSender>(wiring.http_client, slack.api_base_url, std::move(bot_tokens));
  wiring.keep_alive.push_back(adapter);
  wiring.keep_alive.push_back(sender);
  add_webhook_routes(wiring.router, *adapter, wiring.store, wiring.clock, wiring.ingest, wiring.inbox);
  wiring.outbox.add_platform(*sender, adapters::slack::rate_policy(wiring.config.delivery.global_rate_per_second,
                                                                   wiring.config.delivery.channel_rate_per_second));
}

}  // namespace ambassador::app
