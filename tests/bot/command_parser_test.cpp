#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "bot/command.hpp"
#include "encoding/utf8.hpp"

namespace ambassador {

// Readable failures for EXPECT_EQ on commands.
void PrintTo(const Command& command, std::ostream* out) {
  *out << "Command{" << to_string(command.name) << ", word=\"" << command.word << "\", args=\"" << command.args
       << "\"}";
}

namespace {

Command command(CommandName name, std::string word, std::string args = {}) {
  return Command{name, std::move(word), std::move(args)};
}

TEST(ParseCommand, RecognisesEveryEnglishName) {
  const CommandName all[] = {
      CommandName::help,     CommandName::join,    CommandName::themes,      CommandName::stop,   CommandName::start,
      CommandName::whoami,   CommandName::stats,   CommandName::leaderboard, CommandName::kudos,  CommandName::idea,
      CommandName::signal,   CommandName::ask,     CommandName::claim,       CommandName::answer, CommandName::close,
      CommandName::followup, CommandName::notmine, CommandName::intervision};
  for (CommandName name : all) {
    const std::string word(to_string(name));
    EXPECT_EQ(parse_command(word), command(name, word)) << word;
  }
}

TEST(ParseCommand, RecognisesDutchAliases) {
  const std::pair<std::string, CommandName> aliases[] = {
      {"hulp", CommandName::help},        {"aanmelden", CommandName::join},      {"themas", CommandName::themes},
      {"thema's", CommandName::themes},   {"afmelden", CommandName::stop},       {"wie", CommandName::whoami},
      {"statistiek", CommandName::stats}, {"idee", CommandName::idea},           {"vraag", CommandName::ask},
      {"claimen", CommandName::claim},    {"antwoord", CommandName::answer},     {"sluit", CommandName::close},
      {"vervolg", CommandName::followup}, {"nietvoorons", CommandName::notmine},
  };
  for (const auto& [word, name] : aliases) {
    EXPECT_EQ(parse_command(word), command(name, word)) << word;
  }
}

TEST(ParseCommand, RecognisesThemasWithTypographicApostrophe) {
  EXPECT_EQ(parse_command("thema\u2019s klimaat"), command(CommandName::themes, "thema\u2019s", "klimaat"));
}

TEST(ParseCommand, IsCaseInsensitiveAndReportsTheWordLowercased) {
  EXPECT_EQ(parse_command("HELP"), command(CommandName::help, "help"));
  EXPECT_EQ(parse_command("Aanmelden"), command(CommandName::join, "aanmelden"));
  EXPECT_EQ(parse_command("WhoAmI"), command(CommandName::whoami, "whoami"));
  EXPECT_EQ(parse_command("THEMA'S Klimaat"), command(CommandName::themes, "thema's", "Klimaat"));
}

TEST(ParseCommand, AcceptsLeadingSlashOrExclamationMark) {
  EXPECT_EQ(parse_command("/join"), command(CommandName::join, "join"));
  EXPECT_EQ(parse_command("!stop"), command(CommandName::stop, "stop"));
  EXPECT_EQ(parse_command("/Hulp"), command(CommandName::help, "hulp"));
}

TEST(ParseCommand, AcceptsOnlyOnePrefix) {
  EXPECT_EQ(parse_command("//join"), command(CommandName::unknown, "/join"));
  EXPECT_EQ(parse_command("!/join"), command(CommandName::unknown, "/join"));
}

TEST(ParseCommand, StripsTheBotSuffixTelegramAddsInGroups) {
  EXPECT_EQ(parse_command("/join@SomeBot"), command(CommandName::join, "join"));
  EXPECT_EQ(parse_command("/themes@SomeBot Klimaat, Wijk"), command(CommandName::themes, "themes", "Klimaat, Wijk"));
  EXPECT_EQ(parse_command("/IDEE@ambassador_bot"), command(CommandName::idea, "idee"));
}

TEST(ParseCommand, KeepsALeadingMentionAsTheWord) {
  EXPECT_EQ(parse_command("@SomeBot help"), command(CommandName::unknown, "@somebot", "help"));
}

TEST(ParseCommand, KeepsArgumentCaseAndTrimsThem) {
  EXPECT_EQ(parse_command("  idee   Een Verhaal over ONZE wijk  \n"),
            command(CommandName::idea, "idee", "Een Verhaal over ONZE wijk"));
  EXPECT_EQ(parse_command("answer 12: Zie https://Example.nl/Pad"),
            command(CommandName::answer, "answer", "12: Zie https://Example.nl/Pad"));
}

TEST(ParseCommand, KeepsLineBreaksInsideArguments) {
  EXPECT_EQ(parse_command("idea\nEerste regel\nTweede regel\n"),
            command(CommandName::idea, "idea", "Eerste regel\nTweede regel"));
  EXPECT_EQ(parse_command("idea\tmet tab"), command(CommandName::idea, "idea", "met tab"));
}

TEST(ParseCommand, ReturnsNothingForEmptyOrBlankText) {
  EXPECT_EQ(parse_command(""), std::nullopt);
  EXPECT_EQ(parse_command("   \t\r\n "), std::nullopt);
  EXPECT_EQ(parse_command("/"), std::nullopt);
  EXPECT_EQ(parse_command("  ! "), std::nullopt);
  EXPECT_EQ(parse_command("/ join"), std::nullopt);
}

TEST(ParseCommand, ReportsAnUnknownWordWithItsArguments) {
  EXPECT_EQ(parse_command("Hallo daar, Bot"), command(CommandName::unknown, "hallo", "daar, Bot"));
  EXPECT_EQ(parse_command("/helpme"), command(CommandName::unknown, "helpme"));
}

TEST(ParseCommand, DoesNotLowercaseNonAsciiBytes) {
  // "É" is C3 89; lowering bytes blindly would corrupt it.
  EXPECT_EQ(parse_command("HÉLP"), command(CommandName::unknown, "hÉlp"));
  EXPECT_EQ(parse_command("ÖÄÜ"), command(CommandName::unknown, "ÖÄÜ"));
}

TEST(ParseCommand, SurvivesInvalidUtf8AndReportsAReadableWord) {
  const auto parsed = parse_command("\xff\xfe\xc3 \x80rest\xff");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->name, CommandName::unknown);
  EXPECT_EQ(parsed->word, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(parsed->args, "\x80rest\xff");  // arguments keep their bytes: the handler decides
}

TEST(ParseCommand, ReplacesOverlongAndSurrogateEncodingsInTheWord) {
  const auto overlong = parse_command("\xC0\xAF");        // overlong '/'
  const auto surrogate = parse_command("\xED\xA0\x80x");  // U+D800
  ASSERT_TRUE(overlong && surrogate);
  EXPECT_TRUE(encoding::is_valid_utf8(overlong->word));
  EXPECT_TRUE(encoding::is_valid_utf8(surrogate->word));
  EXPECT_EQ(surrogate->word.back(), 'x');
}

TEST(ParseCommand, RecognisesCommandsFollowedByInvalidUtf8Arguments) {
  EXPECT_EQ(parse_command("idee \xff\xfe"), command(CommandName::idea, "idee", "\xff\xfe"));
}

TEST(ParseCommand, HandlesAHundredKilobyteWord) {
  const std::string huge(100 * 1024, 'A');
  const auto parsed = parse_command(huge);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->name, CommandName::unknown);
  EXPECT_EQ(parsed->word, std::string(kMaxCommandWordBytes, 'a'));
  EXPECT_TRUE(parsed->args.empty());
}

TEST(ParseCommand, HandlesAHundredKilobyteArgument) {
  const std::string body(100 * 1024, 'x');
  EXPECT_EQ(parse_command("/idea " + body + "   "), command(CommandName::idea, "idea", body));
}

TEST(ParseCommand, HandlesAHundredKilobytesOfWhitespaceOrGarbage) {
  EXPECT_EQ(parse_command(std::string(100 * 1024, ' ')), std::nullopt);
  const auto garbage = parse_command(std::string(100 * 1024, '\xff'));
  ASSERT_TRUE(garbage.has_value());
  EXPECT_LE(garbage->word.size(), kMaxCommandWordBytes);
  EXPECT_TRUE(encoding::is_valid_utf8(garbage->word));
}

TEST(ParseCommand, ShortensALongWordWithoutCuttingACharacter) {
  std::string word;
  for (int i = 0; i < 100; ++i) word += "é";  // 2 bytes each
  word = "x" + word;                          // so the byte limit falls inside a character
  const auto parsed = parse_command(word);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->word.size(), kMaxCommandWordBytes - 1);
  EXPECT_TRUE(encoding::is_valid_utf8(parsed->word));
}

