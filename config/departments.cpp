// The organisation's structure: departments with their channels, and the ambassadors seeded into them.
#include <algorithm>
#include <utility>

#include "config/checks.hpp"
#include "config/person_address.hpp"
#include "config/sections.hpp"

namespace ambassador::config::sections {
namespace {

using detail::TableReader;

const std::vector<std::string_view> kChannelPurposes = {"ambassadors", "experts", "leads",
                                                        "webcare",     "editors", "admins"};

// "slack:T0123/C0456" or "local:webcare-team": how messages name a channel or user on a platform.
std::string describe_address(const std::string& platform, const std::string& workspace, const std::string& id) {
  return platform + ":" + (workspace.empty() ? "" : workspace + "/") + id;
}

// Where each platform address was first seen, to report the second use.
class AddressRegistry {
 public:
  // Returns the path of the earlier use, or nullptr when the address is new (it is then remembered).
  const std::string* claim(std::string address, const std::string& path) {
    for (const auto& [known, known_path] : seen_) {
      if (known == address) return &known_path;
    }
    seen_.emplace_back(std::move(address), path);
    return nullptr;
  }

 private:
  std::vector<std::pair<std::string, std::string>> seen_;
};

std::string unknown_name_message(std::string_view what, const std::string& name, std::string_view list_key,
                                 const std::vector<std::string>& known) {
  std::string message = "unknown " + std::string(what) + " '" + name + "'";
  if (known.empty()) return message + ": no " + std::string(list_key) + " are configured";
  const std::vector<std::string_view> names(known.begin(), known.end());
  return message + "; " + std::string(list_key) + " are " + checks::list_alternatives(names);
}

// Reads a list of names that must each appear in `known` (the ambassador's roles or themes).
void read_references(TableReader& reader, std::string_view key, std::string_view what, std::string_view list_key,
                     const std::vector<std::string>& known, std::vector<std::string>& out) {
  std::vector<std::string> names;
  if (!reader.read(key, names)) return;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (std::find(known.begin(), known.end(), names[i]) == known.end()) {
      reader.error(reader.path_of(key, i), unknown_name_message(what, names[i], list_key, known));
    }
  }
  out = std::move(names);
}

// Lowercase words separated by single spaces: a question's topic is lowercased and matched against them.
bool is_keyword(std::string_view text) {
  if (text.empty() || text.front() == ' ' || text.back() == ' ' || text.find("  ") != std::string_view::npos) {
    return false;
  }
  return std::none_of(text.begin(), text.end(),
                      [](char c) { return (c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) < ' '; });
}

// Each routing keyword's department and where it was written: a keyword leads to exactly one department.
struct KeywordOwner {
  std::string keyword;
  std::string department;
  std::string path;
};

void read_keywords(TableReader& reader, const std::string& department, std::vector<KeywordOwner>& owners,
                   std::vector<std::string>& out) {
  std::vector<std::string> keywords;
  if (!reader.read("keywords", keywords)) return;
  for (std::size_t i = 0; i < keywords.size(); ++i) {
    const std::string& keyword = keywords[i];
    const std::string path = reader.path_of("keywords", i);
    if (!is_keyword(keyword)) {
      reader.error(path, "'" + keyword + "' is not a valid keyword: lowercase words separated by single spaces");
      continue;
    }
    const auto owner =
        std::find_if(owners.begin(), owners.end(), [&](const KeywordOwner& known) { return known.keyword == keyword; });
    if (owner != owners.end() && owner->path.starts_with(reader.path() + ".")) {
      reader.error(path, "'" + keyword + "' is listed twice");
      continue;
    }
    if (owner != owners.end()) {
      reader.error(path, "keyword '" + keyword + "' of department '" + department + "' already routes to department '" +
                             owner->department + "' (" + owner->path + ")");
      continue;
    }
    owners.push_back({keyword, department, path});
    out.push_back(keyword);
  }
}

// A person address as parse_person_address reads it; a Slack one must name a configured workspace.
bool check_person(TableReader& reader, const std::string& path, const std::string& text,
                  const PlatformsConfig& platforms) {
  std::string why;
  const std::optional<PersonAddress> address = parse_person_address(text, why);
  if (!address) {
    reader.error(path, why);
    return false;
  }
  if (address->platform == "slack" && platforms.slack.enabled &&
      std::none_of(platforms.slack.workspaces.begin(), platforms.slack.workspaces.end(),
                   [&](const auto& workspace) { return workspace.team_id == address->workspace; })) {
    reader.error(path, "Slack workspace '" + address->workspace + "' is not listed in [[platforms.slack.workspaces]]");
    return false;
  }
  return true;
}

void read_escalation_contacts(TableReader& reader, const PlatformsConfig& platforms, DepartmentConfig& department) {
  std::vector<std::string> backups;
  if (reader.read("backup_contacts", backups)) {
    for (std::size_t i = 0; i < backups.size(); ++i) {
      const auto earlier_end = backups.begin() + static_cast<std::ptrdiff_t>(i);
      if (!check_person(reader, reader.path_of("backup_contacts", i), backups[i], platforms)) continue;
      if (std::find(backups.begin(), earlier_end, backups[i]) != earlier_end) {
        reader.error(reader.path_of("backup_contacts", i), "'" + backups[i] + "' is listed twice");
        continue;
      }
      department.backup_contacts.push_back(backups[i]);
    }
  }
  std::string lead;
  if (reader.read("lead", lead) && check_person(reader, reader.path_of("lead"), lead, platforms)) {
    department.lead = std::move(lead);
  }
}

void read_channel(TableReader& reader, const PlatformsConfig& platforms, AddressRegistry& channels,
                  ChannelConfig& channel) {
  const bool has_platform = reader.require_choice("platform", channel.platform, kPlatforms);
  reader.read("workspace", channel.workspace);
  const bool has_id = reader.require("id", channel.id);
  reader.read_choice("purpose", channel.purpose, kChannelPurposes);
  reader.report_unknown_keys();

  if (channel.platform == "slack") {
    // Slack channel ids are only unique within a workspace, and each workspace has its own bot token.
    if (channel.workspace.empty()) {
      reader.error(reader.path_of("workspace"), "a Slack channel needs the workspace (team id) it belongs to");
    } else if (platforms.slack.enabled &&
               std::none_of(platforms.slack.workspaces.begin(), platforms.slack.workspaces.end(),
                            [&](const auto& workspace) { return workspace.team_id == channel.workspace; })) {
      reader.error(reader.path_of("workspace"),
                   "Slack workspace '" + channel.workspace + "' is not listed in [[platforms.slack.workspaces]]");
    }
  }
  if (channel.platform == "teams" && channel.workspace.empty()) {
    // Teams events name the tenant as their workspace; without it the channel would never be recognised.
    reader.error(reader.path_of("workspace"), "a Teams channel needs the tenant id it belongs to");
  }
  if (has_platform && has_id) {
    const std::string address = describe_address(channel.platform, channel.workspace, channel.id);
    if (const std::string* first = channels.claim(address, reader.path())) {
      reader.error(reader.path_of("id"), "channel " + address + " is already used at " + *first);
    }
  }
}

}  // namespace

