#include "config/sections.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "config/checks.hpp"

namespace ambassador::config::sections {
namespace {

using detail::TableReader;

const std::vector<std::string_view> kStorageBackends = {"sqlite", "postgres"};
const std::vector<std::string_view> kLogLevels = {"trace", "debug", "info", "warn", "error", "off"};
const std::vector<std::string_view> kLogFormats = {"text", "json"};
const std::vector<std::string_view> kApiRoles = {"admin", "editor", "webcare", "lead"};

void read_url(TableReader& reader, std::string_view key, std::string& out) {
  std::string url;
  if (!reader.read(key, url)) return;
  if (!checks::is_http_url(url)) {
    reader.error(reader.path_of(key), "must be an http:// or https:// URL");
    return;
  }
  // Callers append paths ("/r/abc", "/chat.postMessage"); a trailing slash would double them.
  while (url.ends_with('/')) url.pop_back();
  out = std::move(url);
}

// The bot token goes with every request to an API base URL (in Telegram's path, in Slack's Authorization header):
// over plain http it could be read on the way. Only a stand-in on this machine (tests, a local proxy) may use it.
void read_api_base_url(TableReader& reader, std::string_view key, std::string& out) {
  std::string url;
  read_url(reader, key, url);
  if (url.empty()) return;
  if (url.starts_with("http://") && !checks::is_loopback_host(checks::url_host(url))) {
    reader.error(reader.path_of(key),
                 "must be an https:// URL: the bot token goes with every request (http:// only to a loopback host: "
                 "127.0.0.0/8, ::1 or localhost)");
    return;
  }
  out = std::move(url);
}

const std::vector<std::string_view> kWeekDays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

void read_week_days(TableReader& reader, std::string_view key, std::vector<std::string>& out) {
  std::vector<std::string> days;
  if (!reader.read(key, days)) return;
  bool valid = true;
  for (std::size_t i = 0; i < days.size(); ++i) {
    const auto earlier_end = days.begin() + static_cast<std::ptrdiff_t>(i);
    if (!checks::is_one_of(days[i], kWeekDays)) {
      reader.error(reader.path_of(key, i),
                   "'" + days[i] + "' is not a day; days are " + checks::list_alternatives(kWeekDays));
      valid = false;
    } else if (std::find(days.begin(), earlier_end, days[i]) != earlier_end) {
      reader.error(reader.path_of(key, i), "'" + days[i] + "' is listed twice");
      valid = false;
    }
  }
  if (days.empty()) {
    reader.error(reader.path_of(key), "at least one working day is required");
    valid = false;
  }
  if (valid) out = std::move(days);
}

// Adds the dates of `key` to `out` (sorted, each once); a date repeated within `key` itself is a mistake.
void read_holidays(TableReader& reader, std::string_view key, std::vector<std::string>& out) {
  std::vector<std::string> dates;
  if (!reader.read(key, dates)) return;
  for (std::size_t i = 0; i < dates.size(); ++i) {
    const auto earlier_end = dates.begin() + static_cast<std::ptrdiff_t>(i);
    if (!checks::is_iso_date(dates[i])) {
      reader.error(reader.path_of(key, i), "'" + dates[i] + "' is not a date \"YYYY-MM-DD\" of the calendar");
    } else if (std::find(dates.begin(), earlier_end, dates[i]) != earlier_end) {
      reader.error(reader.path_of(key, i), "'" + dates[i] + "' is listed twice");
    } else if (std::find(out.begin(), out.end(), dates[i]) == out.end()) {
      out.push_back(dates[i]);
    }
  }
  std::sort(out.begin(), out.end());  // ISO dates sort as strings
}

void read_positive(TableReader& reader, std::string_view key, double& out) {
  double value = 0;
  if (!reader.read(key, value)) return;
  if (value <= 0) {
    reader.error(reader.path_of(key), "must be greater than 0");
    return;
  }
  out = value;
}

// A list of address blocks ("10.0.0.0/8", "::1/128", a bare address); each bad entry reported at its index.
void read_cidrs(TableReader& reader, std::string_view key, std::vector<std::string>& out) {
  std::vector<std::string> blocks;
  if (!reader.read(key, blocks)) return;
  bool valid = true;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    std::string why;
    if (!checks::is_cidr(blocks[i], why)) {
      reader.error(reader.path_of(key, i), why);
      valid = false;
    }
  }
  if (valid) out = std::move(blocks);
}

std::string default_base_url(const HttpConfig& http) {
  // An IPv6 literal needs brackets in a URL.
  const bool ipv6 = http.address.find(':') != std::string::npos;
  const std::string host = ipv6 ? "[" + http.address + "]" : http.address;
  return "http://" + host + ":" + std::to_string(http.port);
}

void read_slack(TableReader& reader, SlackConfig& out) {
  reader.read("enabled", out.enabled);
  read_api_base_url(reader, "api_base_url", out.api_base_url);
  const std::string_view when = "when Slack is enabled";
  for (TableReader& workspace_reader : reader.tables("workspaces")) {
    SlackWorkspaceConfig workspace;
    if (workspace_reader.require("team_id", workspace.team_id)) {
      const bool duplicate = std::any_of(out.workspaces.begin(), out.workspaces.end(),
                                         [&](const auto& other) { return other.team_id == workspace.team_id; });
      if (duplicate) {
        workspace_reader.error(workspace_reader.path_of("team_id"),
                               "workspace '" + workspace.team_id + "' is listed twice");
      }
    }
    if (!out.enabled || workspace_reader.require_key("signing_secret", when)) {
      workspace_reader.read("signing_secret", workspace.signing_secret);
    }
    if (!out.enabled || workspace_reader.require_key("bot_token", when)) {
      workspace_reader.read("bot_token", workspace.bot_token);
    }
    workspace_reader.report_unknown_keys();
    out.workspaces.push_back(std::move(workspace));
  }
  if (out.enabled && out.workspaces.empty()) {
    reader.error(reader.path_of("workspaces"),
                 "at least one [[platforms.slack.workspaces]] is required " + std::string(when));
  }
  reader.report_unknown_keys();
}

void read_telegram(TableReader& reader, TelegramConfig& out) {
  reader.read("enabled", out.enabled);
  read_api_base_url(reader, "api_base_url", out.api_base_url);
  if (reader.read("bot_username", out.bot_username) && out.bot_username.starts_with('@')) {
    // People copy the name as Telegram shows it; commands arrive as "/help@name", without the '@' before it.
    out.bot_username.erase(0, 1);
  }
  const std::string_view when = "when Telegram is enabled";
  if (!out.enabled || reader.require_key("bot_token", when)) reader.read("bot_token", out.bot_token);
  if (!out.enabled || reader.require_key("webhook_secret", when)) reader.read("webhook_secret", out.webhook_secret);
  reader.report_unknown_keys();
}

// A Teams App ID and a tenant id are GUIDs; anything else is a copy-paste slip that would only show as 401s.
bool is_guid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

void read_guid(TableReader& reader, std::string_view key, std::string& out) {
  std::string value;
  if (!reader.read(key, value)) return;
  if (!is_guid(value)) {
    reader.error(reader.path_of(key), "must be a GUID like 00000000-0000-0000-0000-000000000000");
    return;
  }
  out = std::move(value);
}

void read_teams(TableReader& reader, TeamsConfig& out) {
  reader.read("enabled", out.enabled);
  const std::string_view when = "when Teams is enabled";
  if (!out.enabled || reader.require_key("app_id", when)) read_guid(reader, "app_id", out.app_id);
  if (!out.enabled || reader.require_key("app_password", when)) reader.read("app_password", out.app_password);
  read_guid(reader, "app_tenant_id", out.app_tenant_id);
  // The metadata and keys decide which tokens are believed; the login endpoint gets the client secret.
  read_api_base_url(reader, "openid_metadata_url", out.openid_metadata_url);
  read_api_base_url(reader, "login_base_url", out.login_base_url);
  read_api_base_url(reader, "default_service_url", out.default_service_url);
  read_non_empty(reader, "token_issuer", out.token_issuer);
  reader.report_unknown_keys();
}

}  // namespace

