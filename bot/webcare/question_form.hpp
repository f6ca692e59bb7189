#pragma once
// What webcare types to escalate a question: "ask <department or topic>: <question>", with optional lines of its
// own for the source, a link to the original post and the priority ("bron: x", "priority: high"). Lines that do
// not start with one of those field names belong to the question, so a question may itself contain colons.
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "bot/i18n/catalog.hpp"

namespace ambassador::webcare {

inline const std::vector<std::string_view> kSources = {"x",   "facebook", "instagram", "linkedin",
                                                       "web", "phone",    "email",     "other"};
inline const std::vector<std::string_view> kPriorities = {"high", "normal", "low"};
inline constexpr std::size_t kMaxQuestionBytes = 4000;

struct QuestionForm {
  std::string topic;
  std::string text;
  std::string source = "other";
  std::string link;
  std::string priority = "normal";
};

struct FormError {
  i18n::Msg message;
  i18n::Args args;
};

std::variant<QuestionForm, FormError> parse_question_form(std::string_view args);

// "hoog" → "high", "Twitter" → "x", "telefoon" → "phone": the canonical value, or "" when not one of them.
std::string canonical_source(std::string_view word);
std::string canonical_priority(std::string_view word);

}  // namespace ambassador::webcare
