#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "bot/command.hpp"
#include "bot/i18n/catalog.hpp"
#include "encoding/utf8.hpp"

namespace ambassador::i18n {
namespace {

constexpr Language kLanguages[] = {Language::nl, Language::en};

std::vector<Msg> all_messages() {
  std::vector<Msg> all;
  for (std::size_t i = 0; i < kMsgCount; ++i) all.push_back(static_cast<Msg>(i));
  return all;
}

std::string describe(Language language, Msg msg) {
  return std::string(to_string(language)) + "/" + std::string(key_name(msg));
}

// Placeholders of all forms of a message together: the arguments a caller must pass.
std::set<std::string> arguments_of(Language language, Msg msg) {
  const MessageForms forms = message_forms(language, msg);
  std::set<std::string> names;
  for (std::string_view form : {forms.other, forms.one}) {
    for (auto& name : placeholder_names(form)) names.insert(name);
  }
  return names;
}

Args filled_args(Language language, Msg msg) {
  Args args;
  for (const auto& name : arguments_of(language, msg)) args.set(name, "X");
  return args;
}

std::vector<std::string> lowercase_words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!word.empty()) {
      words.push_back(word);
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(word);
  return words;
}

// --- the whole catalog ---------------------------------------------------------------------------------------------

TEST(CatalogCoverage, EveryMessageHasTextInBothLanguages) {
  for (Msg msg : all_messages()) {
    for (Language language : kLanguages) {
      EXPECT_FALSE(message_forms(language, msg).other.empty()) << describe(language, msg);
      EXPECT_FALSE(translate(language, msg, filled_args(language, msg)).empty()) << describe(language, msg);
    }
  }
}

TEST(CatalogCoverage, BothLanguagesUseTheSamePlaceholders) {
  for (Msg msg : all_messages()) {
    EXPECT_EQ(arguments_of(Language::nl, msg), arguments_of(Language::en, msg)) << key_name(msg);
  }
}

TEST(CatalogCoverage, PluralMessagesHaveBothFormsInBothLanguages) {
  for (Msg msg : all_messages()) {
    const MessageForms nl = message_forms(Language::nl, msg);
    const MessageForms en = message_forms(Language::en, msg);
    EXPECT_EQ(nl.plural(), en.plural()) << key_name(msg);
    for (Language language : kLanguages) {
      const MessageForms forms = message_forms(language, msg);
      if (!forms.plural()) continue;
      EXPECT_FALSE(forms.one.empty()) << describe(language, msg);
      EXPECT_FALSE(forms.other.empty()) << describe(language, msg);
      EXPECT_NE(forms.one, forms.other) << describe(language, msg);
      // "other" covers 0 and 2+, so it has to say the number.
      const auto names = placeholder_names(forms.other);
      EXPECT_NE(std::find(names.begin(), names.end(), "count"), names.end()) << describe(language, msg);
    }
  }
}

TEST(CatalogCoverage, AtLeastOneMessageIsPlural) {
  // Guards the plural checks above against passing vacuously.
  EXPECT_TRUE(message_forms(Language::nl, Msg::stats_personal).plural());
}

TEST(CatalogCoverage, FilledMessagesLeaveNoBraces) {
  // A typo such as "{name" or "{ name}" would otherwise reach people unnoticed.
  for (Msg msg : all_messages()) {
    for (Language language : kLanguages) {
      for (int count : {1, 2}) {
        Args args = filled_args(language, msg);
        args.set("count", count);
        const std::string text = translate(language, msg, args);
        EXPECT_EQ(text.find_first_of("{}"), std::string::npos) << describe(language, msg) << ": " << text;
      }
    }
  }
}

TEST(CatalogCoverage, TextsAreValidUtf8TrimmedAndShort) {
  for (Msg msg : all_messages()) {
    for (Language language : kLanguages) {
      const MessageForms forms = message_forms(language, msg);
      for (std::string_view form : {forms.other, forms.one}) {
        if (form.empty()) continue;
        EXPECT_TRUE(encoding::is_valid_utf8(form)) << describe(language, msg);
        EXPECT_FALSE(std::isspace(static_cast<unsigned char>(form.front()))) << describe(language, msg);
        EXPECT_FALSE(std::isspace(static_cast<unsigned char>(form.back()))) << describe(language, msg);
        EXPECT_LE(form.size(), 900u) << describe(language, msg);
      }
    }
  }
}

TEST(CatalogCoverage, DutchTextsUseInformalJe) {
  for (Msg msg : all_messages()) {
    const MessageForms forms = message_forms(Language::nl, msg);
    for (std::string_view form : {forms.other, forms.one}) {
      for (const auto& word : lowercase_words(form)) {
        EXPECT_NE(word, "u") << key_name(msg);
        EXPECT_NE(word, "uw") << key_name(msg);
      }
    }
  }
}

TEST(CatalogCoverage, TextsNeverSayPeopleMust) {
  for (Msg msg : all_messages()) {
    for (Language language : kLanguages) {
      const MessageForms forms = message_forms(language, msg);
      for (std::string_view form : {forms.other, forms.one}) {
        for (const auto& word : lowercase_words(form)) {
          EXPECT_NE(word, "moet") << describe(language, msg);
          EXPECT_NE(word, "moeten") << describe(language, msg);
          EXPECT_NE(word, "must") << describe(language, msg);
        }
      }
    }
  }
}

TEST(CatalogCoverage, KeyNamesAreUniqueSnakeCase) {
  std::set<std::string_view> seen;
  for (Msg msg : all_messages()) {
    const std::string_view name = key_name(msg);
    ASSERT_FALSE(name.empty());
    EXPECT_TRUE(seen.insert(name).second) << name;
    for (char c : name) EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '_') << name;
  }
  EXPECT_EQ(key_name(Msg::join_ok), "join_ok");
  EXPECT_EQ(key_name(Msg::count_), "?");
}

