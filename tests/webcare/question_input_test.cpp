// How webcare's words become a question: the form of `ask` and the route of its topic to a department.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bot/webcare/question_form.hpp"
#include "bot/webcare/question_routing.hpp"

namespace ambassador::webcare {
namespace {

QuestionForm parsed(std::string_view args) {
  auto result = parse_question_form(args);
  EXPECT_TRUE(std::holds_alternative<QuestionForm>(result)) << args;
  return std::holds_alternative<QuestionForm>(result) ? std::get<QuestionForm>(result) : QuestionForm{};
}

i18n::Msg refused(std::string_view args) {
  auto result = parse_question_form(args);
  EXPECT_TRUE(std::holds_alternative<FormError>(result)) << args;
  return std::holds_alternative<FormError>(result) ? std::get<FormError>(result).message : i18n::Msg::count_;
}

TEST(QuestionForm, TopicBeforeTheFirstColonTheRestIsTheQuestion) {
  const auto form = parsed("afval: Wanneer: morgen of overmorgen?");
  EXPECT_EQ(form.topic, "afval");
  EXPECT_EQ(form.text, "Wanneer: morgen of overmorgen?");
  EXPECT_EQ(form.source, "other");
  EXPECT_EQ(form.priority, "normal");
}

TEST(QuestionForm, FieldLinesInEitherLanguageAnywhereBelowTheFirst) {
  const auto form =
      parsed("bomen: Er hangt een tak.\nBron: Twitter\nDie is groot.\nprioriteit: HOOG\nlink: https://x.com/a/1");
  EXPECT_EQ(form.text, "Er hangt een tak.\nDie is groot.");
  EXPECT_EQ(form.source, "x");
  EXPECT_EQ(form.priority, "high");
  EXPECT_EQ(form.link, "https://x.com/a/1");
  EXPECT_EQ(parsed("a: b\nsource: telefoon\npriority: laag").source, "phone");
  EXPECT_EQ(parsed("a: b\nsource: telefoon\npriority: laag").priority, "low");
}

TEST(QuestionForm, ALineThatOnlyLooksLikeAFieldBelongsToTheQuestion) {
  EXPECT_EQ(parsed("a: vraag\nadres: Dorpsstraat 1").text, "vraag\nadres: Dorpsstraat 1");
}

TEST(QuestionForm, RefusesWhatCannotBeAQuestion) {
  EXPECT_EQ(refused(""), i18n::Msg::webcare_ask_usage);
  EXPECT_EQ(refused("geen dubbele punt"), i18n::Msg::webcare_ask_usage);
  EXPECT_EQ(refused(": zonder onderwerp"), i18n::Msg::webcare_ask_usage);
  EXPECT_EQ(refused("onderwerp:   "), i18n::Msg::webcare_ask_usage);
  EXPECT_EQ(refused("a: b\nbron: fax"), i18n::Msg::webcare_form_value_unknown);
  EXPECT_EQ(refused("a: b\nprioriteit: dringend"), i18n::Msg::webcare_form_value_unknown);
  EXPECT_EQ(refused("a: b\nlink: javascript:alert(1)"), i18n::Msg::webcare_form_value_unknown);
  EXPECT_EQ(refused("a: " + std::string(kMaxQuestionBytes + 1, 'x')), i18n::Msg::webcare_ask_usage);
}

TEST(QuestionForm, InvalidUtf8IsRepairedNotPassedOn) { EXPECT_EQ(parsed("a: caf\xC3 b").text, "caf\xEF\xBF\xBD b"); }

config::Config organisation() {
  config::Config config;
  config.themes = {"groen", "wijk"};
  auto department = [&](std::string id, std::string name, std::vector<std::string> keywords,
                        std::vector<std::string> themes) {
    config::DepartmentConfig d;
    d.id = std::move(id);
    d.name = std::move(name);
    d.keywords = std::move(keywords);
    d.themes = std::move(themes);
    config.departments.push_back(std::move(d));
  };
  department("wijkbeheer", "Wijkbeheer", {"afval", "parkeren"}, {"wijk"});
  department("groenbeheer", "Groenbeheer", {"park", "bomen"}, {"groen"});
  department("burgerzaken", "Burgerzaken", {"paspoort"}, {});
  config.webcare.default_department = "burgerzaken";
  return config;
}

TEST(QuestionRouting, ByNameOrIdThenKeywordThenThemeElseTheDefault) {
  const auto config = organisation();
  struct Case {
    std::string topic, department;
    bool matched;
  } cases[] = {
      {"Groenbeheer", "groenbeheer", true},
      {"wijkbeheer", "wijkbeheer", true},
      {"afval in de straat", "wijkbeheer", true},
      {"PARK", "groenbeheer", true},
      {"parkeren", "wijkbeheer", true},  // "park" inside "parkeren" is no match
      {"het groen", "groenbeheer", true},
      {"vergunning", "burgerzaken", false},
      {"", "burgerzaken", false},
  };
  for (const auto& c : cases) {
    const auto route = route_topic(config, c.topic);
    EXPECT_EQ(route.department_id, c.department) << c.topic;
    EXPECT_EQ(route.matched, c.matched) << c.topic;
  }
  EXPECT_EQ(route_topic(config, "het groen").theme, "groen");
}

TEST(QuestionRouting, NotMyDepartmentNeverRoutesBackToIt) {
  const auto config = organisation();
  EXPECT_EQ(route_topic(config, "afval", "wijkbeheer").department_id, "burgerzaken");
  EXPECT_EQ(route_topic(config, "bomen", "wijkbeheer").department_id, "groenbeheer");
  // The default department itself says no: the first other one takes it.
  EXPECT_EQ(route_topic(config, "vergunning", "burgerzaken").department_id, "wijkbeheer");
}

}  // namespace
}  // namespace ambassador::webcare
