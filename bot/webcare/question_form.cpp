#include "bot/webcare/question_form.hpp"

#include <array>
#include <utility>

#include "config/checks.hpp"
#include "encoding/utf8.hpp"

namespace ambassador::webcare {
namespace {
using i18n::Msg;

constexpr bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && (is_space(text.front()) || text.front() == '\n')) text.remove_prefix(1);
  while (!text.empty() && (is_space(text.back()) || text.back() == '\n')) text.remove_suffix(1);
  return text;
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

template <std::size_t N>
std::string lookup(const std::array<std::pair<std::string_view, std::string_view>, N>& table, std::string_view word) {
  const std::string key = lowercase(trim(word));
  for (const auto& [alias, value] : table)
    if (alias == key) return std::string(value);
  return {};
}

constexpr std::array<std::pair<std::string_view, std::string_view>, 17> kSourceAliases{{
    {"x", "x"},
    {"twitter", "x"},
    {"facebook", "facebook"},
    {"fb", "facebook"},
    {"instagram", "instagram"},
    {"insta", "instagram"},
    {"linkedin", "linkedin"},
    {"web", "web"},
    {"webformulier", "web"},
    {"website", "web"},
    {"phone", "phone"},
    {"telefoon", "phone"},
    {"email", "email"},
    {"e-mail", "email"},
    {"mail", "email"},
    {"other", "other"},
    {"anders", "other"},
}};

constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kPriorityAliases{{
    {"high", "high"},
    {"hoog", "high"},
    {"normal", "normal"},
    {"normaal", "normal"},
    {"low", "low"},
    {"laag", "low"},
}};

enum class Field { none, source, link, priority };

constexpr std::array<std::pair<std::string_view, Field>, 6> kFieldNames{{
    {"source", Field::source},
    {"bron", Field::source},
    {"link", Field::link},
    {"url", Field::link},
    {"priority", Field::priority},
    {"prioriteit", Field::priority},
}};

// "bron: x" → {source, "x"}; anything else → {none}.
std::pair<Field, std::string_view> field_line(std::string_view line) {
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return {Field::none, {}};
  const std::string name = lowercase(trim(line.substr(0, colon)));
  for (const auto& [candidate, field] : kFieldNames)
    if (candidate == name) return {field, trim(line.substr(colon + 1))};
  return {Field::none, {}};
}

constexpr std::size_t kMaxLinkBytes = 2000;

std::string joined(const std::vector<std::string_view>& names) {
  std::string out;
  for (const auto name : names) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

}  // namespace

std::string canonical_source(std::string_view word) { return lookup(kSourceAliases, word); }
std::string canonical_priority(std::string_view word) { return lookup(kPriorityAliases, word); }

std::variant<QuestionForm, FormError> parse_question_form(std::string_view args) {
  const std::string text = encoding::sanitize_utf8(trim(args));
  const std::string_view all(text);
  const auto first_end = all.find('\n');
  const std::string_view first = all.substr(0, first_end);
  const auto colon = first.find(':');
  if (colon == std::string_view::npos) return FormError{Msg::webcare_ask_usage, {}};

  QuestionForm form;
  form.topic = std::string(trim(first.substr(0, colon)));
  std::string body(trim(first.substr(colon + 1)));
  std::string_view rest = first_end == std::string_view::npos ? std::string_view{} : all.substr(first_end + 1);
  while (!rest.empty()) {
    const auto end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    const auto [field, value] = field_line(line);
    if (field == Field::source) {
      form.source = canonical_source(value);
      if (form.source.empty())
        return FormError{Msg::webcare_form_value_unknown,
                         {{"field", "source"}, {"value", value}, {"allowed", joined(kSources)}}};
    } else if (field == Field::priority) {
      form.priority = canonical_priority(value);
      if (form.priority.empty())
        return FormError{Msg::webcare_form_value_unknown,
                         {{"field", "priority"}, {"value", value}, {"allowed", joined(kPriorities)}}};
    } else if (field == Field::link) {
      if (!config::checks::is_http_url(value) || value.size() > kMaxLinkBytes)
        return FormError{Msg::webcare_form_value_unknown,
                         {{"field", "link"}, {"value", value}, {"allowed", "https://..."}}};
      form.link = std::string(value);
    } else {
      body += (body.empty() ? "" : "\n") + std::string(line);
    }
  }
  form.text = std::string(trim(body));
  if (form.topic.empty() || form.text.empty() || form.topic.size() > 200) return FormError{Msg::webcare_ask_usage, {}};
  if (form.text.size() > kMaxQuestionBytes) return FormError{Msg::webcare_ask_usage, {}};
  return form;
}

}  // namespace ambassador::webcare
