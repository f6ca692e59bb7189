// [impact]: the cost of a unique click per network (the media value estimate) and the baseline to compare with.
#include <set>

#include "config/checks.hpp"
#include "config/sections.hpp"

namespace ambassador::config::sections {
namespace {

void read_cost(detail::TableReader& reader, std::string_view key, double& out) {
  double value = 0;
  if (!reader.read(key, value)) return;
  if (value < 0 || value > 1000) return reader.error(reader.path_of(key), "must be between 0 and 1000 (euros)");
  out = value;
}

bool is_month(std::string_view text) { return text.size() == 7 && checks::is_iso_date(std::string(text) + "-01"); }

void read_baseline_months(detail::TableReader& impact, ImpactConfig& out) {
  std::set<std::string> seen;
  for (auto& entry : impact.tables("baseline_months")) {
    ImpactBaselineMonth month;
    if (entry.require("month", month.month) && !is_month(month.month)) {
      entry.error(entry.path_of("month"), "must be a month as YYYY-MM, e.g. \"2026-01\"");
    } else if (!month.month.empty() && !seen.insert(month.month).second) {
      entry.error(entry.path_of("month"), "the month " + month.month + " is listed twice");
    }
    entry.require_key("shares");
    entry.read("shares", month.shares, 0);
    entry.require_key("unique_clicks");
    entry.read("unique_clicks", month.unique_clicks, 0);
    entry.report_unknown_keys();
    out.baseline_months.push_back(std::move(month));
  }
}

}  // namespace

void read_impact(detail::TableReader& root, ImpactConfig& out) {
  auto impact = root.table("impact");
  if (!impact) return;
  if (auto costs = impact->table("cost_per_unique_click")) {
    read_cost(*costs, "linkedin", out.cost_linkedin);
    read_cost(*costs, "x", out.cost_x);
    read_cost(*costs, "facebook", out.cost_facebook);
    read_cost(*costs, "other", out.cost_other);
    costs->report_unknown_keys();
  }
  for (auto [key, value] : {std::pair{"baseline_from", &out.baseline_from}, {"baseline_to", &out.baseline_to}}) {
    if (impact->read(key, *value) && !checks::is_iso_date(*value)) {
      impact->error(impact->path_of(key), "must be a date as YYYY-MM-DD");
      value->clear();
    }
  }
  if (impact->has("baseline_from") != impact->has("baseline_to")) {
    impact->error(impact->path_of(impact->has("baseline_from") ? "baseline_to" : "baseline_from"),
                  "baseline_from and baseline_to go together: the baseline is the period between them");
  } else if (!out.baseline_from.empty() && !out.baseline_to.empty() && out.baseline_from > out.baseline_to) {
    impact->error(impact->path_of("baseline_to"), "must not be before baseline_from");
  }
  read_baseline_months(*impact, out);
  if (impact->has("baseline_from") && !out.baseline_months.empty())
    impact->error(impact->path_of("baseline_months"),
                  "give either a baseline period (baseline_from, baseline_to) or baseline_months, not both");
  impact->report_unknown_keys();
}

}  // namespace ambassador::config::sections