void read_time_zone(TableReader& reader, std::string_view key, std::string& out) {
  std::string zone;
  if (!reader.read(key, zone)) return;
  if (!checks::is_known_time_zone(zone)) {
    reader.error(reader.path_of(key), "unknown IANA time zone '" + zone + "'");
    return;
  }
  out = std::move(zone);
}

void read_non_empty(TableReader& reader, std::string_view key, std::string& out) {
  std::string value;
  if (!reader.read(key, value)) return;
  if (value.empty()) {
    reader.error(reader.path_of(key), "must not be empty");
    return;
  }
  out = std::move(value);
}

void read_clock_time(TableReader& reader, std::string_view key, std::string& out) {
  std::string time;
  if (!reader.read(key, time)) return;
  if (!checks::is_clock_time(time)) {
    reader.error(reader.path_of(key), "must be a time of day \"HH:MM\" between 00:00 and 23:59");
    return;
  }
  out = std::move(time);
}

void read_business_hours(TableReader& parent, BusinessHoursConfig& out) {
  auto reader = parent.table("business_hours");
  if (!reader) return;
  read_clock_time(*reader, "opens", out.opens);
  read_clock_time(*reader, "closes", out.closes);
  read_week_days(*reader, "days", out.days);
  read_holidays(*reader, "holidays", out.holidays);
  // Business hours within one day: SLA clocks cannot run across midnight. "HH:MM" compares as a string.
  if (out.closes <= out.opens) {
    const std::string_view key = reader->has("closes") ? "closes" : "opens";
    reader->error(reader->path_of(key), "business hours close at " + out.closes + ", not after they open at " +
                                            out.opens + ": closes must be later on the same day");
  }
  reader->report_unknown_keys();
}

