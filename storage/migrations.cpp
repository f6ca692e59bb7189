#include "storage/migrations.hpp"

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>

#include "storage/transaction.hpp"

namespace ambassador::storage {
namespace {

constexpr std::string_view kV1Core = R"sql(
CREATE TABLE departments (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  time_zone   TEXT NOT NULL,
  language    TEXT NOT NULL
);
CREATE TABLE channels (
  id            INTEGER PRIMARY KEY,
  platform      TEXT NOT NULL,
  workspace     TEXT NOT NULL DEFAULT '',
  channel_id    TEXT NOT NULL,
  department_id TEXT REFERENCES departments(id) ON DELETE SET NULL,
  purpose       TEXT NOT NULL DEFAULT 'ambassadors',
  active        INTEGER NOT NULL DEFAULT 1,
  title         TEXT NOT NULL DEFAULT '',
  created_at    INTEGER NOT NULL,
  UNIQUE (platform, workspace, channel_id)
);
CREATE TABLE ambassadors (
  id            INTEGER PRIMARY KEY,
  display_name  TEXT NOT NULL,
  department_id TEXT REFERENCES departments(id) ON DELETE SET NULL,
  opted_out_at  INTEGER,
  consent_at    INTEGER,
  created_at    INTEGER NOT NULL
);
CREATE TABLE ambassador_identities (
  platform      TEXT NOT NULL,
  workspace     TEXT NOT NULL DEFAULT '',
  user_id       TEXT NOT NULL,
  ambassador_id INTEGER NOT NULL REFERENCES ambassadors(id) ON DELETE CASCADE,
  dm_channel_id TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (platform, workspace, user_id)
);
CREATE INDEX ambassador_identities_by_ambassador ON ambassador_identities(ambassador_id);
CREATE TABLE ambassador_roles (
  ambassador_id INTEGER NOT NULL REFERENCES ambassadors(id) ON DELETE CASCADE,
  role          TEXT NOT NULL,
  PRIMARY KEY (ambassador_id, role)
);
CREATE TABLE ambassador_themes (
  ambassador_id INTEGER NOT NULL REFERENCES ambassadors(id) ON DELETE CASCADE,
  theme         TEXT NOT NULL,
  PRIMARY KEY (ambassador_id, theme)
);
CREATE TABLE inbox (
  id           INTEGER PRIMARY KEY,
  platform     TEXT NOT NULL,
  event_key    TEXT NOT NULL,
  payload      TEXT NOT NULL,
  status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  error        TEXT,
  received_at  INTEGER NOT NULL,
  processed_at INTEGER,
  UNIQUE (platform, event_key)
);
CREATE INDEX inbox_pending ON inbox(id) WHERE status = 'pending';
CREATE INDEX inbox_by_age ON inbox(received_at);
CREATE TABLE outbox (
  id                  INTEGER PRIMARY KEY,
  idempotency_key     TEXT NOT NULL UNIQUE,
  platform            TEXT NOT NULL,
  destination         TEXT NOT NULL,
  message             TEXT NOT NULL,
  status              TEXT NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'claimed', 'sending', 'sent', 'failed', 'cancelled')),
  maybe_sent          INTEGER NOT NULL DEFAULT 0,
  attempts            INTEGER NOT NULL DEFAULT 0,
  next_attempt_at     INTEGER NOT NULL,
  give_up_at          INTEGER NOT NULL,
  last_error          TEXT,
  platform_message_id TEXT,
  post_id             INTEGER,
  channel_ref         INTEGER REFERENCES channels(id) ON DELETE SET NULL,
  ambassador_id       INTEGER REFERENCES ambassadors(id) ON DELETE SET NULL,
  created_at          INTEGER NOT NULL,
  sent_at             INTEGER
);
CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_in_flight ON outbox(id) WHERE status IN ('claimed', 'sending');
CREATE INDEX outbox_by_post ON outbox(post_id) WHERE post_id IS NOT NULL;
CREATE TABLE local_messages (
  id          INTEGER PRIMARY KEY,
  channel_id  TEXT NOT NULL,
  sender      TEXT NOT NULL,
  visible_to  TEXT NOT NULL DEFAULT '',
  delivery_key TEXT,
  text        TEXT NOT NULL,
  message     TEXT,
  created_at  INTEGER NOT NULL
);
CREATE INDEX local_messages_by_channel ON local_messages(channel_id, id);
CREATE UNIQUE INDEX local_messages_by_delivery ON local_messages(delivery_key) WHERE delivery_key IS NOT NULL;
)sql";

