#include "bot/rhythm/intervision_commands.hpp"

#include <algorithm>
#include <map>

#include "bot/rhythm/intervision_desk.hpp"
#include "bot/speaker.hpp"
#include "config/checks.hpp"
#include "encoding/utf8.hpp"

namespace ambassador::rhythm {
namespace {
using i18n::Msg;

constexpr bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// "skip 2027-02-09" → {"skip", "2027-02-09"}, the word lowercased.
std::pair<std::string, std::string_view> first_word(std::string_view text) {
  text = trim(text);
  std::size_t end = 0;
  while (end < text.size() && !is_space(text[end])) ++end;
  std::string word(text.substr(0, end));
  for (char& c : word)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return {word, trim(text.substr(end))};
}

bool one_of(std::string_view word, std::initializer_list<std::string_view> words) {
  for (auto w : words)
    if (w == word) return true;
  return false;
}

IntervisionDesk desk_of(Conversation& c) { return IntervisionDesk(c.db(), c.config(), c.clock(), c.outbox()); }

void reply_refusal(Conversation& c, const DeskResult& result, std::string_view date = {}) {
  switch (result.refusal) {
    case Refusal::none:
      return c.reply(Msg::intervision_done);
    case Refusal::not_lead:
      return c.reply(Msg::intervision_only_lead);
    case Refusal::already_planned:
      return c.reply(Msg::intervision_already_planned);
    case Refusal::no_series:
      return c.reply(Msg::intervision_none);
    case Refusal::no_such_meeting:
      return c.reply(Msg::intervision_no_such_meeting, {{"date", date}});
    case Refusal::no_past_meeting:
      return c.reply(Msg::intervision_no_past_meeting);
    case Refusal::started:
    case Refusal::gone:
      return c.reply(Msg::rsvp_gone);
    case Refusal::invalid:
      return c.reply(result.problem->message, result.problem->args);
  }
}

void show_next(Conversation& c, const std::string& department) {
  auto desk = desk_of(c);
  const auto meeting = desk.next(department);
  if (!meeting) return c.reply(Msg::intervision_none);
  storage::MeetingRepository meetings(c.db());
  const auto answer = meetings.rsvp_of(meeting->series.id, meeting->occurrence.occurrence, speaker_of(c));
  const std::string location =
      meeting->series.location.empty()
          ? std::string{}
          : " " + c.text(Msg::intervision_at_location, {{"location", meeting->series.location}});
  c.reply(Msg::intervision_next, {{"when", desk.when(department, meeting->occurrence.local_start)},
                                  {"location", location},
                                  {"answer", desk.answer_label(department, answer.value_or(""))}});
}

void show_who(Conversation& c, const std::string& department) {
  auto desk = desk_of(c);
  const auto meeting = desk.next(department);
  if (!meeting) return c.reply(Msg::intervision_none);
  std::map<std::string, std::vector<std::string>> names;
  for (const auto& rsvp : storage::MeetingRepository(c.db()).rsvps(meeting->series.id, meeting->occurrence.occurrence))
    names[rsvp.answer].push_back(rsvp.person.name.empty() ? rsvp.person.user_id : rsvp.person.name);
  auto list = [&](const std::string& answer) {
    const auto& people = names[answer];
    std::string out = std::to_string(people.size());
    for (std::size_t i = 0; i < people.size(); ++i) out += (i == 0 ? " (" : ", ") + people[i];
    return people.empty() ? out : out + ")";
  };
  c.reply(Msg::intervision_who, {{"when", desk.when(department, meeting->occurrence.local_start)},
                                 {"going", list("going")},
                                 {"maybe", list("maybe")},
                                 {"not_going", list("not_going")}});
}

// "2027-02-09 to 2027-02-10 16:00", "2027-02-09 naar 16:00" (the same day) → {date, new local start}.
std::optional<std::pair<std::string, LocalTime>> read_move(std::string_view args) {
  auto [date, rest] = first_word(args);
  auto [to, rest2] = first_word(rest);
  if (!one_of(to, {"to", "naar"})) return std::nullopt;
  auto [day, rest3] = first_word(rest2);
  auto [time, rest4] = first_word(rest3);
  if (time.empty() && config::checks::is_clock_time(day)) std::swap(day, time), day = date;
  if (!rest4.empty() || !config::checks::is_iso_date(date) || !config::checks::is_iso_date(day) ||
      !config::checks::is_clock_time(time))
    return std::nullopt;
  return std::pair{date, day + "T" + time};
}

void lead_command(Conversation& c, const std::string& department, const std::string& word, std::string_view rest,
                  std::string_view whole) {
  auto desk = desk_of(c);
  const auto person = speaker_of(c);
  if (!desk.is_lead(department, person)) return c.reply(Msg::intervision_only_lead);
  if (auto impossible = impossible_date_or_time(rest)) return c.reply(impossible->message, impossible->args);
  if (one_of(word, {"who", "wie"})) return show_who(c, department);
  if (one_of(word, {"cancel", "annuleer", "annuleren"})) return reply_refusal(c, desk.cancel(department));
  if (one_of(word, {"skip", "overslaan", "sla"})) {
    auto [date, extra] = first_word(rest);
    if (date == "over") std::tie(date, extra) = first_word(extra);  // "sla 2027-02-09 over" reads as well
    if (!config::checks::is_iso_date(date)) return c.reply(Msg::intervision_date_usage);
    return reply_refusal(c, desk.skip(department, date), date);
  }
  if (one_of(word, {"move", "verplaats", "verplaatsen"})) {
    const auto move = read_move(rest);
    if (!move) return c.reply(Msg::intervision_move_usage);
    return reply_refusal(c, desk.move(department, move->first, move->second), move->first);
  }
  if (one_of(word, {"change", "wijzig", "wijzigen"})) {
    auto [from, after] = first_word(rest);
    auto [date, form_text] = first_word(after);
    if (!one_of(from, {"from", "vanaf"}) || !config::checks::is_iso_date(date))
      return c.reply(Msg::intervision_form_usage);
    // The form's own "from" is the change's date: a placeholder satisfies the parser and is replaced.
    auto form = parse_intervision_form(std::string(form_text) + " from " + date);
    if (auto* error = std::get_if<FormError>(&form)) return c.reply(error->message, error->args);
    return reply_refusal(c, desk.change_from(department, date, std::get<IntervisionForm>(form)), date);
  }
  if (one_of(word, {"notes", "notities", "notitie", "note"})) {
    const auto text = encoding::sanitize_utf8(rest);
    if (text.empty() || text.size() > kMaxNotesBytes) return c.reply(Msg::intervision_notes_usage);
    const auto result = desk.add_notes(department, text, person.name);
    if (!result.ok()) return reply_refusal(c, result);
    return c.reply(Msg::intervision_notes_saved,
                   {{"when", desk.when(department, result.meeting->occurrence.local_start)}});
  }
  // Anything else is a schedule: "every 2 weeks on tuesday ..." (optionally after "schedule"/"plan").
  if (one_of(word, {"schedule", "plan", "plannen"})) whole = rest;
  auto form = parse_intervision_form(whole);
  if (auto* error = std::get_if<FormError>(&form)) return c.reply(error->message, error->args);
  const auto result = desk.schedule(department, std::get<IntervisionForm>(form), person.name);
  reply_refusal(c, result);
}

void intervision(const Command& command, Conversation& c) {
  const std::string department = c.channel_department();
  if (department.empty()) return c.reply(Msg::intervision_only_in_department);
  const auto [word, rest] = first_word(command.args);
  if (word.empty()) return show_next(c, department);
  if (one_of(word, {"help", "hulp", "?"})) return c.reply(Msg::intervision_usage);
  lead_command(c, department, word, rest, trim(command.args));
}

// The reminder's buttons: "<series>|<occurrence>|<answer>".
void rsvp(Conversation& c) {
  const auto& value = c.event().action_value;
  const auto first = value.find('|');
  const auto second = value.rfind('|');
  if (first == std::string::npos || second == first) return c.reply(Msg::rsvp_gone);
  const auto answer = value.substr(second + 1);
  std::int64_t series_id = 0;
  try {
    series_id = std::stoll(value.substr(0, first));
  } catch (const std::exception&) {
    return c.reply(Msg::rsvp_gone);
  }
  if (std::find(kAnswers.begin(), kAnswers.end(), answer) == kAnswers.end()) return c.reply(Msg::rsvp_gone);
  auto desk = desk_of(c);
  const auto series = storage::MeetingRepository(c.db()).find(series_id);
  // Only the department's own people answer: in its channel, or as one of its ambassadors.
  const auto ambassador = c.ambassador();
  if (!series || (c.channel_department() != series->department_id &&
                  !(ambassador && ambassador->department_id == series->department_id)))
    return c.reply(Msg::rsvp_gone);
  const auto result = desk.answer(series_id, value.substr(first + 1, second - first - 1), speaker_of(c), answer);
  const auto& department = series->department_id;
  if (result.refusal == Refusal::started)
    return c.reply(Msg::rsvp_closed, {{"when", desk.when(department, result.meeting->occurrence.local_start)}});
  if (!result.ok()) return c.reply(Msg::rsvp_gone);
  c.reply(Msg::rsvp_saved, {{"answer", desk.answer_label(department, answer)},
                            {"when", desk.when(department, result.meeting->occurrence.local_start)}});
}

}  // namespace

void register_intervision_commands(EventDispatcher& dispatcher, std::function<void()> meetings_changed) {
  dispatcher.on_command(CommandName::intervision, [meetings_changed](const Command& command, Conversation& c) {
    intervision(command, c);
    meetings_changed();
  });
  dispatcher.on_action("intervision.rsvp", [](Conversation& c) { rsvp(c); });
}

}  // namespace ambassador::rhythm
