#pragma once
// Non-throwing reads from Slack's JSON: a missing field and a field of the wrong type both read as absent,
// so a surprising payload becomes a typed ParseResult instead of an exception on the request path.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ambassador::adapters::slack {

// The member `key` of `object`, or nullptr when `object` is not an object or has no such member.
inline const nlohmann::json* json_field(const nlohmann::json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

// The string member `key`, or "" when it is absent, null or not a string.
inline std::string json_string(const nlohmann::json& object, std::string_view key) {
  const auto* value = json_field(object, key);
  return value && value->is_string() ? value->get<std::string>() : std::string{};
}

// The integer member `key`, or nullopt when it is absent or not an integer.
inline std::optional<std::int64_t> json_integer(const nlohmann::json& object, std::string_view key) {
  const auto* value = json_field(object, key);
  if (!value || !value->is_number_integer()) return std::nullopt;
  return value->get<std::int64_t>();
}

// The object member `key`, or a null value (whose own fields all read as absent).
inline const nlohmann::json& json_object(const nlohmann::json& object, std::string_view key) {
  static const nlohmann::json kAbsent;
  const auto* value = json_field(object, key);
  return value && value->is_object() ? *value : kAbsent;
}

}  // namespace ambassador::adapters::slack
