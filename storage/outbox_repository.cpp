#include "storage/outbox_repository.hpp"

#include <set>

#include "storage/sql_values.hpp"

namespace ambassador::storage {
namespace {

#define AMBASSADOR_OUTBOX_COLUMNS                                                                                  \
  "SELECT id, idempotency_key, platform, destination, message, status, attempts, next_attempt_at, give_up_at,"     \
  " coalesce(last_error, ''), coalesce(platform_message_id, ''), post_id, channel_ref, ambassador_id, created_at," \
  " maybe_sent, coalesce(sending_at, created_at), coalesce(lane, '')"
constexpr const char* kColumns = AMBASSADOR_OUTBOX_COLUMNS " FROM outbox ";

constexpr const char* kClaimSole = AMBASSADOR_OUTBOX_COLUMNS
    " FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?1"
    " ORDER BY next_attempt_at, id LIMIT ?2";
// The last column: whether the row's lane is the claimant's already. Rows another claim holds are skipped, rows of a
// lane another live instance holds are left to it.
constexpr const char* kClaimShared = AMBASSADOR_OUTBOX_COLUMNS
    ", EXISTS (SELECT 1 FROM outbox_lanes WHERE outbox_lanes.lane = outbox.lane AND outbox_lanes.instance_id = ?3)"
    " FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?1 AND (lane IS NULL OR NOT EXISTS ("
    "SELECT 1 FROM outbox_lanes JOIN instances ON instances.id = outbox_lanes.instance_id"
    " WHERE outbox_lanes.lane = outbox.lane AND outbox_lanes.instance_id <> ?3 AND instances.heartbeat_at >= ?4))"
    " ORDER BY next_attempt_at, id LIMIT ?2 FOR UPDATE SKIP LOCKED";
#undef AMBASSADOR_OUTBOX_COLUMNS

OutboxEntry read_row(Statement& row) {
  OutboxEntry e;
  e.id = row.getColumn(0).getInt64();
  e.idempotency_key = row.getColumn(1).getString();
  e.platform = row.getColumn(2).getString();
  e.destination = row.getColumn(3).getString();
  e.message = row.getColumn(4).getString();
  e.status = row.getColumn(5).getString();
  e.attempts = row.getColumn(6).getInt();
  e.next_attempt_at_ms = row.getColumn(7).getInt64();
  e.give_up_at_ms = row.getColumn(8).getInt64();
  e.last_error = row.getColumn(9).getString();
  e.platform_message_id = row.getColumn(10).getString();
  e.post_id = optional_int(row.getColumn(11));
  e.channel_ref = optional_int(row.getColumn(12));
  e.ambassador_id = optional_int(row.getColumn(13));
  e.created_at_ms = row.getColumn(14).getInt64();
  e.maybe_sent = row.getColumn(15).getInt() != 0;
  e.sending_since_ms = row.getColumn(16).getInt64();
  e.lane = row.getColumn(17).getString();
  return e;
}

std::vector<OutboxEntry> read_rows(Statement& select) {
  std::vector<OutboxEntry> rows;
  while (select.executeStep()) rows.push_back(read_row(select));
  return rows;
}

OutboxCounts read_counts(Statement& select) {
  OutboxCounts counts;
  while (select.executeStep()) {
    const auto status = select.getColumn(0).getString();
    const auto n = select.getColumn(1).getInt64();
    if (status == "pending")
      counts.pending = n;
    else if (status == "claimed")
      counts.claimed = n;
    else if (status == "sending")
      counts.sending = n;
    else if (status == "sent")
      counts.sent = n;
    else if (status == "failed")
      counts.failed = n;
    else if (status == "cancelled")
      counts.cancelled = n;
  }
  return counts;
}

}  // namespace

bool OutboxRepository::has_key(std::string_view idempotency_key) {
  auto& select = db_.prepare("SELECT 1 FROM outbox WHERE idempotency_key = ?");
  select.bind(1, std::string(idempotency_key));
  const bool found = select.executeStep();
  select.reset();
  return found;
}

bool OutboxRepository::enqueue(const OutboxEntry& e) {
  auto& insert = db_.prepare(
      "INSERT INTO outbox(idempotency_key, platform, destination, message, status, next_attempt_at, give_up_at,"
      " post_id, channel_ref, ambassador_id, created_at, lane) VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (idempotency_key) DO NOTHING");
  // No copies (the message is most of the row): `e` outlives the statement's execution.
  insert.bindNoCopy(1, e.idempotency_key);
  insert.bindNoCopy(2, e.platform);
  insert.bindNoCopy(3, e.destination);
  insert.bindNoCopy(4, e.message);
  insert.bind(5, static_cast<std::int64_t>(e.next_attempt_at_ms));
  insert.bind(6, static_cast<std::int64_t>(e.give_up_at_ms));
  bind_optional(insert, 7, e.post_id);
  bind_optional(insert, 8, e.channel_ref);
  bind_optional(insert, 9, e.ambassador_id);
  insert.bind(10, static_cast<std::int64_t>(e.created_at_ms));
  if (e.lane.empty())
    insert.bind(11);
  else
    insert.bind(11, e.lane);
  return insert.exec() == 1;
}

std::vector<OutboxEntry> OutboxRepository::claim_due(std::int64_t now_ms, std::size_t limit, const Claimant& by) {
  const bool shared = db_.backend() == Backend::postgres;
  auto& select = db_.prepare(shared ? kClaimShared : kClaimSole);
  select.bind(1, static_cast<std::int64_t>(now_ms));
  select.bind(2, static_cast<std::int64_t>(limit));
  if (shared) {
    select.bind(3, by.instance_id);
    select.bind(4, static_cast<std::int64_t>(by.live_since_ms));
  }
  std::vector<OutboxEntry> claimed;
  std::vector<bool> own_lane;
  while (select.executeStep()) {
    claimed.push_back(read_row(select));
    own_lane.push_back(!shared || select.getColumn(18).getInt() != 0);
  }
  select.reset();
  if (shared) keep_own_lanes(claimed, own_lane, by);
  auto& mark =
      db_.prepare("UPDATE outbox SET status = 'claimed', attempts = attempts + 1, claimed_by = ? WHERE id = ?");
  for (auto& entry : claimed) {
    mark.reset();
    mark.bind(1, by.instance_id);
    mark.bind(2, static_cast<std::int64_t>(entry.id));
    mark.exec();
    entry.status = "claimed";
    entry.attempts += 1;
  }
  return claimed;
}

void OutboxRepository::keep_own_lanes(std::vector<OutboxEntry>& rows, std::vector<bool>& own, const Claimant& by) {
  // In one order on every instance: two claims that wait for each other's lanes cannot deadlock.
  std::set<std::string> wanted;
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (!own[i] && !rows[i].lane.empty()) wanted.insert(rows[i].lane);
  // A lane whose owner is alive stays its owner's, also when that instance took it after this claim's SELECT.
  auto& take = db_.prepare(
      "INSERT INTO outbox_lanes(lane, instance_id) VALUES (?1, ?2) ON CONFLICT (lane) DO UPDATE"
      " SET instance_id = excluded.instance_id WHERE NOT EXISTS (SELECT 1 FROM instances"
      " WHERE instances.id = outbox_lanes.instance_id AND instances.heartbeat_at >= ?3)");
  std::set<std::string> lost;
  for (const auto& lane : wanted) {
    take.reset();
    take.bind(1, lane);
    take.bind(2, by.instance_id);
    take.bind(3, static_cast<std::int64_t>(by.live_since_ms));
    if (take.exec() == 0) lost.insert(lane);
  }
  if (!lost.empty()) std::erase_if(rows, [&lost](const OutboxEntry& row) { return lost.contains(row.lane); });
}

bool OutboxRepository::mark_sending(std::int64_t id, std::int64_t now_ms, std::string_view instance_id) {
  auto& update = db_.prepare(
      "UPDATE outbox SET status = 'sending', sending_at = coalesce(sending_at, ?) WHERE id = ? AND status = 'claimed'"
      " AND coalesce(claimed_by, '') = ?");
  update.bind(1, static_cast<std::int64_t>(now_ms));
  update.bind(2, static_cast<std::int64_t>(id));
  update.bind(3, std::string(instance_id));
  return update.exec() == 1;
}

void OutboxRepository::mark_sent(std::int64_t id, std::string_view platform_message_id, std::int64_t now_ms) {
  auto& update = db_.prepare(
      "UPDATE outbox SET status = 'sent', maybe_sent = 0, platform_message_id = ?, sent_at = ?, last_error = NULL"
      " WHERE id = ?");
  update.bind(1, std::string(platform_message_id));
  update.bind(2, static_cast<std::int64_t>(now_ms));
  update.bind(3, static_cast<std::int64_t>(id));
  update.exec();
}

void OutboxRepository::reschedule(std::int64_t id, std::int64_t next_attempt_at_ms, std::string_view error,
                                  bool maybe_sent) {
  auto& update = db_.prepare(
      "UPDATE outbox SET status = 'pending', maybe_sent = ?, next_attempt_at = ?, last_error = ?"
      " WHERE id = ? AND status IN ('claimed', 'sending')");
  update.bind(1, maybe_sent ? 1 : 0);
  update.bind(2, static_cast<std::int64_t>(next_attempt_at_ms));
  update.bind(3, std::string(error));
  update.bind(4, static_cast<std::int64_t>(id));
  update.exec();
}

void OutboxRepository::postpone(std::int64_t id, std::int64_t next_attempt_at_ms, std::string_view why) {
  auto& update = db_.prepare(
      "UPDATE outbox SET status = 'pending', next_attempt_at = ?, last_error = ?"
      " WHERE id = ? AND status IN ('claimed', 'sending')");
  update.bind(1, static_cast<std::int64_t>(next_attempt_at_ms));
  update.bind(2, std::string(why));
  update.bind(3, static_cast<std::int64_t>(id));
  update.exec();
}

void OutboxRepository::unclaim(std::int64_t id, std::int64_t not_before_ms) {
  auto& update = db_.prepare(
      "UPDATE outbox SET status = 'pending', attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END,"
      " next_attempt_at = CASE WHEN next_attempt_at > ?1 THEN next_attempt_at ELSE ?1 END"
      " WHERE id = ?2 AND status = 'claimed'");
  update.bind(1, static_cast<std::int64_t>(not_before_ms));
  update.bind(2, static_cast<std::int64_t>(id));
  update.exec();
}

void OutboxRepository::mark_failed(std::int64_t id, std::string_view error) {
  auto& update = db_.prepare("UPDATE outbox SET status = 'failed', last_error = ? WHERE id = ?");
  update.bind(1, std::string(error));
  update.bind(2, static_cast<std::int64_t>(id));
  update.exec();
}

int OutboxRepository::recover_in_flight(std::int64_t now_ms, std::int64_t live_since_ms) {
  // A claimed row keeps its maybe_sent: it may have been claimed again for a lookup after an earlier interruption.
  auto& update = db_.prepare(
      "UPDATE outbox SET maybe_sent = CASE WHEN status = 'sending' THEN 1 ELSE maybe_sent END, status = 'pending',"
      " claimed_by = NULL, next_attempt_at = CASE WHEN next_attempt_at < ?1 THEN next_attempt_at ELSE ?1 END,"
      " last_error = 'interrupted by a restart' WHERE status IN ('claimed', 'sending') AND (claimed_by IS NULL"
      " OR claimed_by NOT IN (SELECT id FROM instances WHERE heartbeat_at >= ?2))");
  update.bind(1, static_cast<std::int64_t>(now_ms));
  update.bind(2, static_cast<std::int64_t>(live_since_ms));
  return update.exec();
}

int OutboxRepository::cancel_for_post(std::int64_t post_id) {
  auto& update =
      db_.prepare("UPDATE outbox SET status = 'cancelled' WHERE post_id = ? AND status IN ('pending', 'claimed')");
  update.bind(1, static_cast<std::int64_t>(post_id));
  return update.exec();
}

int OutboxRepository::redirect_channel(std::string_view platform, std::string_view workspace,
                                       std::string_view channel_id, std::string_view new_channel_id) {
  // The destination is the bot's Destination as JSON, with channel_id a string and workspace left out when empty.
  // A claimed row the dispatcher holds in memory still goes to the old id; only its retries see the new one.
  // The lane (platform/workspace/channel, see delivery_lane) moves along, so one instance sends to the new id.
  auto& update = db_.prepare(sql_for(db_,
                                     "UPDATE outbox SET destination = json_set(destination, '$.channel_id', ?1),"
                                     " lane = CASE WHEN lane = ?5 THEN ?6 ELSE lane END"
                                     " WHERE platform = ?2 AND status IN ('pending', 'claimed')"
                                     " AND json_extract(destination, '$.channel_id') = ?3"
                                     " AND coalesce(json_extract(destination, '$.workspace'), '') = ?4",
                                     "UPDATE outbox SET destination = CAST(jsonb_set(CAST(destination AS JSONB), "
                                     "'{channel_id}', to_jsonb(CAST(?1 AS TEXT))) AS TEXT),"
                                     " lane = CASE WHEN lane = ?5 THEN ?6 ELSE lane END"
                                     " WHERE platform = ?2 AND status IN ('pending', 'claimed')"
                                     " AND CAST(destination AS JSONB) ->> 'channel_id' = ?3"
                                     " AND coalesce(CAST(destination AS JSONB) ->> 'workspace', '') = ?4"));
  update.bind(1, std::string(new_channel_id));
  update.bind(2, std::string(platform));
  update.bind(3, std::string(channel_id));
  update.bind(4, std::string(workspace));
  const auto lane_prefix = std::string(platform) + "/" + std::string(workspace) + "/";
  update.bind(5, lane_prefix + std::string(channel_id));
  update.bind(6, lane_prefix + std::string(new_channel_id));
  return update.exec();
}

OutboxCounts OutboxRepository::counts() {
  auto& select = db_.prepare("SELECT status, count(*) FROM outbox GROUP BY status");
  return read_counts(select);
}

OutboxCounts OutboxRepository::counts_for_post(std::int64_t post_id) {
  auto& select = db_.prepare("SELECT status, count(*) FROM outbox WHERE post_id = ? GROUP BY status");
  select.bind(1, static_cast<std::int64_t>(post_id));
  return read_counts(select);
}

std::optional<std::int64_t> OutboxRepository::next_due_at() {
  auto& select = db_.prepare("SELECT min(next_attempt_at) FROM outbox WHERE status = 'pending'");
  if (!select.executeStep()) return std::nullopt;
  return optional_int(select.getColumn(0));
}

std::map<std::int64_t, std::string> OutboxRepository::follow_up_statuses(std::int64_t post_id,
                                                                         std::string_view key_prefix) {
  auto& select = db_.prepare(
      "SELECT delivery.id, follow_up.status FROM outbox AS delivery"
      " JOIN outbox AS follow_up ON follow_up.idempotency_key = ? || delivery.id WHERE delivery.post_id = ?");
  select.bind(1, std::string(key_prefix));
  select.bind(2, static_cast<std::int64_t>(post_id));
  std::map<std::int64_t, std::string> statuses;
  while (select.executeStep()) statuses.emplace(select.getColumn(0).getInt64(), select.getColumn(1).getString());
  return statuses;
}

std::vector<OutboxEntry> OutboxRepository::list_for_post(std::int64_t post_id) {
  auto& select = db_.prepare(std::string(kColumns) + "WHERE post_id = ? ORDER BY id");
  select.bind(1, static_cast<std::int64_t>(post_id));
  return read_rows(select);
}

std::vector<OutboxEntry> OutboxRepository::sent_for_post(std::int64_t post_id) {
  auto& select = db_.prepare(std::string(kColumns) +
                             "WHERE post_id = ? AND status = 'sent' AND coalesce(platform_message_id, '') <> ''"
                             " ORDER BY id");
  select.bind(1, static_cast<std::int64_t>(post_id));
  return read_rows(select);
}

bool OutboxRepository::post_reached(std::int64_t post_id, const PostReader& reader) {
  auto& select = db_.prepare(
      "SELECT EXISTS (SELECT 1 FROM outbox WHERE post_id = ?1 AND (status IN ('sending', 'sent') OR maybe_sent = 1)"
      " AND (channel_ref = ?2 OR ambassador_id = ?3"
      " OR (?4 <> '' AND channel_ref IN (SELECT id FROM channels WHERE department_id = ?4))))");
  select.bind(1, static_cast<std::int64_t>(post_id));
  bind_optional(select, 2, reader.channel_ref);
  bind_optional(select, 3, reader.ambassador_id);
  select.bind(4, reader.department_id);
  select.executeStep();
  return select.getColumn(0).getInt() != 0;
}

}  // namespace ambassador::storage
