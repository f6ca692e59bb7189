#include "bot/content/personal_links.hpp"

#include "bot/tracking/link_token.hpp"
#include "storage/tracking_repository.hpp"

namespace ambassador::content {

PersonalLinks personal_links(storage::Connection& db, const storage::PostRecord& post,
                             const storage::AmbassadorRecord& ambassador, const std::string& public_base_url,
                             std::int64_t now_ms) {
  storage::TrackingRepository tracking(db);
  auto link = [&](const char* network) {
    const auto token = tracking.link_for(post.id, ambassador.id, ambassador.department_id, network, now_ms,
                                         [] { return tracking::new_link_token(); });
    return public_base_url + "/s/" + token;
  };
  return PersonalLinks{link("linkedin"), link("x"), link("facebook")};
}

}  // namespace ambassador::content
