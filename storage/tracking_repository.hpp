#pragma once
// Tracked share links and what happened to them: one token per (post, ambassador, network), clicks on it
// (counted unique per daily-salted visitor), shares ambassadors made, posts they skipped, and the totals.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "storage/connection.hpp"

namespace ambassador::storage {

struct ResolvedLink {
  std::string token;
  std::int64_t post_id = 0;
  std::optional<std::int64_t> ambassador_id;  // null: a link not tied to a person (or the person was deleted)
  std::string department_id;
  std::string network;   // linkedin, x, facebook, other
  std::string link_url;  // the post's page
  std::string post_status;
  std::string post_title;
  std::string suggested_texts;  // the post's JSON object of share texts
};

struct PostStats {
  std::int64_t shares = 0;
  std::map<std::string, std::int64_t> shares_by_network;
  std::map<std::string, std::int64_t> shares_by_department;  // "" for ambassadors without a department
  std::int64_t clicks = 0;
  std::int64_t unique_clicks = 0;
};

struct PersonalStats {
  std::int64_t shares = 0;
  std::int64_t posts_shared = 0;
  std::int64_t clicks = 0;
  std::int64_t unique_clicks = 0;
};

// What record_click did with a click.
enum class ClickRecord {
  unique,  // counted: this visitor's first click on the link
  repeat,  // counted: the visitor clicked it before
  capped,  // not counted: the visitor's last counted click on the link is less than kClickCapWindowMs old
};

// A visitor's clicks on one link count once per minute: a script hitting a link in a loop adds no rows.
inline constexpr std::int64_t kClickCapWindowMs = 60'000;

class TrackingRepository {
 public:
  explicit TrackingRepository(Connection& connection) : db_(connection) {}

  // The token of (post, ambassador, network), made with `new_token` and stored on first use.
  std::string link_for(std::int64_t post_id, std::optional<std::int64_t> ambassador_id, std::string_view department_id,
                       std::string_view network, std::int64_t now_ms, const std::function<std::string()>& new_token);
  std::optional<ResolvedLink> resolve(std::string_view token);

  // The visitor salt of `day` (days since the epoch, UTC), made with `random_salt` on first use; salts older
  // than two days are deleted then, so yesterday's visitors cannot be linked to today's.
  std::string salt_for_day(std::int64_t day, const std::function<std::string()>& random_salt);

  // Logs a click unless the cap holds it back. Throws when `token` is not a link.
  ClickRecord record_click(std::string_view token, std::string_view visitor_hash, std::int64_t now_ms);
  // One share per (post, ambassador, network): true when this call counted a new one. A 'confirmed' share
  // upgrades an earlier 'link_opened' one (still one share).
  bool record_share(std::int64_t post_id, std::int64_t ambassador_id, std::string_view department_id,
                    std::string_view network, std::string_view source, std::int64_t now_ms);
  // "I shared it" without saying where: confirms the shares this ambassador opened for the post, or counts
  // one share on network 'other' when there is none. True when it counted a new share.
  bool confirm_share(std::int64_t post_id, std::int64_t ambassador_id, std::string_view department_id,
                     std::int64_t now_ms);
  // "skipped": the ambassador let this post pass. The first reaction is kept.
  void record_reaction(std::int64_t post_id, std::int64_t ambassador_id, std::string_view reaction,
                       std::int64_t now_ms);

  // Clicks count raw clicks and the daily counts old clicks were rolled up into (RetentionRepository).
  PostStats post_stats(std::int64_t post_id);
  PersonalStats personal_stats(std::int64_t ambassador_id);

 private:
  Connection& db_;
};

}  // namespace ambassador::storage
