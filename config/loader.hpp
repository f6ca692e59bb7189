#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace ambassador::config {

struct ConfigError {
  std::string path;     // key path: "departments[1].time_zone" ("" for file-level problems)
  std::string message;  // "unknown IANA time zone 'Europe/Amsterdm'"
  std::string to_string() const;  // "departments[1].time_zone: unknown IANA time zone ..."
};

struct LoadResult {
  Config config;                    // meaningful only when errors is empty
  std::vector<ConfigError> errors;  // every problem found, not just the first
  bool ok() const { return errors.empty(); }
};

// Parses and validates TOML text. `source` names it in messages (a file name).
LoadResult parse_config(std::string_view toml_text, std::string_view source = "config");
// Reads the file and calls parse_config; an unreadable file is one error with an empty path.
LoadResult load_config_file(const std::string& path);

}  // namespace ambassador::config