constexpr std::string_view kV2Content = R"sql(
CREATE TABLE posts (
  id              INTEGER PRIMARY KEY,
  title           TEXT NOT NULL,
  body            TEXT NOT NULL DEFAULT '',
  link_url        TEXT NOT NULL,
  image_url       TEXT NOT NULL DEFAULT '',
  suggested_texts TEXT NOT NULL DEFAULT '{}',
  themes          TEXT NOT NULL DEFAULT '[]',
  departments     TEXT NOT NULL DEFAULT '[]',
  roles           TEXT NOT NULL DEFAULT '[]',
  direct_messages INTEGER NOT NULL DEFAULT 0,
  publish_at      INTEGER,
  expires_at      INTEGER,
  status          TEXT NOT NULL
                  CHECK (status IN ('draft', 'scheduled', 'sending', 'sent', 'cancelled', 'expired')),
  created_by      TEXT NOT NULL DEFAULT '',
  source_idea_id  INTEGER,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  sent_at         INTEGER
);
CREATE INDEX posts_due ON posts(publish_at) WHERE status = 'scheduled';
CREATE INDEX posts_by_status ON posts(status, id);
CREATE TABLE tracked_links (
  token         TEXT PRIMARY KEY,
  post_id       INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  ambassador_id INTEGER REFERENCES ambassadors(id) ON DELETE SET NULL,
  department_id TEXT NOT NULL DEFAULT '',
  network       TEXT NOT NULL CHECK (network IN ('linkedin', 'x', 'facebook', 'other')),
  created_at    INTEGER NOT NULL,
  UNIQUE (post_id, ambassador_id, network)
);
CREATE INDEX tracked_links_by_ambassador ON tracked_links(ambassador_id);
CREATE TABLE clicks (
  id           INTEGER PRIMARY KEY,
  token        TEXT NOT NULL REFERENCES tracked_links(token) ON DELETE CASCADE,
  visitor_hash TEXT NOT NULL,
  is_unique    INTEGER NOT NULL,
  clicked_at   INTEGER NOT NULL
);
CREATE INDEX clicks_by_token ON clicks(token);
CREATE UNIQUE INDEX clicks_unique_visitor ON clicks(token, visitor_hash) WHERE is_unique = 1;
CREATE TABLE visitor_salts (
  day  INTEGER PRIMARY KEY,
  salt BLOB NOT NULL
);
CREATE TABLE shares (
  id            INTEGER PRIMARY KEY,
  post_id       INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  ambassador_id INTEGER NOT NULL REFERENCES ambassadors(id) ON DELETE CASCADE,
  department_id TEXT NOT NULL DEFAULT '',
  network       TEXT NOT NULL CHECK (network IN ('linkedin', 'x', 'facebook', 'other')),
  source        TEXT NOT NULL CHECK (source IN ('confirmed', 'link_opened')),
  created_at    INTEGER NOT NULL,
  UNIQUE (post_id, ambassador_id, network)
);
CREATE INDEX shares_by_ambassador ON shares(ambassador_id);
CREATE TABLE post_reactions (
  post_id       INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  ambassador_id INTEGER NOT NULL REFERENCES ambassadors(id) ON DELETE CASCADE,
  reaction      TEXT NOT NULL CHECK (reaction IN ('skipped')),
  created_at    INTEGER NOT NULL,
  PRIMARY KEY (post_id, ambassador_id)
);
CREATE TABLE ideas (
  id            INTEGER PRIMARY KEY,
  ambassador_id INTEGER REFERENCES ambassadors(id) ON DELETE SET NULL,
  platform      TEXT NOT NULL,
  workspace     TEXT NOT NULL DEFAULT '',
  user_id       TEXT NOT NULL,
  channel_id    TEXT NOT NULL DEFAULT '',
  direct        INTEGER NOT NULL DEFAULT 0,
  text          TEXT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  review_note   TEXT NOT NULL DEFAULT '',
  reviewed_by   TEXT NOT NULL DEFAULT '',
  post_id       INTEGER REFERENCES posts(id) ON DELETE SET NULL,
  created_at    INTEGER NOT NULL,
  reviewed_at   INTEGER
);
CREATE INDEX ideas_by_status ON ideas(status, id);
)sql";

