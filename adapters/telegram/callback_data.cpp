#include "adapters/telegram/callback_data.hpp"

namespace ambassador::adapters::telegram {

std::optional<std::string> encode_callback(std::string_view action_id, std::string_view value) {
  if (action_id.empty() || action_id.find(kCallbackSeparator) != std::string_view::npos) return std::nullopt;
  std::string data(action_id);
  if (!value.empty()) {
    data += kCallbackSeparator;
    data += value;
  }
  if (data.size() > kMaxCallbackDataBytes) return std::nullopt;
  return data;
}

std::optional<CallbackData> decode_callback(std::string_view data) {
  if (data.empty()) return std::nullopt;
  const auto separator = data.find(kCallbackSeparator);
  if (separator == std::string_view::npos) return CallbackData{std::string(data), {}};
  return CallbackData{std::string(data.substr(0, separator)), std::string(data.substr(separator + 1))};
}

}  // namespace ambassador::adapters::telegram
