#pragma once
// A chat message read as a bot command: "join", "/themes klimaat, wijk", "!idee ...", "/join@SomeBot".
// Whether a message is meant for the bot at all (DM, mention, slash command) is the dispatcher's call.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ambassador {

enum class CommandName {
  help,
  join,
  themes,
  stop,
  start,
  whoami,
  stats,
  leaderboard,
  kudos,
  idea,
  signal,
  ask,
  claim,
  answer,
  close,
  followup,
  notmine,
  intervision,
  digest,
  unknown,
};

// The English command word ("whoami"); "unknown" for CommandName::unknown.
std::string_view to_string(CommandName name);

struct Command {
  CommandName name = CommandName::unknown;
  // The command word as typed, ASCII-lowercased, without prefix or "@bot" suffix. Always valid UTF-8 (invalid
  // bytes become U+FFFD) and at most kMaxCommandWordBytes, because replies echo it back.
  std::string word;
  std::string args;  // everything after the word, trimmed, original case and bytes

  bool operator==(const Command&) const = default;
};

inline constexpr std::size_t kMaxCommandWordBytes = 64;

// Empty (or only whitespace, or only a prefix) → nullopt. An unrecognised word → Command{unknown, word, args}.
std::optional<Command> parse_command(std::string_view text);

// "klimaat, Groen  wijk,klimaat" → {"klimaat", "groen", "wijk"}: split on commas and whitespace, ASCII-lowercased,
// duplicates dropped, first-seen order kept.
std::vector<std::string> split_list(std::string_view args);

}  // namespace ambassador
