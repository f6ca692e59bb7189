#include "config/table_reader.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "config/checks.hpp"

namespace ambassador::config::detail {
namespace {

constexpr std::size_t kMaxSuggestionDistance = 2;

std::string_view describe(toml::node_type type) {
  switch (type) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a floating-point number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

std::string range_message(std::int64_t min, std::int64_t max, std::int64_t value) {
  const std::string got = ", got " + std::to_string(value);
  // Bounds as large as a type's limit are technical, not advice to the operator: name only the one crossed.
  if (max >= std::numeric_limits<int>::max()) {
    if (value > max) return "must be at most " + std::to_string(max) + got;
    return (min == 1 ? std::string("must be greater than 0") : "must be at least " + std::to_string(min)) + got;
  }
  return "must be between " + std::to_string(min) + " and " + std::to_string(max) + got;
}

}  // namespace

TableReader::TableReader(const toml::table& table, std::string path, std::vector<ConfigError>& errors)
    : table_(&table), path_(std::move(path)), errors_(&errors) {}

std::string TableReader::path_of(std::string_view key) const {
  if (path_.empty()) return std::string(key);
  return path_ + "." + std::string(key);
}

std::string TableReader::path_of(std::string_view key, std::size_t index) const {
  return path_of(key) + "[" + std::to_string(index) + "]";
}

void TableReader::error(const std::string& path, std::string message) {
  errors_->push_back(ConfigError{path, std::move(message)});
}

TableReader TableReader::child(const toml::table& table, std::string path) const {
  TableReader reader(table, std::move(path), *errors_);
  reader.top_level_keys_ = top_level_keys_;
  return reader;
}

const toml::node* TableReader::find(std::string_view key) {
  if (std::find(known_keys_.begin(), known_keys_.end(), key) == known_keys_.end()) known_keys_.emplace_back(key);
  return table_->get(key);
}

void TableReader::type_error(const std::string& path, std::string_view expected, const toml::node& got) {
  error(path, "expected " + std::string(expected) + ", got " + std::string(describe(got.type())));
}

bool TableReader::read(std::string_view key, std::string& out) {
  const toml::node* node = find(key);
  if (node == nullptr) return false;
  if (const auto* value = node->as_string()) {
    out = value->get();
    return true;
  }
  type_error(path_of(key), "a string", *node);
  return false;
}

bool TableReader::read(std::string_view key, bool& out) {
  const toml::node* node = find(key);
  if (node == nullptr) return false;
  if (const auto* value = node->as_boolean()) {
    out = value->get();
    return true;
  }
  type_error(path_of(key), "a boolean", *node);
  return false;
}

bool TableReader::read(std::string_view key, double& out) {
  const toml::node* node = find(key);
  if (node == nullptr) return false;
  double value = 0;
  if (const auto* floating = node->as_floating_point()) {
    value = floating->get();
  } else if (const auto* integer = node->as_integer()) {
    value = static_cast<double>(integer->get());
  } else {
    type_error(path_of(key), "a number", *node);
    return false;
  }
  if (!std::isfinite(value)) {
    error(path_of(key), "must be a finite number");
    return false;
  }
  out = value;
  return true;
}

bool TableReader::read_integer(std::string_view key, std::int64_t& out, std::int64_t min, std::int64_t max) {
  const toml::node* node = find(key);
  if (node == nullptr) return false;
  const auto* value = node->as_integer();
  if (value == nullptr) {
    type_error(path_of(key), "an integer", *node);
    return false;
  }
  if (value->get() < min || value->get() > max) {
    error(path_of(key), range_message(min, max, value->get()));
    return false;
  }
  out = value->get();
  return true;
}

bool TableReader::read(std::string_view key, std::vector<std::string>& out) {
  const toml::node* node = find(key);
  if (node == nullptr) return false;
  const auto* array = node->as_array();
  if (array == nullptr) {
    type_error(path_of(key), "an array of strings", *node);
    return false;
  }
  std::vector<std::string> values;
  bool all_strings = true;
  for (std::size_t i = 0; i < array->size(); ++i) {
    if (const auto* value = (*array)[i].as_string()) {
      values.push_back(value->get());
    } else {
      type_error(path_of(key, i), "a string", (*array)[i]);
      all_strings = false;
    }
  }
  if (!all_strings) return false;
  out = std::move(values);
  return true;
}

bool TableReader::read(std::string_view key, SecretRef& out) {
  std::string text;
  if (!read(key, text)) return false;
  // The message never repeats `text`: when it is not a reference it may well be the secret itself.
  std::string why;
  if (!SecretRef::is_valid_reference(text, why)) {
    error(path_of(key), why);
    return false;
  }
  out = SecretRef(std::move(text));
  return true;
}

bool TableReader::read_choice(std::string_view key, std::string& out, const std::vector<std::string_view>& allowed) {
  std::string value;
  if (!read(key, value)) return false;
  if (!checks::is_one_of(value, allowed)) {
    error(path_of(key), "'" + value + "' is not one of " + checks::list_alternatives(allowed));
    return false;
  }
  out = std::move(value);
  return true;
}

bool TableReader::require_key(std::string_view key, std::string_view condition) {
  if (find(key) != nullptr) return true;
  std::string message = "missing required key '" + std::string(key) + "'";
  if (!condition.empty()) message += " " + std::string(condition);
  error(path_of(key), std::move(message));
  return false;
}

bool TableReader::require(std::string_view key, std::string& out) {
  if (!require_key(key)) return false;
  std::string value;
  if (!read(key, value)) return false;
  if (value.empty()) {
    error(path_of(key), "must not be empty");
    return false;
  }
  out = std::move(value);
  return true;
}

bool TableReader::require_choice(std::string_view key, std::string& out, const std::vector<std::string_view>& allowed) {
  return require_key(key) && read_choice(key, out, allowed);
}

std::optional<TableReader> TableReader::table(std::string_view key) {
  const toml::node* node = find(key);
  if (node == nullptr) return std::nullopt;
  if (const auto* sub_table = node->as_table()) return child(*sub_table, path_of(key));
  type_error(path_of(key), "a table", *node);
  return std::nullopt;
}

std::vector<TableReader> TableReader::tables(std::string_view key) {
  std::vector<TableReader> readers;
  const toml::node* node = find(key);
  if (node == nullptr) return readers;
  const auto* array = node->as_array();
  if (array == nullptr) {
    type_error(path_of(key), "an array of tables", *node);
    return readers;
  }
  for (std::size_t i = 0; i < array->size(); ++i) {
    if (const auto* element = (*array)[i].as_table()) {
      readers.push_back(child(*element, path_of(key, i)));
    } else {
      type_error(path_of(key, i), "a table", (*array)[i]);
    }
  }
  return readers;
}

void TableReader::report_unknown_keys() {
  for (const auto& [key, node] : *table_) {
    const std::string_view name = key.str();
    if (std::find(known_keys_.begin(), known_keys_.end(), name) != known_keys_.end()) continue;
    std::string message = "unknown key '" + std::string(name) + "'";
    if (!path_.empty() && std::find(top_level_keys_.begin(), top_level_keys_.end(), name) != top_level_keys_.end()) {
      message += "; '" + std::string(name) + "' belongs at the top of the file, before the first [table]";
      error(path_of(name), std::move(message));
      continue;
    }
    const std::string* best = nullptr;
    std::size_t best_distance = kMaxSuggestionDistance + 1;
    for (const std::string& known : known_keys_) {
      const std::size_t distance = checks::edit_distance(name, known);
      if (distance < best_distance) {
        best = &known;
        best_distance = distance;
      }
    }
    if (best != nullptr) message += "; did you mean '" + *best + "'?";
    error(path_of(name), std::move(message));
  }
}

}  // namespace ambassador::config::detail
