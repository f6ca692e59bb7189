#include "bot/incoming_event.hpp"

#include <array>
#include <utility>

namespace ambassador {
namespace {
constexpr std::array<std::pair<EventKind, std::string_view>, 7> kNames{{
    {EventKind::message, "message"},
    {EventKind::command, "command"},
    {EventKind::button, "button"},
    {EventKind::member_joined, "member_joined"},
    {EventKind::bot_added, "bot_added"},
    {EventKind::bot_removed, "bot_removed"},
    {EventKind::channel_moved, "channel_moved"},
}};
}  // namespace

std::string_view to_string(EventKind kind) {
  for (const auto& [k, name] : kNames)
    if (k == kind) return name;
  return "unknown";
}

std::optional<EventKind> event_kind_from_string(std::string_view text) {
  for (const auto& [k, name] : kNames)
    if (name == text) return k;
  return std::nullopt;
}

}  // namespace ambassador