void read_organisation(TableReader& root, OrganisationConfig& out) {
  auto reader = root.table("organisation");
  if (!reader) return;
  read_non_empty(*reader, "name", out.name);
  reader->read_choice("language", out.language, kLanguages);
  read_time_zone(*reader, "time_zone", out.time_zone);
  read_business_hours(*reader, out.business_hours);
  reader->report_unknown_keys();
}

void read_http(TableReader& root, HttpConfig& out) {
  if (auto reader = root.table("http")) {
    read_non_empty(*reader, "address", out.address);
    reader->read("port", out.port, 0, 65535);
    read_url(*reader, "public_base_url", out.public_base_url);
    reader->read("body_limit_bytes", out.body_limit_bytes, 1024);
    reader->read("read_timeout_seconds", out.read_timeout_seconds, 1);
    reader->read("idle_timeout_seconds", out.idle_timeout_seconds, 1);
    reader->read("max_connections", out.max_connections, 1);
    reader->read("threads", out.threads, 1, 64);
    read_cidrs(*reader, "trusted_proxies", out.trusted_proxies);
    read_cidrs(*reader, "metrics_allow", out.metrics_allow);
    reader->report_unknown_keys();
  }
  if (out.public_base_url.empty()) out.public_base_url = default_base_url(out);
}

void read_storage(TableReader& root, StorageConfig& out) {
  auto reader = root.table("storage");
  if (!reader) return;
  reader->read_choice("backend", out.backend, kStorageBackends);
  read_non_empty(*reader, "data_dir", out.data_dir);
  read_non_empty(*reader, "database", out.database);
  if (out.backend == "postgres") reader->require_key("postgres_url", "when backend is \"postgres\"");
  reader->read("postgres_url", out.postgres_url);
  reader->read("busy_timeout_ms", out.busy_timeout_ms, 0);
  reader->report_unknown_keys();
}

void read_log(TableReader& root, LogConfig& out) {
  auto reader = root.table("log");
  if (!reader) return;
  reader->read_choice("level", out.level, kLogLevels);
  reader->read_choice("format", out.format, kLogFormats);
  reader->report_unknown_keys();
}

