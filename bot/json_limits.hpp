#pragma once
// Untrusted JSON is parsed with a nesting limit. nlohmann parses iteratively, but copying, comparing and dumping a
// value recurse once per level: a body of a few hundred thousand '[' (well under the body limit) would overflow the
// stack there. Nothing the platforms or the API send nests anywhere near this deep.
#include <cstddef>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace ambassador {

inline constexpr std::size_t kMaxJsonDepth = 64;

// True when `text` opens more than `max_depth` arrays or objects inside each other. A linear scan that builds
// nothing and skips strings; malformed text is left to the parser to reject.
bool json_nesting_exceeds(std::string_view text, std::size_t max_depth = kMaxJsonDepth);

// The parsed value, or a discarded one (is_discarded()) when `text` is not JSON or nests deeper than `max_depth`.
nlohmann::json parse_untrusted_json(std::string_view text, std::size_t max_depth = kMaxJsonDepth);

}  // namespace ambassador