TEST(CatalogCoverage, TablesListEveryKeyInOrder) {
  EXPECT_TRUE(detail::lists_every_key_in_order(detail::dutch_table()));
  EXPECT_TRUE(detail::lists_every_key_in_order(detail::english_table()));
  detail::CatalogTable broken = detail::english_table();
  std::swap(broken[0], broken[1]);
  EXPECT_FALSE(detail::lists_every_key_in_order(broken));
}

// --- specific messages -----------------------------------------------------------------------------------------------

std::set<CommandName> commands_on_own_lines(std::string_view help) {
  std::set<CommandName> found;
  std::istringstream lines{std::string(help)};
  std::string line;
  while (std::getline(lines, line)) {
    const auto command = parse_command(line);
    if (command && command->name != CommandName::unknown) found.insert(command->name);
  }
  return found;
}

TEST(HelpMessage, ListsEveryBasicCommandOnItsOwnLine) {
  const std::set<CommandName> expected = {CommandName::help,  CommandName::join,        CommandName::themes,
                                          CommandName::stop,  CommandName::start,       CommandName::whoami,
                                          CommandName::stats, CommandName::leaderboard, CommandName::kudos,
                                          CommandName::idea,  CommandName::signal};
  for (Language language : kLanguages) {
    EXPECT_EQ(commands_on_own_lines(translate(language, Msg::help)), expected) << to_string(language);
  }
}

TEST(HelpMessage, SaysSharingIsVoluntary) {
  EXPECT_NE(translate(Language::nl, Msg::help).find("vrijwillig"), std::string::npos);
  EXPECT_NE(translate(Language::en, Msg::help).find("voluntary"), std::string::npos);
}

TEST(Translate, FillsPlaceholders) {
  EXPECT_EQ(translate(Language::nl, Msg::join_already, {{"department", "Wijkzaken"}}),
            "Je bent al ambassadeur voor Wijkzaken.");
  EXPECT_EQ(translate(Language::en, Msg::join_already, {{"department", "Wijkzaken"}}),
            "You're already an ambassador for Wijkzaken.");
}

TEST(Translate, ShowsAMissingArgumentVisibly) {
  EXPECT_EQ(translate(Language::nl, Msg::join_already), "Je bent al ambassadeur voor {department}.");
  EXPECT_NE(translate(Language::en, Msg::unknown_command, {{"other", "x"}}).find("{command}"), std::string::npos);
}

TEST(Translate, ChoosesThePluralFormByCount) {
  const auto stats = [](Language language, int count) {
    return translate(language, Msg::stats_personal, {{"count", count}, {"clicks", 7}});
  };
  EXPECT_EQ(stats(Language::nl, 1), "Je hebt 1 bericht gedeeld. Klikken op je links: 7. Dank je wel!");
  EXPECT_EQ(stats(Language::nl, 3), "Je hebt 3 berichten gedeeld. Klikken op je links: 7. Dank je wel!");
  EXPECT_EQ(stats(Language::nl, 0), "Je hebt 0 berichten gedeeld. Klikken op je links: 7. Dank je wel!");
  EXPECT_EQ(stats(Language::en, 1), "You've shared 1 post. Clicks on your links: 7. Thank you!");
  EXPECT_EQ(stats(Language::en, 2), "You've shared 2 posts. Clicks on your links: 7. Thank you!");
  EXPECT_EQ(stats(Language::en, -1), "You've shared -1 posts. Clicks on your links: 7. Thank you!");
}

TEST(Translate, UsesTheOtherFormWhenCountIsMissingOrText) {
  EXPECT_EQ(translate(Language::en, Msg::stats_personal, {{"clicks", 0}}),
            "You've shared {count} posts. Clicks on your links: 0. Thank you!");
  EXPECT_EQ(translate(Language::en, Msg::stats_personal, {{"count", "1"}, {"clicks", 0}}),
            "You've shared 1 posts. Clicks on your links: 0. Thank you!");
}

TEST(Translate, AcceptsUnsignedAndWideIntegers) {
  const std::size_t shares = 1;
  const std::int64_t clicks = 12'345'678'901;
  EXPECT_EQ(translate(Language::en, Msg::stats_personal, {{"count", shares}, {"clicks", clicks}}),
            "You've shared 1 post. Clicks on your links: 12345678901. Thank you!");
}

