#pragma once
// The `callback_data` string on Telegram inline buttons: carries the neutral action id and its value.
// Format: "<action_id>|<value>" ("<action_id>" alone when the value is empty). Telegram allows 1–64 bytes, so
// the domain must keep action ids and values short (ids, not texts).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ambassador::adapters::telegram {

inline constexpr std::size_t kMaxCallbackDataBytes = 64;
inline constexpr char kCallbackSeparator = '|';

struct CallbackData {
  std::string action_id;
  std::string value;
};

// nullopt when the result would not be valid callback_data: empty action id, a '|' in the action id, or more than
// 64 bytes in total. The value may contain anything (it is split off at the first '|').
std::optional<std::string> encode_callback(std::string_view action_id, std::string_view value);

// Splits at the first '|'. Data without a separator (buttons not made by us) decodes as an action id with an
// empty value. nullopt only for empty data.
std::optional<CallbackData> decode_callback(std::string_view data);

}  // namespace ambassador::adapters::telegram
