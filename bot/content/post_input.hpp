#pragma once
// Editors' post JSON → a PostRecord, with every problem listed (422), and a post back to JSON.
// Unknown fields are problems too: a typo must not silently drop a targeting rule.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "storage/post_repository.hpp"

namespace ambassador::content {

enum class InputMode { create, update };

// Applies the fields present in `body` to `post` and validates the result. Returns the problems (empty: ok).
// Sets status to "scheduled" when a publish time is given and no status, "draft" otherwise (create only).
std::vector<std::string> apply_post_input(const nlohmann::json& body, storage::PostRecord& post,
                                          const config::Config& config, std::int64_t now_ms, InputMode mode);

nlohmann::json post_to_json(const storage::PostRecord& post);

// The suggested text for a network: its own, else "all", else "".
std::string suggested_text(const storage::PostRecord& post, std::string_view network);

}  // namespace ambassador::content