void read_departments(TableReader& root, Config& config) {
  AddressRegistry channels;
  std::vector<std::pair<std::string, std::string>> department_paths;  // id, where it was defined
  std::vector<KeywordOwner> keyword_owners;
  for (TableReader& reader : root.tables("departments")) {
    DepartmentConfig department;
    if (reader.require("id", department.id)) {
      const auto earlier = std::find_if(department_paths.begin(), department_paths.end(),
                                        [&](const auto& known) { return known.first == department.id; });
      if (!checks::is_slug(department.id)) {
        reader.error(reader.path_of("id"),
                     "'" + department.id + "' is not a valid id: lowercase letters a-z, digits and '-' only");
      } else if (earlier != department_paths.end()) {
        reader.error(reader.path_of("id"),
                     "department id '" + department.id + "' is already used at " + earlier->second);
      } else {
        department_paths.emplace_back(department.id, reader.path());
      }
    }
    reader.require("name", department.name);
    department.time_zone = config.organisation.time_zone;
    read_time_zone(reader, "time_zone", department.time_zone);
    department.language = config.organisation.language;
    reader.read_choice("language", department.language, kLanguages);
    department.business_hours = config.organisation.business_hours;
    read_business_hours(reader, department.business_hours);
    read_keywords(reader, department.id, keyword_owners, department.keywords);
    read_references(reader, "themes", "theme", "themes", config.themes, department.themes);
    read_escalation_contacts(reader, config.platforms, department);
    for (TableReader& channel_reader : reader.tables("channels")) {
      ChannelConfig channel;
      read_channel(channel_reader, config.platforms, channels, channel);
      department.channels.push_back(std::move(channel));
    }
    reader.report_unknown_keys();
    config.departments.push_back(std::move(department));
  }
}

void read_ambassadors(TableReader& root, Config& config) {
  AddressRegistry users;
  for (TableReader& reader : root.tables("ambassadors")) {
    AmbassadorSeed ambassador;
    reader.read("name", ambassador.name);
    if (reader.require("department", ambassador.department) &&
        config.find_department(ambassador.department) == nullptr) {
      reader.error(reader.path_of("department"), "unknown department '" + ambassador.department + "'");
    }
    const bool has_platform = reader.require_choice("platform", ambassador.platform, kPlatforms);
    reader.read("workspace", ambassador.workspace);
    const bool has_user = reader.require("user_id", ambassador.user_id);
    if (ambassador.platform == "teams" && ambassador.workspace.empty())
      reader.error(reader.path_of("workspace"), "a Teams ambassador needs the tenant id (workspace)");
    read_references(reader, "roles", "role", "roles", config.roles, ambassador.roles);
    read_references(reader, "themes", "theme", "themes", config.themes, ambassador.themes);
    reader.report_unknown_keys();
    if (has_platform && has_user) {
      const std::string address = describe_address(ambassador.platform, ambassador.workspace, ambassador.user_id);
      if (const std::string* first = users.claim(address, reader.path())) {
        reader.error(reader.path_of("user_id"), "ambassador " + address + " is already listed at " + *first);
      }
    }
    config.ambassadors.push_back(std::move(ambassador));
  }
}

}  // namespace ambassador::config::sections