// A channel's new id is remembered, so a config that still names the old one links the new one after a restart.
// sending_at bounds how far back a sender looks for a delivery that may have landed before a crash.
constexpr std::string_view kV3MovesAndSendingTime = R"sql(
CREATE TABLE channel_moves (
  platform   TEXT NOT NULL,
  workspace  TEXT NOT NULL DEFAULT '',
  old_id     TEXT NOT NULL,
  new_id     TEXT NOT NULL,
  PRIMARY KEY (platform, workspace, old_id)
);
ALTER TABLE outbox ADD COLUMN sending_at INTEGER;
)sql";

// Retention: raw clicks past their age are rolled up into per-link daily counts (click_days), so the totals stay
// while visitor hashes go. clicks_by_visitor replaces clicks_by_token (same leading column) and answers the
// per-minute click cap; the age indexes let the retention job find its chunks without scanning.
constexpr std::string_view kV4Retention = R"sql(
CREATE TABLE click_days (
  token         TEXT NOT NULL REFERENCES tracked_links(token) ON DELETE CASCADE,
  day           INTEGER NOT NULL,
  clicks        INTEGER NOT NULL,
  unique_clicks INTEGER NOT NULL,
  PRIMARY KEY (token, day)
);
DROP INDEX clicks_by_token;
CREATE INDEX clicks_by_visitor ON clicks(token, visitor_hash, clicked_at);
CREATE INDEX clicks_by_age ON clicks(clicked_at);
CREATE INDEX outbox_settled_by_age ON outbox(created_at) WHERE status IN ('sent', 'failed', 'cancelled');
CREATE INDEX local_messages_by_age ON local_messages(created_at);
CREATE INDEX ideas_decided_by_age ON ideas(reviewed_at) WHERE status <> 'pending';
)sql";

// Webcare: questions from the public (and signals from ambassadors' networks) escalated to a department under an
// SLA. next_due_at is the one instant a question's timer needs attention (a reminder or a deadline), so the timer
// reads the earliest of them from an index instead of scanning open questions. The texts quote the public: they
// are nulled by the retention purge (purged_at), the rest stays for the counts.
constexpr std::string_view kV5Webcare = R"sql(
CREATE TABLE questions (
  id                 INTEGER PRIMARY KEY,
  reference          TEXT NOT NULL UNIQUE,
  kind               TEXT NOT NULL,
  source             TEXT NOT NULL DEFAULT 'other',
  link               TEXT,
  text               TEXT,
  masked_text        TEXT,
  topic              TEXT NOT NULL DEFAULT '',
  theme              TEXT NOT NULL DEFAULT '',
  department_id      TEXT NOT NULL,
  priority           TEXT NOT NULL DEFAULT 'normal',
  status             TEXT NOT NULL DEFAULT 'open',
  owner_platform     TEXT NOT NULL DEFAULT '',
  owner_workspace    TEXT NOT NULL DEFAULT '',
  owner_user_id      TEXT NOT NULL DEFAULT '',
  owner_name         TEXT NOT NULL DEFAULT '',
  origin_platform    TEXT NOT NULL DEFAULT '',
  origin_workspace   TEXT NOT NULL DEFAULT '',
  origin_channel_id  TEXT NOT NULL DEFAULT '',
  claimant_platform  TEXT NOT NULL DEFAULT '',
  claimant_workspace TEXT NOT NULL DEFAULT '',
  claimant_user_id   TEXT NOT NULL DEFAULT '',
  claimant_name      TEXT NOT NULL DEFAULT '',
  claimed_at         INTEGER,
  answer             TEXT,
  masked_answer      TEXT,
  answered_by        TEXT NOT NULL DEFAULT '',
  answered_at        INTEGER,
  created_at         INTEGER NOT NULL,
  clock_started_at   INTEGER NOT NULL,
  claim_due_at       INTEGER,
  answer_due_at      INTEGER,
  due_stage          TEXT NOT NULL DEFAULT '',
  due_at             INTEGER,
  remind_at          INTEGER,
  next_due_at        INTEGER,
  escalation_level   INTEGER NOT NULL DEFAULT 0,
  closed_at          INTEGER,
  purged_at          INTEGER,
  request_key        TEXT
);
CREATE UNIQUE INDEX questions_by_request_key ON questions(request_key) WHERE request_key IS NOT NULL;
CREATE INDEX questions_next_due ON questions(next_due_at) WHERE next_due_at IS NOT NULL;
CREATE INDEX questions_by_status ON questions(status, department_id);
CREATE INDEX questions_by_created ON questions(created_at);
CREATE INDEX questions_closed_by_age ON questions(closed_at) WHERE closed_at IS NOT NULL AND purged_at IS NULL;
CREATE TABLE question_events (
  id          INTEGER PRIMARY KEY,
  question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
  at          INTEGER NOT NULL,
  kind        TEXT NOT NULL,
  actor       TEXT NOT NULL DEFAULT '',
  detail      TEXT,
  department_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX question_events_by_question ON question_events(question_id, id);
CREATE INDEX question_events_by_kind ON question_events(kind, at);
CREATE TABLE reference_counters (
  prefix TEXT NOT NULL,
  year   INTEGER NOT NULL,
  last   INTEGER NOT NULL,
  PRIMARY KEY (prefix, year)
);
)sql";

