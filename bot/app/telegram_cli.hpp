#pragma once
// `ambassador-bot telegram ...`: registers, removes and shows the bot's webhook through the Bot API.
//
//   telegram set-webhook --url URL            setWebhook with the configured webhook secret and the update
//                                            kinds the service understands (chat_member needs asking for)
//   telegram delete-webhook [--drop-pending-updates]
//   telegram webhook-info                     getWebhookInfo: the URL, pending updates, the last delivery error
//
// Prints the API's JSON answer with the bot token blanked out. Exit status: 0 when the API answered ok, 1 when
// it did not or could not be reached (or a secret cannot be resolved), 2 on bad usage.
#include <iosfwd>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace ambassador::app {

// `args` are the words after "telegram" (without --config, which main() handles).
int run_telegram_cli(const std::vector<std::string>& args, const config::Config& config);
int run_telegram_cli(const std::vector<std::string>& args, const config::Config& config, std::ostream& out,
                     std::ostream& err);

}  // namespace ambassador::app
