#pragma once
// An ambassador's own share links for a post: {base}/s/{token} per network, tokens created once.
#include <cstdint>
#include <string>

#include "bot/content/post_message.hpp"
#include "storage/ambassador_repository.hpp"
#include "storage/connection.hpp"
#include "storage/post_repository.hpp"

namespace ambassador::content {

PersonalLinks personal_links(storage::Connection& db, const storage::PostRecord& post,
                             const storage::AmbassadorRecord& ambassador, const std::string& public_base_url,
                             std::int64_t now_ms);

}  // namespace ambassador::content
