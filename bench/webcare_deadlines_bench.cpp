// Webcare's SLA timer under load: 10,000 open questions whose reminders and deadlines are staggered over a
// minute, in the real service (local platform, SQLite, the WebcareTimer on the io_context, the outbox). Prints
// how many reminders and escalations fired (each must fire exactly once), how late each was against its due time
// (max and p99), and the process's CPU while idle between deadlines afterwards.
//
//   webcare_deadlines_bench [--questions 10000] [--spread 60] [--idle 20]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>

#include "bot/app/application.hpp"
#include "config/loader.hpp"
#include "storage/question_repository.hpp"
#include "storage/store.hpp"

namespace {
using namespace ambassador;

struct Options {
  int questions = 10000;
  int spread_seconds = 60;
  int idle_seconds = 20;
};

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const int value = std::atoi(argv[i + 1]);
    if (flag == "--questions") options.questions = value;
    if (flag == "--spread") options.spread_seconds = value;
    if (flag == "--idle") options.idle_seconds = value;
  }
  return options;
}

// Open all week, so the bench means the same at any hour; a next level's window (a day) never falls inside it.
constexpr const char* kConfig = R"toml(
demo = true
[organisation]
name = "Bench"
time_zone = "Europe/Amsterdam"
  [organisation.business_hours]
  opens = "00:00"
  closes = "23:59"
  days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
[http]
port = 0
[log]
level = "warn"
[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"
backup_contacts = ["local:bert"]
lead = "local:lotte"
  [[departments.channels]]
  platform = "local"
  id = "wijk-experts"
  purpose = "experts"
[[departments]]
id = "webcare"
name = "Webcare"
  [[departments.channels]]
  platform = "local"
  id = "webcare-team"
  purpose = "webcare"
[delivery]
global_rate_per_second = 100000   # a local channel is a table row: let the 30,000 messages drain, so the
channel_rate_per_second = 100000  # idle measurement afterwards sees the timer, not a paced outbox backlog
[webcare]
default_department = "wijkbeheer"
digest_time = ""
  [webcare.sla.normal]
  claim = "1d"
  answer = "3d"
[platforms.local]
enabled = true
rate_per_second = 100000
)toml";

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