TEST(Translate, DoesNotExpandPlaceholdersInsideValues) {
  EXPECT_EQ(translate(Language::en, Msg::join_already, {{"department", "{department} {{x}}"}}),
            "You're already an ambassador for {department} {{x}}.");
}

TEST(Translate, FallsBackToAnApologyForAKeyOutsideTheCatalog) {
  EXPECT_EQ(translate(Language::en, Msg::count_), translate(Language::en, Msg::internal_error));
  EXPECT_EQ(translate(Language::nl, static_cast<Msg>(1000)), translate(Language::nl, Msg::internal_error));
  EXPECT_TRUE(message_forms(Language::nl, Msg::count_).other.empty());
}

TEST(Translate, DiffersPerLanguage) {
  EXPECT_NE(translate(Language::nl, Msg::stop_ok), translate(Language::en, Msg::stop_ok));
}

// --- the template language -------------------------------------------------------------------------------------------

TEST(RenderTemplate, DoubledBracesAreLiteral) {
  EXPECT_EQ(render_template("{{name}} is {name}", {{"name", "Anna"}}), "{name} is Anna");
  EXPECT_EQ(render_template("a }} b {{", {}), "a } b {");
  EXPECT_EQ(render_template("{{{name}}}", {{"name", "Anna"}}), "{Anna}");
}

TEST(RenderTemplate, MalformedPlaceholdersStayLiteral) {
  const Args args{{"name", "Anna"}};
  EXPECT_EQ(render_template("{name", args), "{name");
  EXPECT_EQ(render_template("{ name}", args), "{ name}");
  EXPECT_EQ(render_template("{}", args), "{}");
  EXPECT_EQ(render_template("{1x}", args), "{1x}");
  EXPECT_EQ(render_template("}{", args), "}{");
  EXPECT_EQ(render_template("{", args), "{");
  EXPECT_EQ(render_template("", args), "");
}

TEST(RenderTemplate, FillsAdjacentAndRepeatedPlaceholders) {
  EXPECT_EQ(render_template("{a}{b}{a}", {{"a", 1}, {"b", "-"}}), "1-1");
  EXPECT_EQ(render_template("{snake_case_2}", {{"snake_case_2", "ok"}}), "ok");
}

TEST(RenderTemplate, KeepsUtf8AroundPlaceholders) {
  EXPECT_EQ(render_template("één {x} — ü", {{"x", "café"}}), "één café — ü");
}

TEST(PlaceholderNames, AreSortedUniqueAndSkipEscapes) {
  EXPECT_EQ(placeholder_names("{b} {a} {b} {{c}} {d"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(placeholder_names("no placeholders").empty());
}

TEST(Args, SetReplacesAnEarlierValue) {
  Args args{{"name", "Anna"}};
  args.set("name", "Bram").set("count", 2);
  ASSERT_NE(args.find("name"), nullptr);
  EXPECT_EQ(args.find("name")->text(), "Bram");
  EXPECT_EQ(args.find("count")->integer(), 2);
  EXPECT_EQ(args.find("name")->integer(), std::nullopt);
  EXPECT_EQ(args.find("missing"), nullptr);
}

// A bool or a char would otherwise print as a number in a sentence.
static_assert(!std::is_constructible_v<ArgValue, bool>);
static_assert(!std::is_constructible_v<ArgValue, char>);
static_assert(std::is_constructible_v<ArgValue, std::size_t>);
static_assert(std::is_constructible_v<ArgValue, std::string_view>);

TEST(Args, LaterDuplicateInTheListWins) { EXPECT_EQ(render_template("{n}", {{"n", 1}, {"n", 2}}), "2"); }

// --- languages ------------------------------------------------------------------------------------------------------

TEST(LanguageFromString, AcceptsCodesAndLocaleTagsInAnyCase) {
  EXPECT_EQ(language_from_string("nl"), Language::nl);
  EXPECT_EQ(language_from_string("EN"), Language::en);
  EXPECT_EQ(language_from_string("nl-NL"), Language::nl);
  EXPECT_EQ(language_from_string("nl-BE"), Language::nl);
  EXPECT_EQ(language_from_string("en_GB"), Language::en);
  EXPECT_EQ(language_from_string("en-US"), Language::en);
}

TEST(LanguageFromString, RejectsOtherLanguagesAndMalformedTags) {
  EXPECT_EQ(language_from_string(""), std::nullopt);
  EXPECT_EQ(language_from_string("fr"), std::nullopt);
  EXPECT_EQ(language_from_string("n"), std::nullopt);
  EXPECT_EQ(language_from_string("nld"), std::nullopt);
  EXPECT_EQ(language_from_string("nl-"), std::nullopt);
  EXPECT_EQ(language_from_string("nl NL"), std::nullopt);
  EXPECT_EQ(language_from_string("-nl"), std::nullopt);
  EXPECT_EQ(language_from_string("nl-N\xC3\x89"), std::nullopt);
}

TEST(LanguageFromString, RoundTripsWithToString) {
  for (Language language : kLanguages) EXPECT_EQ(language_from_string(to_string(language)), language);
  EXPECT_EQ(kDefaultLanguage, Language::nl);
}

}  // namespace
}  // namespace ambassador::i18n
