// The intervision calendar core: expanding 1,000 meeting series (weekdays and times spread out, fortnightly and
// monthly, five zones) over the next year, and rendering one department's iCalendar feed. Prints figures (median
// of several runs); no pass/fail.
//
//   rhythm_expansion_bench [--series 1000] [--runs 5]
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <limits>
#include <string>
#include <vector>

#include <date/date.h>

#include "bot/rhythm/ics_feed.hpp"
#include "bot/rhythm/recurrence.hpp"

namespace {
using namespace ambassador::rhythm;

struct Options {
  int series = 1000;
  int runs = 5;
};

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const int value = std::atoi(argv[i + 1]);
    if (flag == "--series") options.series = value;
    if (flag == "--runs") options.runs = value;
  }
  return options;
}

constexpr std::array kZones{"Europe/Amsterdam", "America/New_York", "Europe/London", "Asia/Kolkata",
                            "Australia/Sydney"};
constexpr std::array kDays{"MO", "TU", "WE", "TH", "FR"};

// Series i: weekday i % 5, a start time between 08:00 and 17:30, fortnightly or on the n-th weekday of the month,
// the first one in `first_year`'s January (the rule's own first occurrence, as check_rule wants).
SeriesRule series_rule(int i, int first_year) {
  const unsigned weekday = static_cast<unsigned>(i % 5) + 1;  // date::weekday: 1 = Monday
  const int minute_of_day = 8 * 60 + (i / 5 % 20) * 30;
  const bool monthly = i % 2 == 1;
  const unsigned nth = static_cast<unsigned>(i / 2 % 4) + 1;
  const date::local_days day{
      monthly ? date::year_month_day{date::year{first_year} / date::January / date::weekday{weekday}[nth]}
              : date::year_month_day{date::year{first_year} / date::January / date::weekday{weekday}[1]}};
  SeriesRule rule;
  rule.time_zone = kZones[static_cast<std::size_t>(i) % kZones.size()];
  rule.rrule = monthly ? "FREQ=MONTHLY;BYDAY=" + std::to_string(nth) + kDays[static_cast<std::size_t>(i % 5)]
                       : std::string("FREQ=WEEKLY;INTERVAL=2;BYDAY=") + kDays[static_cast<std::size_t>(i % 5)];
  rule.first_start = date::format("%FT%R", day + std::chrono::minutes{minute_of_day});
  rule.duration_minutes = 60 + i % 3 * 30;
  return rule;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

struct Timing {
  double wall_ms;
  double cpu_ms;  // the process's CPU time: on a shared machine, wall time also counts waiting for a core
};

template <class Work>
Timing time_of(Work&& work) {
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  work();
  return {std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count(),
          1000.0 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC};
}

Timing median(std::vector<Timing> runs) {
  std::vector<double> wall;
  std::vector<double> cpu;
  for (const auto& run : runs) {
    wall.push_back(run.wall_ms);
    cpu.push_back(run.cpu_ms);
  }
  return {median(wall), median(cpu)};
}

// Expands every series over [from, to) once per run; prints occurrences and the median times.
bool expand_all(const Options& options, int first_year, const LocalTime& from_utc, const LocalTime& to_utc) {
  std::vector<SeriesRule> rules;
  for (int i = 0; i < options.series; ++i) {
    rules.push_back(series_rule(i, first_year));
    if (check_rule(rules.back())) {
      std::fprintf(stderr, "series %d refused: %s %s\n", i, rules.back().rrule.c_str(),
                   rules.back().first_start.c_str());
      return false;
    }
  }
  const auto from = to_utc_ms("UTC", from_utc);
  const auto to = to_utc_ms("UTC", to_utc);
  std::size_t total = 0;
  std::vector<Timing> runs;
  for (int run = 0; run < options.runs; ++run) {
    total = 0;
    runs.push_back(time_of([&] {
      for (const auto& rule : rules) total += occurrences(rule, {}, from, to).size();
    }));
  }
  const Timing typical = median(runs);
  std::printf(
      "expand %d series from %s to %s UTC (first starts in %d): %zu occurrences, wall %.1f ms (CPU %.1f ms), median of "
      "%d; "
      "%.1f us/series\n",
      options.series, from_utc.c_str(), to_utc.c_str(), first_year, total, typical.wall_ms, typical.cpu_ms,
      options.runs, typical.wall_ms * 1000 / options.series);
  return true;
}

void render_department(const Options& options) {
  std::vector<CalendarSeries> department;
  for (int i = 0; i < 5; ++i) {
    CalendarSeries series;
    series.uid = "series-" + std::to_string(i) + "@ambassador-bot";
    series.rule = series_rule(i, 2027);
    series.summary = "Intervision group " + std::to_string(i);
    series.location = "Room 4." + std::to_string(i) + ", north wing";
    series.description = "Bring one case; we follow the incident method.";
    series.sequence = i;
    const auto next = occurrences(series.rule, {}, 0, std::numeric_limits<std::int64_t>::max(), 4);
    series.changes = {{next[1].occurrence, std::nullopt, std::nullopt}, {next[3].occurrence, next[2].occurrence, 90}};
    department.push_back(series);
  }
  constexpr int kRenders = 200;
  std::size_t bytes = 0;
  std::vector<Timing> runs;
  for (int run = 0; run < options.runs; ++run) {
    runs.push_back(time_of([&] {
      for (int i = 0; i < kRenders; ++i) bytes = render_calendar("Care desk", department, 1'799'000'000'000).size();
    }));
  }
  const Timing typical = median(runs);
  std::printf(
      "render_calendar, 1 department with 5 series (5 zones): %zu bytes, wall %.0f us (CPU %.0f us) per render, "
      "median of %d x %d\n",
      bytes, typical.wall_ms * 1000 / kRenders, typical.cpu_ms * 1000 / kRenders, options.runs, kRenders);
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  // The next year for series a year old (the target: under 100 ms), the same for series eight years old (libical
  // walks from DTSTART for weekly rules), and the next eight weeks (what a reminder pass asks for).
  if (!expand_all(options, 2026, "2027-01-01T00:00", "2028-01-01T00:00") ||
      !expand_all(options, 2019, "2027-01-01T00:00", "2028-01-01T00:00") ||
      !expand_all(options, 2026, "2027-01-01T00:00", "2027-02-26T00:00")) {
    return 1;
  }
  render_department(options);
  return 0;
}
