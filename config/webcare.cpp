// [webcare]: where unrouted questions go, how references look, the daily digest and the SLA of each priority
// and signal kind.
#include <algorithm>
#include <charconv>
#include <optional>
#include <utility>

#include "config/checks.hpp"
#include "config/sections.hpp"

namespace ambassador::config::sections {
namespace {

using detail::TableReader;

constexpr std::string_view kDurationForms =
    "a business duration: minutes \"90m\", hours \"2h\", business days \"1d\" (a whole number above 0), or "
    "\"none\" for no deadline";
// Longer deadlines are typos ("2000d"), and bounding them keeps every computed deadline far from overflow.
constexpr int kMaxDurationMinutes = 365 * 24 * 60;
constexpr int kMaxDurationDays = 365;

std::optional<BusinessDuration> parse_business_duration(std::string_view text) {
  if (text == "none") return BusinessDuration{};
  if (text.size() < 2 || text.front() < '1' || text.front() > '9') return std::nullopt;
  const std::string_view digits = text.substr(0, text.size() - 1);
  int count = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  switch (text.back()) {
    case 'm':
      if (count > kMaxDurationMinutes) return std::nullopt;
      return BusinessDuration{count, 0};
    case 'h':
      if (count > kMaxDurationMinutes / 60) return std::nullopt;
      return BusinessDuration{count * 60, 0};
    case 'd':
      if (count > kMaxDurationDays) return std::nullopt;
      return BusinessDuration{0, count};
    default:
      return std::nullopt;
  }
}

void read_duration(TableReader& reader, std::string_view key, BusinessDuration& out) {
  std::string text;
  if (!reader.read(key, text)) return;
  const std::optional<BusinessDuration> duration = parse_business_duration(text);
  if (!duration) {
    reader.error(reader.path_of(key),
                 "'" + text + "' is not " + std::string(kDurationForms) + "; at most 365 days (\"365d\", \"8760h\")");
    return;
  }
  out = *duration;
}

void read_sla(TableReader& reader, SlaConfig& out) {
  read_duration(reader, "claim", out.claim);
  read_duration(reader, "answer", out.answer);
  reader.report_unknown_keys();
}

// One to four capital letters: the part before the year in "W-2027-0042", typed by people in commands.
void read_prefix(TableReader& reader, std::string_view key, std::string& out) {
  std::string prefix;
  if (!reader.read(key, prefix)) return;
  const bool valid = !prefix.empty() && prefix.size() <= 4 &&
                     std::all_of(prefix.begin(), prefix.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  if (!valid) {
    reader.error(reader.path_of(key), "'" + prefix + "' must be 1 to 4 capital letters A-Z");
    return;
  }
  out = std::move(prefix);
}

// "HH:MM", or "" for no dagstart at all.
void read_digest_time(TableReader& reader, std::string& out) {
  std::string time;
  if (!reader.read("digest_time", time)) return;
  if (!time.empty() && !checks::is_clock_time(time)) {
    reader.error(reader.path_of("digest_time"),
                 "must be a time of day \"HH:MM\" between 00:00 and 23:59, or \"\" for no digest");
    return;
  }
  out = std::move(time);
}

void read_default_department(TableReader& reader, Config& config) {
  std::string id;
  if (!reader.read("default_department", id)) return;
  if (!id.empty() && config.find_department(id) == nullptr) {
    reader.error(reader.path_of("default_department"), "unknown department '" + id + "'");
    return;
  }
  config.webcare.default_department = std::move(id);
}

void read_webcare_table(TableReader& reader, Config& config) {
  WebcareConfig& out = config.webcare;
  read_default_department(reader, config);
  read_prefix(reader, "reference_prefix", out.reference_prefix);
  read_prefix(reader, "signal_prefix", out.signal_prefix);
  if (out.reference_prefix == out.signal_prefix) {
    // A reference must tell a question from a signal: "answer W-2027-0042" looks only at the prefix.
    reader.error(reader.path_of("signal_prefix"), "must differ from reference_prefix '" + out.reference_prefix + "'");
  }
  read_digest_time(reader, out.digest_time);
  reader.read("reminder_percent", out.reminder_percent, 1, 99);
  reader.read("retention_days", out.retention_days, 1, 36500);
  if (auto sla = reader.table("sla")) {
    const std::pair<std::string_view, SlaConfig*> kinds[] = {{"high", &out.high},
                                                             {"normal", &out.normal},
                                                             {"low", &out.low},
                                                             {"complaint", &out.complaint},
                                                             {"lead", &out.lead}};
    for (const auto& [kind, config_of_kind] : kinds) {
      if (auto kind_reader = sla->table(kind)) read_sla(*kind_reader, *config_of_kind);
    }
    sla->report_unknown_keys();
  }
  reader.report_unknown_keys();
}

}  // namespace

void read_webcare(TableReader& root, Config& config) {
  if (auto reader = root.table("webcare")) read_webcare_table(*reader, config);
  // "" means the first department; resolved here so the routing code always gets a department id.
  std::string& default_department = config.webcare.default_department;
  if (default_department.empty() && !config.departments.empty()) default_department = config.departments.front().id;
}

}  // namespace ambassador::config::sections
