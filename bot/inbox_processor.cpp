#include "bot/inbox_processor.hpp"

#include <spdlog/spdlog.h>

#include "bot/message_codec.hpp"
#include "storage/inbox_repository.hpp"

namespace ambassador {

InboxProcessor::InboxProcessor(storage::Store& store, EventHandler& handler, const Clock& clock,
                               std::function<void()> after_commit)
    : store_(store), handler_(handler), clock_(clock), after_commit_(std::move(after_commit)) {}

void InboxProcessor::wake() {
  if (scheduled_.exchange(true)) return;
  auto more = std::make_shared<bool>(false);
  store_.write(
      [this, more](storage::Connection& db) {
        scheduled_.store(false);  // events stored from now on need another pass
        *more = process_batch(db) == kBatch;
      },
      [this, more](std::exception_ptr error) {
        if (error) spdlog::error("inbox: processing pass failed: {}", storage::describe(error));
        if (after_commit_) after_commit_();
        if (*more) wake();
      });
}

std::size_t InboxProcessor::process_batch(storage::Connection& db) {
  storage::InboxRepository inbox(db);
  const auto records = inbox.pending(kBatch);
  for (const auto& record : records) {
    const auto now = clock_.now_ms();
    auto event = decode_event(record.payload);
    if (!event) {
      inbox.mark_failed(record.id, "stored payload does not decode", now);
      failed_.fetch_add(1);
      continue;
    }
    db.exec_cached("SAVEPOINT event");
    try {
      handler_.handle(*event, db);
      db.exec_cached("RELEASE event");
      inbox.mark_done(record.id, now);
      processed_.fetch_add(1);
    } catch (const std::exception& e) {
      db.exec_cached("ROLLBACK TO event");
      db.exec_cached("RELEASE event");
      spdlog::warn("inbox: event {}/{} ({}) failed: {}", record.platform, record.event_key, to_string(event->kind),
                   e.what());
      inbox.mark_failed(record.id, e.what(), now);
      failed_.fetch_add(1);
    }
  }
  return records.size();
}

}  // namespace ambassador
