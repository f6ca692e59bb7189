#include "bot/rhythm/digest_commands.hpp"

#include "storage/digest_repository.hpp"

namespace ambassador::rhythm {
namespace {
using i18n::Msg;

void digest(const Command& command, Conversation& c) {
  const auto ambassador = c.ambassador();
  if (!ambassador) return c.reply(Msg::not_registered);
  storage::DigestRepository digests(c.db());
  const auto words = split_list(command.args);
  const std::string choice = words.size() == 1 ? words.front() : "";
  if (choice == "off" || choice == "uit") {
    digests.set_weekly_off(ambassador->id, c.clock().now_ms());
    return c.reply(Msg::digest_off_ok);
  }
  if (choice == "on" || choice == "aan") {
    digests.set_weekly_off(ambassador->id, std::nullopt);
    return c.reply(Msg::digest_on_ok);
  }
  c.reply(digests.weekly_off(ambassador->id) ? Msg::digest_usage_off : Msg::digest_usage_on);
}

}  // namespace

void register_digest_commands(EventDispatcher& dispatcher) { dispatcher.on_command(CommandName::digest, digest); }

}  // namespace ambassador::rhythm
