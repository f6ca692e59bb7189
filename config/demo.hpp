#pragma once
#include <string_view>

namespace ambassador::config {

// The text of config/demo.toml, compiled in so the service runs out of the box without a config file.
// It holds no credentials: its API tokens are env: references. Parse it with parse_config(text, "demo.toml").
std::string_view demo_config_toml();

}  // namespace ambassador::config