constexpr std::string_view kV6Intervision = R"sql(
CREATE TABLE meeting_series (
  id               INTEGER PRIMARY KEY,
  department_id    TEXT NOT NULL,
  rrule            TEXT NOT NULL,
  time_zone        TEXT NOT NULL,
  first_start      TEXT NOT NULL,
  duration_minutes INTEGER NOT NULL,
  location         TEXT NOT NULL DEFAULT '',
  title            TEXT NOT NULL DEFAULT '',
  sequence         INTEGER NOT NULL DEFAULT 0,
  cancelled        INTEGER NOT NULL DEFAULT 0,
  created_by       TEXT NOT NULL DEFAULT '',
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
);
CREATE INDEX meeting_series_by_department ON meeting_series(department_id, cancelled);
CREATE TABLE meeting_changes (
  series_id        INTEGER NOT NULL REFERENCES meeting_series(id) ON DELETE CASCADE,
  occurrence       TEXT NOT NULL,
  moved_to         TEXT,
  duration_minutes INTEGER,
  UNIQUE (series_id, occurrence)
);
CREATE TABLE meeting_rsvps (
  series_id  INTEGER NOT NULL REFERENCES meeting_series(id) ON DELETE CASCADE,
  occurrence TEXT NOT NULL,
  platform   TEXT NOT NULL,
  workspace  TEXT NOT NULL DEFAULT '',
  user_id    TEXT NOT NULL,
  name       TEXT NOT NULL DEFAULT '',
  answer     TEXT NOT NULL CHECK (answer IN ('going', 'not_going', 'maybe')),
  updated_at INTEGER NOT NULL,
  UNIQUE (series_id, occurrence, platform, workspace, user_id)
);
CREATE TABLE meeting_notes (
  id         INTEGER PRIMARY KEY,
  series_id  INTEGER NOT NULL REFERENCES meeting_series(id) ON DELETE CASCADE,
  occurrence TEXT NOT NULL,
  text       TEXT NOT NULL,
  author     TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
CREATE INDEX meeting_notes_by_series ON meeting_notes(series_id, occurrence);
CREATE TABLE calendar_tokens (
  department_id TEXT PRIMARY KEY,
  token_hash    TEXT NOT NULL,
  created_at    INTEGER NOT NULL
);
)sql";

// Digests (migration 7; 6 is intervision): a person's choice to get no weekly digest, and one row per digest pass
// of a department and period whose cursor (the last ambassador id handled) moves in the same transaction as the
// messages it queued, so a pass cut short resumes where it stopped and a finished one is never run again.
constexpr std::string_view kV7Digests = R"sql(
ALTER TABLE ambassadors ADD COLUMN weekly_digest_off_at INTEGER;
CREATE INDEX ambassadors_by_department ON ambassadors(department_id, id);
CREATE INDEX shares_by_age ON shares(created_at);
CREATE TABLE digest_runs (
  kind          TEXT NOT NULL CHECK (kind IN ('weekly', 'monthly')),
  department_id TEXT NOT NULL,
  period        TEXT NOT NULL,
  cursor        INTEGER NOT NULL DEFAULT 0,
  finished_at   INTEGER,
  PRIMARY KEY (kind, department_id, period)
);
)sql";

