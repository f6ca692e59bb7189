#pragma once
// Helpers for the config tests: matchers on ConfigError and a minimal valid configuration to extend.
#include <gmock/gmock.h>

#include <ostream>
#include <string>

#include "config/loader.hpp"

namespace ambassador::config {

// Lets GoogleTest print errors readably in failure messages.
inline void PrintTo(const ConfigError& error, std::ostream* out) { *out << '"' << error.to_string() << '"'; }

}  // namespace ambassador::config

namespace ambassador::config::test {

// An error at exactly `path` whose message contains `message_part`.
inline auto ErrorAt(const std::string& path, const std::string& message_part) {
  return ::testing::AllOf(::testing::Field("path", &ConfigError::path, path),
                          ::testing::Field("message", &ConfigError::message, ::testing::HasSubstr(message_part)));
}

// The smallest valid configuration's only mandatory part.
inline const std::string kOneDepartment = R"(
[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"
)";

// Parses `text` followed by one valid department (root keys in `text` come before any table, as TOML wants).
inline LoadResult parse_with_department(const std::string& text) {
  return parse_config(text + kOneDepartment, "test.toml");
}

}  // namespace ambassador::config::test
