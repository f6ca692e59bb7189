#pragma once
// The durable outbox: one row per delivery, written before it is sent. The idempotency key makes a
// second enqueue of the same delivery (a re-processed event, a restarted fan-out) a no-op.
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/connection.hpp"

namespace ambassador::storage {

struct OutboxEntry {
  std::int64_t id = 0;
  std::string idempotency_key;
  std::string platform;
  std::string destination;  // JSON (bot's Destination)
  std::string message;      // JSON (bot's OutgoingMessage)
  std::string status = "pending";
  int attempts = 0;
  std::int64_t next_attempt_at_ms = 0;
  std::int64_t give_up_at_ms = 0;
  std::string last_error;
  std::string platform_message_id;
  std::optional<std::int64_t> post_id;
  std::optional<std::int64_t> channel_ref;
  std::optional<std::int64_t> ambassador_id;
  std::int64_t created_at_ms = 0;
  bool maybe_sent = false;            // it was being sent when the service stopped: it may have landed
  std::int64_t sending_since_ms = 0;  // when its first attempt began (else when it was queued): nothing of it
                                      // can have landed before
  std::string lane;  // the conversation it goes to ("" for rows queued before lanes were stored): one sender at a time
};

// Who claims: an instance (its id), and from when a heartbeat counts as alive. The default is the one instance of
// an SQLite file.
struct Claimant {
  std::string instance_id;
  std::int64_t live_since_ms = 0;
};

struct OutboxCounts {
  std::int64_t pending = 0, claimed = 0, sending = 0, sent = 0, failed = 0, cancelled = 0;
};

// Where someone acting on a post is: the channel they are in, and who they are (either may be unknown).
struct PostReader {
  std::optional<std::int64_t> channel_ref;
  std::optional<std::int64_t> ambassador_id;
  std::string department_id;  // "" when unknown
};

class OutboxRepository {
 public:
  explicit OutboxRepository(Connection& connection) : db_(connection) {}

  // Returns true when queued, false when the idempotency key was already there.
  bool enqueue(const OutboxEntry& entry);
  // Whether a delivery with this key was queued (and not yet removed by retention).
  bool has_key(std::string_view idempotency_key);
  // Marks up to `limit` due pending rows as claimed by `by` and returns them, oldest due first. A claimed row
  // waits in memory for its rate-limit slot; nothing has been sent for it yet.
  // On PostgreSQL several instances claim at once: rows another claim holds are skipped (SKIP LOCKED), and a row is
  // claimed only when its lane is, or becomes, the claimant's: a lane held by another live instance is left to it,
  // so one conversation has one sender at a time, in order, at its pace. An SQLite file serves one instance.
  std::vector<OutboxEntry> claim_due(std::int64_t now_ms, std::size_t limit, const Claimant& by = {});
  // Committed just before the platform call: from here on a crash leaves the delivery ambiguous.
  // False when the row is no longer claimed (e.g. its post was cancelled meanwhile): do not send it.
  // The first attempt's start is kept (sending_since_ms): an earlier attempt may have landed too.
  // Also false when the row was taken over from `instance_id` meanwhile (its heartbeat was late).
  bool mark_sending(std::int64_t id, std::int64_t now_ms, std::string_view instance_id = "");
  void mark_sent(std::int64_t id, std::string_view platform_message_id, std::int64_t now_ms);
  // Pending again at `next_attempt_at_ms`. `maybe_sent`: the attempt reached the platform unanswered, so the row is
  // looked up before it is sent again, like one interrupted by a crash.
  void reschedule(std::int64_t id, std::int64_t next_attempt_at_ms, std::string_view error, bool maybe_sent = false);
  // Pending again at `next_attempt_at_ms`, still marked maybe_sent (it is looked up before it is sent again).
  void postpone(std::int64_t id, std::int64_t next_attempt_at_ms, std::string_view why);
  // Gives a claimed row back untried (its claim is not counted as an attempt), due no earlier than `not_before_ms`.
  void unclaim(std::int64_t id, std::int64_t not_before_ms);
  void mark_failed(std::int64_t id, std::string_view error);
  // After a crash: the rows claimed by an instance whose last heartbeat is older than `live_since_ms` (by default
  // every instance's) are taken over: claimed rows are simply due again; sending rows are due again marked
  // maybe_sent, so the dispatcher asks the platform whether they landed before sending them again. Returns how many.
  int recover_in_flight(std::int64_t now_ms, std::int64_t live_since_ms = std::numeric_limits<std::int64_t>::max());
  int cancel_for_post(std::int64_t post_id);
  // Points the deliveries not yet sent (pending, or claimed and waiting for a rate-limit slot) to `channel_id` on
  // `platform`/`workspace` at `new_channel_id` instead, e.g. after a Telegram group became a supergroup. A row
  // already being sent is left as it is. Returns how many rows changed.
  int redirect_channel(std::string_view platform, std::string_view workspace, std::string_view channel_id,
                       std::string_view new_channel_id);
  OutboxCounts counts();
  OutboxCounts counts_for_post(std::int64_t post_id);
  std::optional<std::int64_t> next_due_at();
  std::vector<OutboxEntry> list_for_post(std::int64_t post_id);
  // For each of the post's deliveries that has a follow-up row keyed `key_prefix` + its id (a withdrawal, say):
  // that row's status, by the delivery's id.
  std::map<std::int64_t, std::string> follow_up_statuses(std::int64_t post_id, std::string_view key_prefix);
  // The post's deliveries that landed and whose platform message id is known (so they can be edited), by id.
  std::vector<OutboxEntry> sent_for_post(std::int64_t post_id);
  // Whether a delivery of post `post_id` may be in front of `reader`: one that landed or may have (sent, being sent,
  // or maybe sent before a crash) in the channel whose directory row is `reader.channel_ref`, in a channel of
  // `reader.department_id`, or in a direct message to `reader.ambassador_id`.
  bool post_reached(std::int64_t post_id, const PostReader& reader);

 private:
  // Takes the lanes of `rows` not yet the claimant's and drops the rows whose lane another live instance holds.
  void keep_own_lanes(std::vector<OutboxEntry>& rows, std::vector<bool>& own, const Claimant& by);

  Connection& db_;
};

}  // namespace ambassador::storage