// Recognition (migration 8, issue 13): a person's choice to be named in rankings (ranking_opt_in_at; null = not
// named, the safe default), kudos between colleagues, badges awarded once per person (the primary key is the
// "announced once" guarantee across restarts and re-processing) and the cursors of the badge pass. Indexes, for
// 10,000 ambassadors / 1,000,000 shares / 5,000,000 clicks:
// - shares_by_ambassador_age replaces shares_by_ambassador (same leading column): a person's shares this month and
//   all time, and the rank, are a range of one person's entries.
// - shares_by_department_age (covering): a department's rolling 30 days of shares per person without the table;
//   the organisation's 30 days use shares_by_age_ambassador (covering) instead of shares_by_age + table look-ups.
// - tracked_links_by_department: a department's links, whose unique clicks in the window are then read per link.
// - clicks_unique_by_token_age / clicks_unique_by_age (partial: is_unique = 1, covering): unique clicks of one
//   link in a time range, and of everyone in the window; repeat clicks are never read. click_days_by_day
//   (covering) does the same for the clicks already rolled up into daily counts. The organisation's list by unique
//   clicks still reads every unique click of the window (millions at this size): a per-person daily rollup,
//   kept by the badge pass that already walks every new click, is the next step there (migration 11).
// - kudos_by_giver_age: the daily limit counts one giver's kudos since local midnight; kudos_by_receiver_age: what
//   `stats` and the weekly digest show.
// The badge pass starts after what is already recorded: an upgrade does not message everyone at once for their past;
// people past a threshold get its badge with their next share or unique click.
constexpr std::string_view kV8Recognition = R"sql(
ALTER TABLE ambassadors ADD COLUMN ranking_opt_in_at INTEGER;
DROP INDEX shares_by_ambassador;
CREATE INDEX shares_by_ambassador_age ON shares(ambassador_id, created_at);
CREATE INDEX shares_by_department_age ON shares(department_id, created_at, ambassador_id);
CREATE INDEX shares_by_age_ambassador ON shares(created_at, ambassador_id);
CREATE INDEX tracked_links_by_department ON tracked_links(department_id, ambassador_id);
CREATE INDEX clicks_unique_by_token_age ON clicks(token, clicked_at) WHERE is_unique = 1;
CREATE INDEX clicks_unique_by_age ON clicks(clicked_at, token) WHERE is_unique = 1;
CREATE INDEX click_days_by_day ON click_days(day, token, unique_clicks);
CREATE TABLE kudos (
  id          INTEGER PRIMARY KEY,
  giver_id    INTEGER NOT NULL REFERENCES ambassadors(id) ON DELETE CASCADE,
  receiver_id INTEGER NOT NULL REFERENCES ambassadors(id) ON DELETE CASCADE,
  reason      TEXT NOT NULL,
  given_at    INTEGER NOT NULL,
  CHECK (giver_id <> receiver_id)
);
CREATE INDEX kudos_by_giver_age ON kudos(giver_id, given_at);
CREATE INDEX kudos_by_receiver_age ON kudos(receiver_id, given_at);
CREATE TABLE badges_awarded (
  ambassador_id INTEGER NOT NULL REFERENCES ambassadors(id) ON DELETE CASCADE,
  badge_id      TEXT NOT NULL,
  awarded_at    INTEGER NOT NULL,
  PRIMARY KEY (ambassador_id, badge_id)
);
CREATE TABLE badge_cursors (
  source  TEXT PRIMARY KEY CHECK (source IN ('shares', 'clicks')),
  last_id INTEGER NOT NULL
);
INSERT INTO badge_cursors(source, last_id) SELECT 'shares', COALESCE(MAX(id), 0) FROM shares;
INSERT INTO badge_cursors(source, last_id) SELECT 'clicks', COALESCE(MAX(id), 0) FROM clicks;
)sql";

// Teams (migration 9): the connector URL (serviceUrl) each conversation's activities came with; a proactive
// message must go there, and the conversation id alone does not say which region serves it.
constexpr std::string_view kV9TeamsConversations = R"sql(
CREATE TABLE teams_conversations (
  conversation_id TEXT PRIMARY KEY,
  tenant_id       TEXT NOT NULL,
  service_url     TEXT NOT NULL,
  updated_at      INTEGER NOT NULL
);
)sql";

// Programme stats (migration 10): the stats API reads published posts by a time range (posts had no index on
// publish_at outside 'scheduled'); clicks rolled up by day are read through migration 8's click_days_by_day.
constexpr std::string_view kV10ProgrammeStats = R"sql(
CREATE INDEX posts_by_publish_at ON posts(publish_at);
)sql";

