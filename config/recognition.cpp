// [recognition]: the daily kudos limit and the badges. Leaving the table (or `badges`) out keeps the defaults;
// `badges = []` turns badges off.
#include <optional>
#include <set>

#include "config/checks.hpp"
#include "config/sections.hpp"

namespace ambassador::config::sections {
namespace {

using detail::TableReader;

// Names and rewards are shown in chat messages: short enough to read at a glance.
constexpr std::size_t kMaxBadgeNameBytes = 80;
constexpr std::size_t kMaxBadgeRewardBytes = 200;
constexpr std::int64_t kMaxThreshold = 1'000'000'000;

void read_text(TableReader& reader, std::string_view key, std::string& out, std::size_t max_bytes) {
  std::string text;
  if (!reader.read(key, text)) return;
  if (text.size() > max_bytes) {
    reader.error(reader.path_of(key), "must be at most " + std::to_string(max_bytes) + " bytes");
    return;
  }
  out = std::move(text);
}

std::optional<BadgeConfig> read_badge(TableReader& reader, std::set<std::string>& seen_ids) {
  BadgeConfig badge;
  bool valid = true;
  if (reader.require("id", badge.id)) {
    if (!checks::is_slug(badge.id)) {
      reader.error(reader.path_of("id"), "must be lowercase letters a-z, digits and '-' only");
      valid = false;
    } else if (!seen_ids.insert(badge.id).second) {
      reader.error(reader.path_of("id"), "'" + badge.id + "' is used by another badge");
      valid = false;
    }
  } else {
    valid = false;
  }
  read_text(reader, "name", badge.name, kMaxBadgeNameBytes);
  read_text(reader, "reward", badge.reward, kMaxBadgeRewardBytes);
  const bool has_shares = reader.has("shares"), has_clicks = reader.has("unique_clicks");
  if (has_shares == has_clicks) {
    reader.error(reader.path(), "a badge needs exactly one threshold: shares or unique_clicks");
    valid = false;
  }
  if (has_shares && !reader.read("shares", badge.shares, 1, kMaxThreshold)) valid = false;
  if (has_clicks && !reader.read("unique_clicks", badge.unique_clicks, 1, kMaxThreshold)) valid = false;
  reader.report_unknown_keys();
  return valid ? std::optional(badge) : std::nullopt;
}

}  // namespace

void read_recognition(TableReader& root, RecognitionConfig& out) {
  auto reader = root.table("recognition");
  if (!reader) return;
  reader->read("kudos_per_day", out.kudos_per_day, 1, 100);
  if (reader->has("badges")) {
    std::vector<BadgeConfig> badges;
    std::set<std::string> seen_ids;
    for (TableReader& badge_reader : reader->tables("badges")) {
      if (auto badge = read_badge(badge_reader, seen_ids)) badges.push_back(std::move(*badge));
    }
    out.badges = std::move(badges);
  }
  reader->report_unknown_keys();
}

}  // namespace ambassador::config::sections
