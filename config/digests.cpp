// [digests]: when the weekly digest and the monthly department report go out.
#include "config/checks.hpp"
#include "config/sections.hpp"

namespace ambassador::config::sections {

void read_digests(detail::TableReader& root, DigestsConfig& out) {
  static const std::vector<std::string_view> kDays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  auto reader = root.table("digests");
  if (!reader) return;
  reader->read("weekly_enabled", out.weekly_enabled);
  reader->read_choice("weekly_day", out.weekly_day, kDays);
  read_clock_time(*reader, "weekly_time", out.weekly_time);
  reader->read("monthly_enabled", out.monthly_enabled);
  reader->read("monthly_day", out.monthly_day, 1, 28);
  read_clock_time(*reader, "monthly_time", out.monthly_time);
  reader->report_unknown_keys();
}

}  // namespace ambassador::config::sections