// Leaderboard rollup (migration 11, issue 13): unique clicks per person and UTC day, so the organisation's list by
// unique clicks over 30 days reads some 30 rows per person instead of every unique click of the window. The badge
// pass adds the clicks it walks past its cursor in the transaction that moves the cursor, so each is counted once;
// retention leaves the rollup alone (it does not depend on raw clicks). The backfill takes the unique clicks the
// pass has already walked (up to its cursor, which starts over at 0 when it lies past the largest id, as the pass
// does) and everything retention already folded into click_days.
constexpr std::string_view kV11PersonClickDays = R"sql(
CREATE TABLE person_click_days (
  ambassador_id INTEGER NOT NULL REFERENCES ambassadors(id) ON DELETE CASCADE,
  day           INTEGER NOT NULL,
  unique_clicks INTEGER NOT NULL,
  PRIMARY KEY (ambassador_id, day)
);
CREATE INDEX person_click_days_by_day ON person_click_days(day, ambassador_id, unique_clicks);
INSERT INTO person_click_days(ambassador_id, day, unique_clicks)
SELECT id, day, SUM(n) FROM (
  SELECT t.ambassador_id AS id, c.clicked_at / 86400000 AS day, COUNT(*) AS n
  FROM clicks c JOIN tracked_links t ON t.token = c.token
  WHERE c.is_unique = 1 AND t.ambassador_id IS NOT NULL AND c.id <= (
    SELECT CASE WHEN b.last_id > (SELECT COALESCE(MAX(id), 0) FROM clicks) THEN 0 ELSE b.last_id END
    FROM badge_cursors b WHERE b.source = 'clicks')
  GROUP BY t.ambassador_id, c.clicked_at / 86400000
  UNION ALL
  SELECT t.ambassador_id, d.day, SUM(d.unique_clicks)
  FROM click_days d JOIN tracked_links t ON t.token = d.token
  WHERE t.ambassador_id IS NOT NULL
  GROUP BY t.ambassador_id, d.day
) GROUP BY id, day HAVING SUM(n) > 0;
)sql";

// Programme stats rollup (migration 12, issue 13): shares, clicks and unique clicks per department, UTC day, post
// and network, so the stats API reads what a span's days add up to instead of grouping every raw click of the span
// (80 s and 2.7 GB for 90 days at 5 million clicks). Kept like person_click_days: the badge pass adds what it walks
// past its cursors in the transaction that moves them, and the API adds the raw rows past the cursors. Retention
// only folds clicks the pass has walked, and leaves this table alone. By department first (a department's span is
// one range); by day for the whole organisation, whose span also reads two coarser projections of the same rows:
// per post (no department) for its figures per post, and per department (no post) for the rest. The backfill
// counts what the pass has walked and click_days.
constexpr std::string_view kV12ActivityDays = R"sql(
CREATE TABLE activity_days (
  department_id TEXT NOT NULL,
  day           INTEGER NOT NULL,
  post_id       INTEGER NOT NULL,
  network       TEXT NOT NULL,
  shares        INTEGER NOT NULL DEFAULT 0,
  clicks        INTEGER NOT NULL DEFAULT 0,
  unique_clicks INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (department_id, day, post_id, network)
) WITHOUT ROWID;
CREATE INDEX activity_days_by_day ON activity_days(day, department_id, post_id, network, shares, clicks, unique_clicks);
INSERT INTO activity_days(department_id, day, post_id, network, shares, clicks, unique_clicks)
SELECT department_id, day, post_id, network, SUM(s), SUM(c), SUM(u) FROM (
  SELECT department_id, created_at / 86400000 AS day, post_id, network, COUNT(*) AS s, 0 AS c, 0 AS u
  FROM shares WHERE id <= (
    SELECT CASE WHEN b.last_id > (SELECT COALESCE(MAX(id), 0) FROM shares) THEN 0 ELSE b.last_id END
    FROM badge_cursors b WHERE b.source = 'shares')
  GROUP BY 1, 2, 3, 4
  UNION ALL
  SELECT t.department_id, c.clicked_at / 86400000, t.post_id, t.network, 0, COUNT(*), SUM(c.is_unique)
  FROM clicks c JOIN tracked_links t ON t.token = c.token
  WHERE c.id <= (
    SELECT CASE WHEN b.last_id > (SELECT COALESCE(MAX(id), 0) FROM clicks) THEN 0 ELSE b.last_id END
    FROM badge_cursors b WHERE b.source = 'clicks')
  GROUP BY 1, 2, 3, 4
  UNION ALL
  SELECT t.department_id, d.day, t.post_id, t.network, 0, SUM(d.clicks), SUM(d.unique_clicks)
  FROM click_days d JOIN tracked_links t ON t.token = d.token
  GROUP BY 1, 2, 3, 4
) GROUP BY 1, 2, 3, 4;
CREATE TABLE activity_post_days (
  day           INTEGER NOT NULL,
  post_id       INTEGER NOT NULL,
  network       TEXT NOT NULL,
  shares        INTEGER NOT NULL DEFAULT 0,
  clicks        INTEGER NOT NULL DEFAULT 0,
  unique_clicks INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, post_id, network)
) WITHOUT ROWID;
INSERT INTO activity_post_days(day, post_id, network, shares, clicks, unique_clicks)
SELECT day, post_id, network, SUM(shares), SUM(clicks), SUM(unique_clicks) FROM activity_days GROUP BY 1, 2, 3;
CREATE TABLE activity_department_days (
  day           INTEGER NOT NULL,
  department_id TEXT NOT NULL,
  network       TEXT NOT NULL,
  shares        INTEGER NOT NULL DEFAULT 0,
  clicks        INTEGER NOT NULL DEFAULT 0,
  unique_clicks INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, department_id, network)
) WITHOUT ROWID;
INSERT INTO activity_department_days(day, department_id, network, shares, clicks, unique_clicks)
SELECT day, department_id, network, SUM(shares), SUM(clicks), SUM(unique_clicks) FROM activity_days GROUP BY 1, 2, 3;
)sql";

