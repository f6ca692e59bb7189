#include "bot/webcare/question_routing.hpp"

#include <algorithm>

namespace ambassador::webcare {
namespace {

bool is_word_char(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c >= 0x80; }

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// `phrase` occurs in `text` with no word character right before or after it ("park" in "parkeren" does not count).
bool contains_phrase(std::string_view text, std::string_view phrase) {
  if (phrase.empty()) return false;
  for (auto at = text.find(phrase); at != std::string_view::npos; at = text.find(phrase, at + 1)) {
    const bool starts = at == 0 || !is_word_char(static_cast<unsigned char>(text[at - 1]));
    const auto end = at + phrase.size();
    const bool ends = end == text.size() || !is_word_char(static_cast<unsigned char>(text[end]));
    if (starts && ends) return true;
  }
  return false;
}

std::string theme_in(const config::Config& config, std::string_view topic) {
  for (const auto& theme : config.themes)
    if (contains_phrase(topic, theme)) return theme;
  return {};
}

}  // namespace

std::string default_department(const config::Config& config) {
  if (!config.webcare.default_department.empty()) return config.webcare.default_department;
  return config.departments.empty() ? std::string{} : config.departments.front().id;
}

Route route_topic(const config::Config& config, std::string_view topic_text, std::string_view exclude) {
  const std::string topic = lowercase(topic_text);
  const std::string theme = theme_in(config, topic);
  auto candidates = [&](auto&& matches) -> const config::DepartmentConfig* {
    for (const auto& department : config.departments)
      if (department.id != exclude && matches(department)) return &department;
    return nullptr;
  };
  const auto* named = candidates([&](const config::DepartmentConfig& d) {
    return contains_phrase(topic, d.id) || contains_phrase(topic, lowercase(d.name));
  });
  if (!named) {
    named = candidates([&](const config::DepartmentConfig& d) {
      return std::any_of(d.keywords.begin(), d.keywords.end(),
                         [&](const auto& k) { return contains_phrase(topic, k); });
    });
  }
  if (!named) {
    named = candidates([&](const config::DepartmentConfig& d) {
      return std::any_of(d.themes.begin(), d.themes.end(), [&](const auto& t) { return contains_phrase(topic, t); });
    });
  }
  if (named) return Route{named->id, theme, true};
  std::string fallback = default_department(config);
  if (fallback == exclude) {
    // The default said "not ours" itself: the first other department takes it, so it never bounces back.
    const auto* other = candidates([](const config::DepartmentConfig&) { return true; });
    if (other) fallback = other->id;
  }
  return Route{fallback, theme, false};
}

}  // namespace ambassador::webcare
