#pragma once
// Text as chat clients send it: Slack and Teams put a no-break space after an autocompleted mention, so trimming a
// message around a removed mention must drop it like ASCII white space.
#include <string_view>

namespace ambassador::adapters {

// `text` without leading and trailing ASCII white space and U+00A0 (no-break space, UTF-8 C2 A0).
std::string_view trim_chat_text(std::string_view text);

}  // namespace ambassador::adapters
