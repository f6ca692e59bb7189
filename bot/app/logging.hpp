#pragma once
// spdlog set-up: human text by default, JSON lines for log shippers.
#include <string>

namespace ambassador::app {

// Throws std::invalid_argument for an unknown level or format.
void configure_logging(const std::string& level, const std::string& format);

}  // namespace ambassador::app