// A CHECK or a partial index's WHERE of the form `x IN (three or more values)` costs SQLite a temporary b-tree
// built for every row a statement writes: an INSERT into a table shaped like the outbox (a six-value CHECK, a
// three-value partial index) took 2.6 times as long as with OR chains (200,000 rows in one transaction), and the
// inbox and outbox take a row per event and per delivery. The same rules as OR chains are evaluated in
// place. The CHECKs are rewritten in the schema text, as SQLite's documentation describes for changing a
// constraint without rebuilding the table (the rows' format does not change; the DDL below bumps the schema
// version, so every other connection rereads the schema); the partial index is made again.
constexpr std::string_view kV13ChecksWithoutInLists = R"sql(
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (status IN (''pending'', ''done'', ''failed''))', 'CHECK (status = ''pending'' OR status = ''done'' OR status = ''failed'')')
 WHERE type = 'table' AND name = 'inbox';
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (status IN (''pending'', ''claimed'', ''sending'', ''sent'', ''failed'', ''cancelled''))', 'CHECK (status = ''pending'' OR status = ''claimed'' OR status = ''sending'' OR status = ''sent'' OR status = ''failed'' OR status = ''cancelled'')')
 WHERE type = 'table' AND name = 'outbox';
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (status IN (''draft'', ''scheduled'', ''sending'', ''sent'', ''cancelled'', ''expired''))', 'CHECK (status = ''draft'' OR status = ''scheduled'' OR status = ''sending'' OR status = ''sent'' OR status = ''cancelled'' OR status = ''expired'')')
 WHERE type = 'table' AND name = 'posts';
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (network IN (''linkedin'', ''x'', ''facebook'', ''other''))', 'CHECK (network = ''linkedin'' OR network = ''x'' OR network = ''facebook'' OR network = ''other'')')
 WHERE type = 'table' AND name = 'tracked_links';
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (network IN (''linkedin'', ''x'', ''facebook'', ''other''))', 'CHECK (network = ''linkedin'' OR network = ''x'' OR network = ''facebook'' OR network = ''other'')')
 WHERE type = 'table' AND name = 'shares';
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (status IN (''pending'', ''approved'', ''rejected''))', 'CHECK (status = ''pending'' OR status = ''approved'' OR status = ''rejected'')')
 WHERE type = 'table' AND name = 'ideas';
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (answer IN (''going'', ''not_going'', ''maybe''))', 'CHECK (answer = ''going'' OR answer = ''not_going'' OR answer = ''maybe'')')
 WHERE type = 'table' AND name = 'meeting_rsvps';
PRAGMA writable_schema = OFF;
DROP INDEX outbox_settled_by_age;
CREATE INDEX outbox_settled_by_age ON outbox(created_at) WHERE status = 'sent' OR status = 'failed' OR status = 'cancelled';
)sql";

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

// Several instances on one database (PostgreSQL): each registers itself and renews its heartbeat; a claimed or
// sending delivery names its instance, so another one takes it over once that instance's heartbeat is stale. A
// conversation (lane) belongs to one instance at a time, so its messages keep their order and pace across
// instances. On SQLite the same columns serve the one instance.
constexpr std::string_view kV14Instances = R"sql(
CREATE TABLE instances (
  id           TEXT PRIMARY KEY,
  started_at   INTEGER NOT NULL,
  heartbeat_at INTEGER NOT NULL
);
CREATE TABLE outbox_lanes (
  lane        TEXT PRIMARY KEY,
  instance_id TEXT NOT NULL
);
CREATE INDEX outbox_lanes_by_instance ON outbox_lanes(instance_id);
ALTER TABLE outbox ADD COLUMN lane TEXT;
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
)sql";

