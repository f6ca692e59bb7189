#pragma once
// Reads one TOML table for the loader: typed reads that record errors under the key's full path
// ("departments[1].channels[0].platform") and, at the end, reports keys the schema does not know.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "config/config.hpp"
#include "config/loader.hpp"

namespace ambassador::config::detail {

class TableReader {
 public:
  TableReader(const toml::table& table, std::string path, std::vector<ConfigError>& errors);

  // Keys (plain values of the root table) that, found in a sub-table, were most likely written after a
  // [table] header by mistake: TOML puts every key after a header into that table. Passed on to sub-readers.
  void set_top_level_keys(std::vector<std::string_view> keys) { top_level_keys_ = std::move(keys); }

  const std::string& path() const { return path_; }
  std::string path_of(std::string_view key) const;
  std::string path_of(std::string_view key, std::size_t index) const;  // "themes[2]"
  void error(const std::string& path, std::string message);
  bool has(std::string_view key) const { return table_->contains(key); }

  // Every read marks `key` as part of the schema. When the key is absent or its value is wrong (an error
  // is then recorded), `out` is left as it was and the read returns false.
  bool read(std::string_view key, std::string& out);
  bool read(std::string_view key, bool& out);
  bool read(std::string_view key, double& out);                    // an integer is accepted too; must be finite
  bool read(std::string_view key, std::vector<std::string>& out);  // all elements must be strings
  bool read(std::string_view key, SecretRef& out);                 // must be a reference, never resolved here
  // An integer in [min, max]; `max` defaults to the largest value `Integer` (and int64) can hold.
  template <typename Integer>
  bool read(std::string_view key, Integer& out, std::int64_t min, std::int64_t max = largest<Integer>()) {
    std::int64_t value = 0;
    if (!read_integer(key, value, min, max)) return false;
    out = static_cast<Integer>(value);
    return true;
  }
  // A string that must be one of `allowed`.
  bool read_choice(std::string_view key, std::string& out, const std::vector<std::string_view>& allowed);

  // Records "missing required key 'x'" (+ " " + `condition`, e.g. "when Slack is enabled") when absent.
  bool require_key(std::string_view key, std::string_view condition = {});
  // A string that must be present and not empty.
  bool require(std::string_view key, std::string& out);
  bool require_choice(std::string_view key, std::string& out, const std::vector<std::string_view>& allowed);

  // A sub-table ("[http]"); nullopt when absent or not a table (then an error is recorded).
  std::optional<TableReader> table(std::string_view key);
  // An array of tables ("[[departments]]"); elements that are not tables are reported and skipped.
  std::vector<TableReader> tables(std::string_view key);

  // Reports every key of the table that no read asked for, suggesting a near known key.
  void report_unknown_keys();

 private:
  TableReader child(const toml::table& table, std::string path) const;
  template <typename Integer>
  static constexpr std::int64_t largest() {
    constexpr auto integer_max = std::numeric_limits<Integer>::max();
    constexpr auto int64_max = std::numeric_limits<std::int64_t>::max();
    if constexpr (static_cast<std::uint64_t>(integer_max) > static_cast<std::uint64_t>(int64_max)) return int64_max;
    return static_cast<std::int64_t>(integer_max);
  }
  const toml::node* find(std::string_view key);
  void type_error(const std::string& path, std::string_view expected, const toml::node& got);
  bool read_integer(std::string_view key, std::int64_t& out, std::int64_t min, std::int64_t max);

  const toml::table* table_;
  std::string path_;
  std::vector<ConfigError>* errors_;
  std::vector<std::string> known_keys_;
  std::vector<std::string_view> top_level_keys_;
};

}  // namespace ambassador::config::detail