TEST(CommandNameToString, RoundTripsThroughTheParser) {
  for (int i = 0; i < static_cast<int>(CommandName::unknown); ++i) {
    const auto name = static_cast<CommandName>(i);
    const auto parsed = parse_command(to_string(name));
    ASSERT_TRUE(parsed.has_value()) << i;
    EXPECT_EQ(parsed->name, name) << to_string(name);
  }
  EXPECT_EQ(to_string(CommandName::unknown), "unknown");
}

TEST(SplitList, SplitsOnCommasAndWhitespace) {
  EXPECT_EQ(split_list("klimaat, groen wijk"), (std::vector<std::string>{"klimaat", "groen", "wijk"}));
  EXPECT_EQ(split_list("a,b\tc\nd"), (std::vector<std::string>{"a", "b", "c", "d"}));
}

TEST(SplitList, LowercasesAndDropsDuplicatesKeepingFirstOrder) {
  EXPECT_EQ(split_list("Wijk, klimaat,KLIMAAT wijk Sport"), (std::vector<std::string>{"wijk", "klimaat", "sport"}));
}

TEST(SplitList, IgnoresEmptyItems) {
  EXPECT_TRUE(split_list("").empty());
  EXPECT_TRUE(split_list(" ,, ,\t\n,").empty());
  EXPECT_EQ(split_list(",,zorg,,"), (std::vector<std::string>{"zorg"}));
}

TEST(SplitList, KeepsNonAsciiBytes) { EXPECT_EQ(split_list("Één, CAFÉ"), (std::vector<std::string>{"Één", "cafÉ"})); }

TEST(SplitList, HandlesAHundredKilobytesOfItems) {
  std::string args;
  while (args.size() < 100 * 1024) args += "thema" + std::to_string(args.size() % 5000) + ", ";
  const auto items = split_list(args);
  EXPECT_FALSE(items.empty());
  EXPECT_LE(items.size(), 5000u);
  EXPECT_EQ(items.front(), "thema0");
}

}  // namespace
}  // namespace ambassador