double percentile(std::vector<std::int64_t> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return static_cast<double>(values[std::min(values.size() - 1, static_cast<std::size_t>(p * values.size()))]);
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  const auto dir = std::filesystem::temp_directory_path() / ("webcare_bench_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto loaded = config::parse_config(kConfig, "bench");
  if (!loaded.ok()) {
    std::fprintf(stderr, "config: %s\n", loaded.errors.front().to_string().c_str());
    return 1;
  }
  loaded.config.storage.data_dir = dir.string();
  spdlog::set_level(spdlog::level::warn);
  app::Application application(loaded.config);

  // Each question: a reminder at its slot, its deadline 20 s later, slots spread evenly over the window.
  const std::int64_t start = now_ms() + 5000;
  const std::int64_t step = std::max<std::int64_t>(1, options.spread_seconds * 1000LL / options.questions);
  std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>> planned;  // id → reminder, deadline
  application.store().write_sync([&](storage::Connection& db) {
    storage::QuestionRepository questions(db);
    for (int i = 0; i < options.questions; ++i) {
      storage::QuestionRecord q;
      q.reference = "W-BENCH-" + std::to_string(i);
      q.text = q.masked_text = "Vraag " + std::to_string(i);
      q.topic = "afval";
      q.department_id = "wijkbeheer";
      q.created_at_ms = q.clock_started_at_ms = start - 60'000;
      q.due_stage = "claim";
      q.remind_at_ms = start + i * step;
      q.due_at_ms = *q.remind_at_ms + 20'000;
      q.claim_due_ms = q.due_at_ms;
      q.next_due_ms = q.remind_at_ms;
      const auto id = questions.insert(q);
      planned[id] = {*q.remind_at_ms, *q.due_at_ms};
    }
  });
  std::printf("webcare_deadlines_bench: %d questions, reminders every %lld ms from +5 s, each deadline 20 s later\n",
              options.questions, static_cast<long long>(step));

  std::thread runner([&] { application.run(); });
  const std::int64_t last_due = start + (options.questions - 1) * step + 20'000;
  const double cpu_before = cpu_seconds();
  while (now_ms() < last_due + 3000) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const double cpu_busy = cpu_seconds() - cpu_before;
  // Idle means the outbox has delivered everything the deadlines caused.
  std::int64_t pending = 1;
  while (pending > 0) {
    application.store().read_sync([&](storage::Connection& db) {
      auto& count = db.prepare("SELECT COUNT(*) FROM outbox WHERE status NOT IN ('sent', 'failed', 'cancelled')");
      pending = count.executeStep() ? count.getColumn(0).getInt64() : 0;
      count.reset();
    });
    if (pending > 0) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  const double drained_at = (now_ms() - start) / 1000.0;
  const double idle_before = cpu_seconds();
  std::this_thread::sleep_for(std::chrono::seconds(options.idle_seconds));
  const double cpu_idle = cpu_seconds() - idle_before;

  std::vector<std::int64_t> reminder_lateness, escalation_lateness;
  std::map<std::int64_t, std::pair<int, int>> fired;  // id → reminders, escalations
  application.store().read_sync([&](storage::Connection& db) {
    auto& select =
        db.prepare("SELECT question_id, kind, at FROM question_events WHERE kind IN ('reminded', 'escalated')");
    while (select.executeStep()) {
      const auto id = select.getColumn(0).getInt64();
      const auto at = select.getColumn(2).getInt64();
      const auto& [reminder, deadline] = planned.at(id);
      if (select.getColumn(1).getString() == "reminded") {
        ++fired[id].first;
        reminder_lateness.push_back(at - reminder);
      } else {
        ++fired[id].second;
        escalation_lateness.push_back(at - deadline);
      }
    }
  });
  application.shutdown();
  runner.join();
  std::filesystem::remove_all(dir);

  int exactly_once = 0, missing = 0, twice = 0;
  for (const auto& [id, times] : planned) {
    const auto [reminders, escalations] = fired.count(id) ? fired.at(id) : std::pair<int, int>{0, 0};
    if (reminders == 1 && escalations == 1) ++exactly_once;
    if (reminders == 0 || escalations == 0) ++missing;
    if (reminders > 1 || escalations > 1) ++twice;
  }
  auto early = [](const std::vector<std::int64_t>& v) {
    return std::count_if(v.begin(), v.end(), [](std::int64_t ms) { return ms < 0; });
  };
  std::printf("reminders:   %zu fired, lateness p50 %.0f ms, p99 %.0f ms, max %.0f ms, early %ld\n",
              reminder_lateness.size(), percentile(reminder_lateness, 0.5), percentile(reminder_lateness, 0.99),
              percentile(reminder_lateness, 1.0), static_cast<long>(early(reminder_lateness)));
  std::printf("escalations: %zu fired, lateness p50 %.0f ms, p99 %.0f ms, max %.0f ms, early %ld\n",
              escalation_lateness.size(), percentile(escalation_lateness, 0.5), percentile(escalation_lateness, 0.99),
              percentile(escalation_lateness, 1.0), static_cast<long>(early(escalation_lateness)));
  std::printf("questions: %d with exactly one reminder and one escalation, %d missing one, %d with a duplicate\n",
              exactly_once, missing, twice);
  std::printf(
      "CPU: %.2f s while firing (%.1f s window, incl. deliveries); outbox drained %.1f s after the first due "
      "time; then %.3f s over %d s idle (%.2f%%)\n",
      cpu_busy, (last_due + 3000 - start + 5000) / 1000.0, drained_at, cpu_idle, options.idle_seconds,
      100.0 * cpu_idle / options.idle_seconds);
  const bool ok = exactly_once == options.questions && percentile(reminder_lateness, 1.0) <= 1000 &&
                  percentile(escalation_lateness, 1.0) <= 1000;
  std::printf("%s\n", ok ? "OK: every reminder and escalation fired once, within 1 s" : "NOT MET");
  return ok ? 0 : 1;
}
