#pragma once
// JSON text that never fails: what users typed may be invalid UTF-8, and nlohmann's dump() throws on it by
// default. Every layer writes JSON with this one, for responses, requests to platforms, logs and stored rows.
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace ambassador::encoding {

// `value` as JSON text, with each invalid UTF-8 sequence in its strings replaced by U+FFFD. Compact unless
// `indent` is 0 or more (then pretty-printed with that many spaces per level).
std::string dump_json(const nlohmann::json& value, int indent = -1);

}  // namespace ambassador::encoding
