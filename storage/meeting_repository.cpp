#include "storage/meeting_repository.hpp"

namespace ambassador::storage {
namespace {

constexpr const char* kSeriesColumns =
    "SELECT id, department_id, rrule, time_zone, first_start, duration_minutes, location, title, sequence, cancelled,"
    " created_by, created_at, updated_at FROM meeting_series ";

MeetingSeriesRecord read_series(Statement& row) {
  MeetingSeriesRecord s;
  s.id = row.getColumn(0).getInt64();
  s.department_id = row.getColumn(1).getString();
  s.rrule = row.getColumn(2).getString();
  s.time_zone = row.getColumn(3).getString();
  s.first_start = row.getColumn(4).getString();
  s.duration_minutes = row.getColumn(5).getInt();
  s.location = row.getColumn(6).getString();
  s.title = row.getColumn(7).getString();
  s.sequence = row.getColumn(8).getInt();
  s.cancelled = row.getColumn(9).getInt() != 0;
  s.created_by = row.getColumn(10).getString();
  s.created_at_ms = row.getColumn(11).getInt64();
  s.updated_at_ms = row.getColumn(12).getInt64();
  return s;
}

std::vector<MeetingSeriesRecord> read_all(Statement& select) {
  std::vector<MeetingSeriesRecord> out;
  while (select.executeStep()) out.push_back(read_series(select));
  return out;
}

}  // namespace

std::int64_t MeetingRepository::insert(const MeetingSeriesRecord& s) {
  auto& insert = db_.prepare(
      "INSERT INTO meeting_series(department_id, rrule, time_zone, first_start, duration_minutes, location, title,"
      " sequence, cancelled, created_by, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
  insert.bind(1, s.department_id);
  insert.bind(2, s.rrule);
  insert.bind(3, s.time_zone);
  insert.bind(4, s.first_start);
  insert.bind(5, s.duration_minutes);
  insert.bind(6, s.location);
  insert.bind(7, s.title);
  insert.bind(8, s.sequence);
  insert.bind(9, s.cancelled ? 1 : 0);
  insert.bind(10, s.created_by);
  insert.bind(11, static_cast<std::int64_t>(s.created_at_ms));
  insert.bind(12, static_cast<std::int64_t>(s.updated_at_ms));
  insert.exec();
  return db_.last_insert_id();
}

void MeetingRepository::update(const MeetingSeriesRecord& s) {
  auto& update = db_.prepare(
      "UPDATE meeting_series SET rrule = ?, location = ?, title = ?, sequence = ?, cancelled = ?, updated_at = ?"
      " WHERE id = ?");
  update.bind(1, s.rrule);
  update.bind(2, s.location);
  update.bind(3, s.title);
  update.bind(4, s.sequence);
  update.bind(5, s.cancelled ? 1 : 0);
  update.bind(6, static_cast<std::int64_t>(s.updated_at_ms));
  update.bind(7, static_cast<std::int64_t>(s.id));
  update.exec();
}

std::optional<MeetingSeriesRecord> MeetingRepository::find(std::int64_t id) {
  auto& select = db_.prepare(std::string(kSeriesColumns) + "WHERE id = ?");
  select.bind(1, static_cast<std::int64_t>(id));
  if (!select.executeStep()) return std::nullopt;
  auto series = read_series(select);
  select.reset();
  return series;
}

std::vector<MeetingSeriesRecord> MeetingRepository::of_department(std::string_view department_id, bool active_only) {
  auto& select =
      db_.prepare(std::string(kSeriesColumns) + "WHERE department_id = ?1 AND (?2 = 0 OR cancelled = 0) ORDER BY id");
  select.bind(1, std::string(department_id));
  select.bind(2, active_only ? 1 : 0);
  return read_all(select);
}

std::vector<MeetingSeriesRecord> MeetingRepository::active() {
  auto& select = db_.prepare(std::string(kSeriesColumns) + "WHERE cancelled = 0 ORDER BY id");
  return read_all(select);
}

void MeetingRepository::set_change(std::int64_t series_id, const MeetingChangeRecord& change) {
  auto& upsert = db_.prepare(
      "INSERT INTO meeting_changes(series_id, occurrence, moved_to, duration_minutes) VALUES (?1, ?2, ?3, ?4)"
      " ON CONFLICT (series_id, occurrence) DO UPDATE SET moved_to = ?3, duration_minutes = ?4");
  upsert.bind(1, static_cast<std::int64_t>(series_id));
  upsert.bind(2, change.occurrence);
  change.moved_to ? upsert.bind(3, *change.moved_to) : upsert.bind(3);
  change.duration_minutes ? upsert.bind(4, *change.duration_minutes) : upsert.bind(4);
  upsert.exec();
}

std::vector<MeetingChangeRecord> MeetingRepository::changes(std::int64_t series_id) {
  auto& select = db_.prepare(
      "SELECT occurrence, moved_to, duration_minutes FROM meeting_changes WHERE series_id = ? ORDER BY occurrence");
  select.bind(1, static_cast<std::int64_t>(series_id));
  std::vector<MeetingChangeRecord> out;
  while (select.executeStep()) {
    MeetingChangeRecord change;
    change.occurrence = select.getColumn(0).getString();
    if (!select.getColumn(1).isNull()) change.moved_to = select.getColumn(1).getString();
    if (!select.getColumn(2).isNull()) change.duration_minutes = select.getColumn(2).getInt();
    out.push_back(std::move(change));
  }
  return out;
}

void MeetingRepository::set_rsvp(std::int64_t series_id, const RsvpRecord& rsvp) {
  auto& upsert = db_.prepare(
      "INSERT INTO meeting_rsvps(series_id, occurrence, platform, workspace, user_id, name, answer, updated_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (series_id, occurrence, platform, workspace, user_id)"
      " DO UPDATE SET name = ?6, answer = ?7, updated_at = ?8");
  upsert.bind(1, static_cast<std::int64_t>(series_id));
  upsert.bind(2, rsvp.occurrence);
  upsert.bind(3, rsvp.person.platform);
  upsert.bind(4, rsvp.person.workspace);
  upsert.bind(5, rsvp.person.user_id);
  upsert.bind(6, rsvp.person.name);
  upsert.bind(7, rsvp.answer);
  upsert.bind(8, static_cast<std::int64_t>(rsvp.updated_at_ms));
  upsert.exec();
}

std::vector<RsvpRecord> MeetingRepository::rsvps(std::int64_t series_id, std::string_view occurrence) {
  auto& select = db_.prepare(
      "SELECT occurrence, platform, workspace, user_id, name, answer, updated_at FROM meeting_rsvps"
      " WHERE series_id = ? AND occurrence = ? ORDER BY name, user_id");
  select.bind(1, static_cast<std::int64_t>(series_id));
  select.bind(2, std::string(occurrence));
  std::vector<RsvpRecord> out;
  while (select.executeStep()) {
    RsvpRecord r;
    r.occurrence = select.getColumn(0).getString();
    r.person = {select.getColumn(1).getString(), select.getColumn(2).getString(), select.getColumn(3).getString(),
                select.getColumn(4).getString()};
    r.answer = select.getColumn(5).getString();
    r.updated_at_ms = select.getColumn(6).getInt64();
    out.push_back(std::move(r));
  }
  return out;
}

std::optional<std::string> MeetingRepository::rsvp_of(std::int64_t series_id, std::string_view occurrence,
                                                      const Person& person) {
  auto& select = db_.prepare(
      "SELECT answer FROM meeting_rsvps WHERE series_id = ? AND occurrence = ? AND platform = ? AND workspace = ?"
      " AND user_id = ?");
  select.bind(1, static_cast<std::int64_t>(series_id));
  select.bind(2, std::string(occurrence));
  select.bind(3, person.platform);
  select.bind(4, person.workspace);
  select.bind(5, person.user_id);
  if (!select.executeStep()) return std::nullopt;
  auto answer = select.getColumn(0).getString();
  select.reset();
  return answer;
}

std::int64_t MeetingRepository::add_note(const MeetingNoteRecord& note) {
  auto& insert =
      db_.prepare("INSERT INTO meeting_notes(series_id, occurrence, text, author, created_at) VALUES (?,?,?,?,?)");
  insert.bind(1, static_cast<std::int64_t>(note.series_id));
  insert.bind(2, note.occurrence);
  insert.bind(3, note.text);
  insert.bind(4, note.author);
  insert.bind(5, static_cast<std::int64_t>(note.created_at_ms));
  insert.exec();
  return db_.last_insert_id();
}

std::vector<MeetingNoteRecord> MeetingRepository::notes(std::int64_t series_id) {
  auto& select = db_.prepare(
      "SELECT id, series_id, occurrence, text, author, created_at FROM meeting_notes WHERE series_id = ?"
      " ORDER BY occurrence, id");
  select.bind(1, static_cast<std::int64_t>(series_id));
  std::vector<MeetingNoteRecord> out;
  while (select.executeStep()) {
    out.push_back({select.getColumn(0).getInt64(), select.getColumn(1).getInt64(), select.getColumn(2).getString(),
                   select.getColumn(3).getString(), select.getColumn(4).getString(), select.getColumn(5).getInt64()});
  }
  return out;
}

void MeetingRepository::set_calendar_token_hash(std::string_view department_id, std::string_view hash,
                                                std::int64_t now_ms) {
  auto& upsert = db_.prepare(
      "INSERT INTO calendar_tokens(department_id, token_hash, created_at) VALUES (?1, ?2, ?3)"
      " ON CONFLICT (department_id) DO UPDATE SET token_hash = ?2, created_at = ?3");
  upsert.bind(1, std::string(department_id));
  upsert.bind(2, std::string(hash));
  upsert.bind(3, static_cast<std::int64_t>(now_ms));
  upsert.exec();
}

std::optional<std::string> MeetingRepository::calendar_token_hash(std::string_view department_id) {
  auto& select = db_.prepare("SELECT token_hash FROM calendar_tokens WHERE department_id = ?");
  select.bind(1, std::string(department_id));
  if (!select.executeStep()) return std::nullopt;
  auto hash = select.getColumn(0).getString();
  select.reset();
  return hash;
}

}  // namespace ambassador::storage
