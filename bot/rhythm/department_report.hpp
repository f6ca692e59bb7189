#pragma once
// The monthly department report: on the configured day of the month (default the 1st; a day off moves it to the next
// working day) the department's lead (DepartmentConfig::lead) gets, as a direct message, last month's active
// ambassadors, shares, clicks, webcare questions answered and how many of them within the SLA, who joined, and who
// has shown no activity in 60 days (named: the early sign of someone dropping out). Once per department and month
// (`report:monthly:<department>:<YYYY-MM>`, and a finished digest_runs row); a department without ambassadors, or
// a lead who opted out (`stop`), gets nothing.
#include <cstdint>
#include <optional>
#include <string_view>

#include "bot/clock.hpp"
#include "bot/i18n/catalog.hpp"
#include "bot/outbox_writer.hpp"
#include "config/config.hpp"
#include "storage/connection.hpp"
#include "storage/digest_repository.hpp"

namespace ambassador::rhythm {

inline constexpr std::int64_t kInactiveAfterMs = 60LL * 24 * 60 * 60 * 1000;

OutgoingMessage render_department_report(const storage::DepartmentFigures& figures, i18n::Language language,
                                         std::string_view department_name, std::string_view month);

// Queues the reports due now; returns when the next one falls due (nullopt: none configured).
std::optional<std::int64_t> send_due_department_reports(storage::Connection& db, const config::Config& config,
                                                        const Clock& clock, OutboxWriter& outbox);

}  // namespace ambassador::rhythm