const std::vector<Migration>& all_migrations() {
  static const std::vector<Migration> migrations{
      {1, "core: departments, channels, ambassadors, inbox, outbox, local messages", kV1Core},
      {2, "content: posts, tracked links, clicks, shares, reactions, ideas", kV2Content},
      {3, "channel moves; outbox sending time", kV3MovesAndSendingTime},
      {4, "retention: daily click counts, age indexes", kV4Retention},
      {5, "webcare: questions, their timeline, reference numbers", kV5Webcare},
      {6, "intervision: meeting series, changes, RSVPs, notes, calendar tokens", kV6Intervision},
      {7, "digests: weekly digest opt-out, digest runs", kV7Digests},
      {8, "recognition: ranking opt-in, kudos, badges, impact indexes", kV8Recognition},
      {9, "teams: each conversation's connector URL", kV9TeamsConversations},
      {10, "programme stats: posts by publish time", kV10ProgrammeStats},
      {11, "leaderboard: unique clicks per person and day", kV11PersonClickDays},
      {12, "programme stats: activity per department, day, post and network", kV12ActivityDays},
      {13, "constraints as OR chains instead of IN lists", kV13ChecksWithoutInLists},
      {14, "several instances: heartbeats, claims by instance, conversation lanes", kV14Instances},
  };
  return migrations;
}

int schema_version(Connection& connection) {
  if (connection.backend() == Backend::sqlite) return static_cast<int>(connection.query_int64("PRAGMA user_version"));
  if (connection.query_text("SELECT to_regclass('schema_migrations')::text").empty()) return 0;
  return static_cast<int>(connection.query_int64("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
}

const std::vector<Migration>& migrations_for(Backend backend) {
  return backend == Backend::postgres ? postgres_migrations() : all_migrations();
}

int require_known_schema(Connection& connection) {
  return require_known_schema(connection, migrations_for(connection.backend()));
}

int require_known_schema(Connection& connection, const std::vector<Migration>& migrations) {
  const int current = schema_version(connection);
  const int newest = migrations.empty() ? 0 : migrations.back().version;
  if (current > newest) {
    throw std::runtime_error("database schema version " + std::to_string(current) +
                             " is newer than this program knows (" + std::to_string(newest) +
                             "); refusing to run an older build against it");
  }
  return current;
}

namespace {

// Each migration in a transaction of its own when `own_transactions`, else in the caller's.
std::vector<int> apply_pending(Connection& connection, const std::vector<Migration>& migrations,
                               bool own_transactions) {
  connection.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
  const int current = require_known_schema(connection, migrations);
  std::vector<int> applied;
  for (const auto& migration : migrations) {
    if (migration.version <= current) continue;
    std::optional<Transaction> transaction;
    if (own_transactions) transaction.emplace(connection);
    try {
      connection.exec(std::string(migration.sql));
    } catch (const std::exception& e) {
      throw std::runtime_error("migration " + std::to_string(migration.version) + " (" + std::string(migration.name) +
                               ") failed: " + e.what());
    }
    auto& record = connection.prepare("INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)");
    record.bind(1, migration.version);
    record.bind(2, std::string(migration.name));
    record.bind(3, static_cast<std::int64_t>(now_ms()));
    record.exec();
    if (connection.backend() == Backend::sqlite)
      connection.exec("PRAGMA user_version = " + std::to_string(migration.version));
    if (transaction) transaction->commit();
    applied.push_back(migration.version);
  }
  return applied;
}

}  // namespace

std::vector<int> migrate(Connection& connection) { return migrate(connection, migrations_for(connection.backend())); }

std::vector<int> migrate(Connection& connection, const std::vector<Migration>& migrations) {
  if (connection.backend() == Backend::sqlite) return apply_pending(connection, migrations, true);
  // Several instances starting at once: the first takes the lock and migrates, the others wait for its commit and
  // then find nothing left to do. PostgreSQL's DDL is transactional, so all of it is one transaction.
  Transaction transaction(connection);
  connection.exec("SELECT pg_advisory_xact_lock(7220423001)");
  auto applied = apply_pending(connection, migrations, false);
  transaction.commit();
  return applied;
}

}  // namespace ambassador::storage
