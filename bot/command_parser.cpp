#include "bot/command.hpp"

#include <array>
#include <unordered_set>
#include <utility>

namespace ambassador {
namespace {

constexpr std::array<std::pair<CommandName, std::string_view>, 15> kEnglishNames{{
    {CommandName::help, "help"},
    {CommandName::join, "join"},
    {CommandName::themes, "themes"},
    {CommandName::stop, "stop"},
    {CommandName::start, "start"},
    {CommandName::whoami, "whoami"},
    {CommandName::stats, "stats"},
    {CommandName::leaderboard, "leaderboard"},
    {CommandName::kudos, "kudos"},
    {CommandName::idea, "idea"},
    {CommandName::signal, "signal"},
    {CommandName::ask, "ask"},
    {CommandName::claim, "claim"},
    {CommandName::answer, "answer"},
    {CommandName::intervision, "intervision"},
}};

// Words people naturally type besides the English names. "thema’s" with a typographic apostrophe because phone
// keyboards replace the straight one.
constexpr std::array<std::pair<std::string_view, CommandName>, 18> kAliases{{
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
    {"ranglijst", CommandName::leaderboard},
    {"idee", CommandName::idea},
    {"signaal", CommandName::signal},
    {"vraag", CommandName::ask},
    {"claimen", CommandName::claim},
    {"antwoord", CommandName::answer},
    {"intervisie", CommandName::intervision},
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

// Length of the well-formed UTF-8 sequence starting at text[i] (RFC 3629: no overlongs, no surrogates,
// nothing above U+10FFFF), or 0 when the byte there does not start one.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead == 0xE0) {
    length = 3;
    low = 0xA0;
  } else if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) {
    length = 3;
  } else if (lead == 0xED) {
    length = 3;
    high = 0x9F;
  } else if (lead == 0xF0) {
    length = 4;
    low = 0x90;
  } else if (lead >= 0xF1 && lead <= 0xF3) {
    length = 4;
  } else if (lead == 0xF4) {
    length = 4;
    high = 0x8F;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  return length;
}

// The word as it may be echoed back to people: valid UTF-8, bounded, never cut inside a character.
std::string displayable_word(std::string_view word) {
  constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
  std::string out;
  std::size_t i = 0;
  while (i < word.size()) {
    const std::size_t length = utf8_sequence_length(word, i);
    const std::string_view piece = length == 0 ? kReplacement : word.substr(i, length);
    if (out.size() + piece.size() > kMaxCommandWordBytes) break;
    out.append(piece);
    i += length == 0 ? 1 : length;
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