void read_name_list(TableReader& root, std::string_view key, std::vector<std::string>& out,
                    bool (*is_valid)(std::string_view), std::string_view rule) {
  std::vector<std::string> names;
  if (!root.read(key, names)) return;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string& name = names[i];
    if (!is_valid(name)) {
      root.error(root.path_of(key, i), "'" + name + "' is not a valid name: " + std::string(rule));
    } else if (std::find(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(i), name) !=
               names.begin() + static_cast<std::ptrdiff_t>(i)) {
      root.error(root.path_of(key, i), "'" + name + "' is listed twice");
    }
  }
  // Bad names are kept all the same, so an ambassador referring to one is not reported a second time.
  out = std::move(names);
}

void read_platforms(TableReader& root, PlatformsConfig& out) {
  auto reader = root.table("platforms");
  if (!reader) return;
  if (auto local = reader->table("local")) {
    local->read("enabled", out.local.enabled);
    read_positive(*local, "rate_per_second", out.local.rate_per_second);
    local->report_unknown_keys();
  }
  if (auto slack = reader->table("slack")) read_slack(*slack, out.slack);
  if (auto telegram = reader->table("telegram")) read_telegram(*telegram, out.telegram);
  if (auto teams = reader->table("teams")) read_teams(*teams, out.teams);
  reader->report_unknown_keys();
}

void read_api_tokens(TableReader& root, std::vector<ApiToken>& out) {
  for (TableReader& reader : root.tables("api_tokens")) {
    ApiToken token;
    if (reader.require("name", token.name)) {
      // The name is what the logs show for a request; two holders with one name could not be told apart.
      const bool duplicate =
          std::any_of(out.begin(), out.end(), [&](const ApiToken& other) { return other.name == token.name; });
      if (duplicate) reader.error(reader.path_of("name"), "api token name '" + token.name + "' is used twice");
    }
    if (reader.require_key("token")) reader.read("token", token.token);
    reader.require_choice("role", token.role, kApiRoles);
    reader.report_unknown_keys();
    out.push_back(std::move(token));
  }
}

void read_delivery(TableReader& root, DeliveryConfig& out) {
  auto reader = root.table("delivery");
  if (!reader) return;
  reader->read("daily_cap_per_ambassador", out.daily_cap_per_ambassador, 0);
  read_clock_time(*reader, "quiet_hours_start", out.quiet_hours_start);
  read_clock_time(*reader, "quiet_hours_end", out.quiet_hours_end);
  reader->read("give_up_after_minutes", out.give_up_after_minutes, 1);
  read_positive(*reader, "global_rate_per_second", out.global_rate_per_second);
  read_positive(*reader, "channel_rate_per_second", out.channel_rate_per_second);
  reader->report_unknown_keys();
}

void read_retention(TableReader& root, RetentionConfig& out) {
  auto reader = root.table("retention");
  if (!reader) return;
  // At least a day: a rolled-up click is then from an earlier UTC day than any new click, so hashed with another
  // day's salt, and a new click's uniqueness never depended on the raw row that went.
  reader->read("clicks_days", out.clicks_days, 1, 36500);
  reader->read("outbox_days", out.outbox_days, 1, 36500);
  reader->read("local_messages_days", out.local_messages_days, 1, 36500);
  reader->read("ideas_days", out.ideas_days, 1, 36500);
  reader->report_unknown_keys();
}

// [intervision]: when a meeting's reminders go out. "" or 0 switches one off.
void read_intervision(TableReader& root, IntervisionConfig& out) {
  auto reader = root.table("intervision");
  if (!reader) return;
  std::string time;
  if (reader->read("reminder_day_before", time)) {
    if (time.empty() || checks::is_clock_time(time))
      out.reminder_day_before = std::move(time);
    else
      reader->error(reader->path_of("reminder_day_before"),
                    "must be a time of day \"HH:MM\" between 00:00 and 23:59, or \"\" for no reminder");
  }
  reader->read("reminder_before_minutes", out.reminder_before_minutes, 0, 7 * 24 * 60);
  reader->report_unknown_keys();
}

}  // namespace ambassador::config::sections
