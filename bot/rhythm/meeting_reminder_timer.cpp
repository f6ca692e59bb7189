#include "bot/rhythm/meeting_reminder_timer.hpp"

#include "bot/due_pass_timer.hpp"
#include "bot/outbox_writer.hpp"
#include "bot/rhythm/intervision_desk.hpp"

namespace ambassador::rhythm {

struct MeetingReminderTimer::Impl {
  DuePassTimer timer;
};

MeetingReminderTimer::MeetingReminderTimer(boost::asio::io_context& io, storage::Store& store,
                                           const config::Config& config, const Clock& clock,
                                           std::function<void()> deliveries_queued, MeetingReminderOptions options)
    : impl_(std::make_shared<Impl>(Impl{DuePassTimer(
          io, store, clock, "intervision reminders",
          [&config, &clock](storage::Connection& db) {
            OutboxWriter outbox(db, clock, config.delivery);
            DuePass done;
            done.next_due_ms = IntervisionDesk(db, config, clock, outbox).send_due_reminders();
            done.deliveries = outbox.queued();
            return done;
          },
          std::move(deliveries_queued), options.max_sleep)})) {}

MeetingReminderTimer::~MeetingReminderTimer() = default;

void MeetingReminderTimer::start() { impl_->timer.start(); }
void MeetingReminderTimer::wake() { impl_->timer.wake(); }
void MeetingReminderTimer::stop() { impl_->timer.stop(); }

}  // namespace ambassador::rhythm
