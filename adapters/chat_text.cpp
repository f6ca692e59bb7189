#include "adapters/chat_text.hpp"

namespace ambassador::adapters {
namespace {

constexpr std::string_view kNoBreakSpace = "\xC2\xA0";

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The length of the space (ASCII or a no-break space) that `text` starts or ends with; 0 when none.
std::size_t leading_space(std::string_view text) {
  if (!text.empty() && is_ascii_space(text.front())) return 1;
  return text.starts_with(kNoBreakSpace) ? kNoBreakSpace.size() : 0;
}

std::size_t trailing_space(std::string_view text) {
  if (!text.empty() && is_ascii_space(text.back())) return 1;
  return text.ends_with(kNoBreakSpace) ? kNoBreakSpace.size() : 0;
}

}  // namespace

std::string_view trim_chat_text(std::string_view text) {
  while (const auto n = leading_space(text)) text.remove_prefix(n);
  while (const auto n = trailing_space(text)) text.remove_suffix(n);
  return text;
}

}  // namespace ambassador::adapters
