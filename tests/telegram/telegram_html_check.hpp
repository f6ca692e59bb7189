#pragma once
// Test helper: checks that a string is well-formed Telegram HTML as our renderer produces it (only <b> and <i>,
// balanced and not nested into each other wrongly; only the four named entities; no stray '<', '>' or '"') and
// returns the text a reader would see, or nullopt when it is not well-formed.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ambassador::adapters::telegram::testing {

inline std::optional<std::string> visible_text(std::string_view html) {
  std::string visible;
  std::vector<std::string_view> open;
  for (std::size_t i = 0; i < html.size();) {
    const char c = html[i];
    if (c == '<') {
      const std::size_t close = html.find('>', i);
      if (close == std::string_view::npos) return std::nullopt;
      const std::string_view tag = html.substr(i + 1, close - i - 1);
      if (tag == "b" || tag == "i") {
        open.push_back(tag);
      } else if (tag == "/b" || tag == "/i") {
        if (open.empty() || open.back() != tag.substr(1)) return std::nullopt;
        open.pop_back();
      } else {
        return std::nullopt;
      }
      i = close + 1;
    } else if (c == '&') {
      bool known = false;
      for (const auto& [entity, character] :
           {std::pair<std::string_view, char>{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}}) {
        if (html.substr(i, entity.size()) == entity) {
          visible += character;
          i += entity.size();
          known = true;
          break;
        }
      }
      if (!known) return std::nullopt;
    } else if (c == '>' || c == '"') {
      return std::nullopt;
    } else {
      visible += c;
      ++i;
    }
  }
  if (!open.empty()) return std::nullopt;
  return visible;
}

}  // namespace ambassador::adapters::telegram::testing
