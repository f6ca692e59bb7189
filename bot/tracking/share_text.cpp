#include "bot/tracking/share_text.hpp"

#include <nlohmann/json.hpp>

namespace ambassador::tracking {
namespace {

bool blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

}  // namespace

std::string suggested_share_text(std::string_view suggested_texts, std::string_view network, std::string_view title) {
  const auto texts = nlohmann::json::parse(suggested_texts, nullptr, false);
  if (texts.is_object()) {
    for (const auto key : {network, std::string_view("all")}) {
      auto it = texts.find(key);
      if (it != texts.end() && it->is_string() && !blank(it->get<std::string>())) return it->get<std::string>();
    }
  }
  return std::string(title);
}

}  // namespace ambassador::tracking
