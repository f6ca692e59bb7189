#pragma once
// One function per part of the configuration file: each reads its table(s) into the Config, validating as it
// goes and recording every problem in the reader's error list.
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "config/table_reader.hpp"

namespace ambassador::config::sections {

inline const std::vector<std::string_view> kLanguages = {"nl", "en"};
inline const std::vector<std::string_view> kPlatforms = {"local", "slack", "telegram", "teams"};

// Helpers shared by the section readers.
void read_time_zone(detail::TableReader& reader, std::string_view key, std::string& out);
void read_non_empty(detail::TableReader& reader, std::string_view key, std::string& out);
void read_clock_time(detail::TableReader& reader, std::string_view key, std::string& out);
// The [<parent>.business_hours] sub-table over `out` (the inherited hours): opens, closes and days replace,
// holidays are added (kept sorted, without repeats).
void read_business_hours(detail::TableReader& parent, BusinessHoursConfig& out);

void read_organisation(detail::TableReader& root, OrganisationConfig& out);
void read_http(detail::TableReader& root, HttpConfig& out);
void read_storage(detail::TableReader& root, StorageConfig& out);
void read_log(detail::TableReader& root, LogConfig& out);
// A list of unique names (themes, roles) each passing `is_valid`; `rule` explains the naming rule.
void read_name_list(detail::TableReader& root, std::string_view key, std::vector<std::string>& out,
                    bool (*is_valid)(std::string_view), std::string_view rule);
void read_platforms(detail::TableReader& root, PlatformsConfig& out);
// Needs config.organisation (defaults), config.themes and config.platforms (Slack workspaces) read first.
void read_departments(detail::TableReader& root, Config& config);
// Needs config.departments, config.roles and config.themes read first.
void read_ambassadors(detail::TableReader& root, Config& config);
void read_api_tokens(detail::TableReader& root, std::vector<ApiToken>& out);
void read_delivery(detail::TableReader& root, DeliveryConfig& out);
void read_retention(detail::TableReader& root, RetentionConfig& out);
// Needs config.departments read first: default_department is checked against them, and "" or absent becomes the
// first department's id.
void read_webcare(detail::TableReader& root, Config& config);
void read_digests(detail::TableReader& root, DigestsConfig& out);  // config/digests.cpp
void read_intervision(detail::TableReader& root, IntervisionConfig& out);
void read_recognition(detail::TableReader& root, RecognitionConfig& out);  // config/recognition.cpp
void read_impact(detail::TableReader& root, ImpactConfig& out);            // config/impact.cpp

}  // namespace ambassador::config::sections
