#include "bot/command.hpp"

#include <array>
#include <unordered_set>
#include <utility>

#include "encoding/utf8.hpp"

namespace ambassador {
namespace {

constexpr std::array<std::pair<CommandName, std::string_view>, 19> kEnglishNames{{
    {CommandName::help, "help"},       {CommandName::join, "join"},
    {CommandName::themes, "themes"},   {CommandName::stop, "stop"},
    {CommandName::start, "start"},     {CommandName::whoami, "whoami"},
    {CommandName::stats, "stats"},     {CommandName::leaderboard, "leaderboard"},
    {CommandName::kudos, "kudos"},     {CommandName::idea, "idea"},
    {CommandName::signal, "signal"},   {CommandName::ask, "ask"},
    {CommandName::claim, "claim"},     {CommandName::answer, "answer"},
    {CommandName::close, "close"},     {CommandName::followup, "followup"},
    {CommandName::notmine, "notmine"}, {CommandName::intervision, "intervision"},
    {CommandName::digest, "digest"},
}};

// Words people naturally type besides the English names. "thema’s" with a typographic apostrophe because phone
// keyboards replace the straight one.
constexpr std::array<std::pair<std::string_view, CommandName>, 26> kAliases{{
    {"hulp", CommandName::help},
    {"aanmelden", CommandName::join},
    {"themas", CommandName::themes},
    {"thema's", CommandName::themes},
    {"thema\u2019s", CommandName::themes},
    {"thema", CommandName::themes},
    {"theme", CommandName::themes},
    {"afmelden", CommandName::stop},
    {"wie", CommandName::whoami},
    {"statistiek", CommandName::stats},
    {"statistieken", CommandName::stats},
    {"resultaten", CommandName::stats},
    {"ranglijst", CommandName::leaderboard},
    {"ranking", CommandName::leaderboard},  // `ranking on|off`
    {"idee", CommandName::idea},
    {"signaal", CommandName::signal},
    {"vraag", CommandName::ask},
    {"claimen", CommandName::claim},
    {"antwoord", CommandName::answer},
    {"sluit", CommandName::close},
    {"afsluiten", CommandName::close},
    {"vervolg", CommandName::followup},
    {"nietvoorons", CommandName::notmine},
    {"doorsturen", CommandName::notmine},
    {"intervisie", CommandName::intervision},
    {"overzicht", CommandName::digest},
}};

constexpr bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

// Only ASCII: bytes of multi-byte (or invalid) UTF-8 sequences pass through untouched.
constexpr char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view trim(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && is_space(text[begin])) ++begin;
  while (end > begin && is_space(text[end - 1])) --end;
  return text.substr(begin, end - begin);
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

// The word as it may be echoed back to people: valid UTF-8, bounded, never cut inside a character.
std::string displayable_word(std::string_view word) {
  std::string out;
  for (std::size_t i = 0; i < word.size();) {
    const encoding::Utf8Char c = encoding::decode_utf8(word, i);
    const std::string_view piece = c.valid ? word.substr(i, c.length) : encoding::kReplacementCharacter;
    if (out.size() + piece.size() > kMaxCommandWordBytes) break;
    out.append(piece);
    i += c.length;
  }
  return out;
}

std::optional<CommandName> lookup(std::string_view word) {
  for (const auto& [name, english] : kEnglishNames) {
    if (english == word) return name;
  }
  for (const auto& [alias, name] : kAliases) {
    if (alias == word) return name;
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(CommandName name) {
  for (const auto& [candidate, english] : kEnglishNames) {
    if (candidate == name) return english;
  }
  return "unknown";
}

std::optional<Command> parse_command(std::string_view text) {
  std::string_view rest = trim(text);
  if (!rest.empty() && (rest.front() == '/' || rest.front() == '!')) rest.remove_prefix(1);

  std::size_t word_end = 0;
  while (word_end < rest.size() && !is_space(rest[word_end])) ++word_end;
  std::string_view raw_word = rest.substr(0, word_end);
  // Telegram addresses a command in a group as "/join@SomeBot"; a leading '@' is a mention, not a suffix.
  if (const std::size_t at = raw_word.find('@'); at != std::string_view::npos && at > 0) {
    raw_word = raw_word.substr(0, at);
  }
  if (raw_word.empty()) return std::nullopt;

  const std::string word = lowercase(raw_word);
  const CommandName name = lookup(word).value_or(CommandName::unknown);
  return Command{name, displayable_word(word), std::string(trim(rest.substr(word_end)))};
}

std::vector<std::string> split_list(std::string_view args) {
  std::vector<std::string> items;
  std::unordered_set<std::string> seen;
  std::size_t i = 0;
  while (i < args.size()) {
    while (i < args.size() && (args[i] == ',' || is_space(args[i]))) ++i;
    const std::size_t begin = i;
    while (i < args.size() && args[i] != ',' && !is_space(args[i])) ++i;
    if (i == begin) break;
    std::string item = lowercase(args.substr(begin, i - begin));
    if (seen.insert(item).second) items.push_back(std::move(item));
  }
  return items;
}

}  // namespace ambassador
