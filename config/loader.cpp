#include "config/loader.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include <toml++/toml.h>

#include "config/checks.hpp"
#include "config/sections.hpp"
#include "config/table_reader.hpp"

namespace ambassador::config {

std::string ConfigError::to_string() const { return path.empty() ? message : path + ": " + message; }

LoadResult parse_config(std::string_view toml_text, std::string_view source) {
  LoadResult result;
  toml::table document;
  try {
    document = toml::parse(toml_text, source);
  } catch (const toml::parse_error& error) {
    // toml++ stops at the first syntax error, so this is the only error there is to report.
    const toml::source_position where = error.source().begin;
    result.errors.push_back(ConfigError{"", std::string(source) + ":" + std::to_string(where.line) + ":" +
                                                std::to_string(where.column) + ": " +
                                                std::string(error.description())});
    return result;
  }

  detail::TableReader root(document, "", result.errors);
  root.set_top_level_keys({"demo", "themes", "roles"});
  Config& config = result.config;
  root.read("demo", config.demo);
  // Order matters: departments inherit the organisation's zone and language, channels are checked against
  // the Slack workspaces, ambassadors against the departments, roles and themes, and webcare's default
  // department against the departments.
  sections::read_organisation(root, config.organisation);
  sections::read_http(root, config.http);
  sections::read_storage(root, config.storage);
  sections::read_log(root, config.log);
  sections::read_name_list(root, "themes", config.themes, &checks::is_slug,
                           "lowercase letters a-z, digits and '-' only");
  sections::read_name_list(root, "roles", config.roles, &checks::is_role_name,
                           "lowercase letters a-z, digits, '-' and '_' only");
  sections::read_platforms(root, config.platforms);
  sections::read_departments(root, config);
  sections::read_ambassadors(root, config);
  sections::read_api_tokens(root, config.api_tokens);
  sections::read_delivery(root, config.delivery);
  sections::read_retention(root, config.retention);
  sections::read_webcare(root, config);
  sections::read_digests(root, config.digests);
  sections::read_intervision(root, config.intervision);
  sections::read_recognition(root, config.recognition);
  sections::read_impact(root, config.impact);
  root.report_unknown_keys();

  if (result.errors.empty() && config.departments.empty()) {
    result.errors.push_back(ConfigError{"departments", "at least one department is required"});
  }
  return result;
}

LoadResult load_config_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    LoadResult result;
    result.errors.push_back(ConfigError{"", "cannot read config file '" + path + "': it is a directory"});
    return result;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    LoadResult result;
    result.errors.push_back(ConfigError{"", "cannot read config file '" + path + "': " + std::strerror(errno)});
    return result;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    LoadResult result;
    result.errors.push_back(ConfigError{"", "cannot read config file '" + path + "'"});
    return result;
  }
  return parse_config(text.str(), path);
}

}  // namespace ambassador::config
