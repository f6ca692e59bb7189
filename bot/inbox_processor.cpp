#include "bot/inbox_processor.hpp"

#include <spdlog/spdlog.h>

#include "bot/message_codec.hpp"
#include "storage/inbox_repository.hpp"
#include "storage/transaction.hpp"

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

bool InboxProcessor::store_and_handle(const IncomingEvent& event, std::int64_t now_ms, storage::Connection& db) {
  // Stored as done right away: the handler's failure turns it into failed, in the same transaction.
  storage::InboxRepository inbox(db);
  if (!inbox.append(event.platform, event.event_key, "", now_ms, true)) return false;
  const auto id = db.last_insert_id();
  if (!handle(id, event, db, now_ms)) inbox.set_payload(id, encode_event(event));
  return true;
}

void InboxProcessor::handled_committed() const {
  if (after_commit_) after_commit_();
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
    if (handle(record.id, *event, db, now)) inbox.mark_done(record.id, now);
  }
  return records.size();
}

bool InboxProcessor::handle(std::int64_t id, const IncomingEvent& event, storage::Connection& db, std::int64_t now_ms) {
  storage::Savepoint savepoint(db, "event");
  try {
    handler_.handle(event, db);
    savepoint.release();
    processed_.fetch_add(1);
    return true;
  } catch (const std::exception& e) {
    savepoint.roll_back();
    spdlog::warn("inbox: event {}/{} ({}) failed: {}", event.platform, event.event_key, to_string(event.kind),
                 e.what());
    storage::InboxRepository(db).mark_failed(id, e.what(), now_ms);
    failed_.fetch_add(1);
    return false;
  }
}

}  // namespace ambassador
