#include "bot/webcare/question_desk.hpp"

#include <algorithm>
#include <cstdio>

#include <spdlog/spdlog.h>

#include "bot/content/time_parsing.hpp"
#include "bot/webcare/pii_masker.hpp"
#include "bot/webcare/question_routing.hpp"
#include "bot/webcare/sla_clock.hpp"
#include "config/person_address.hpp"
#include "storage/ambassador_repository.hpp"
#include "storage/transaction.hpp"

namespace ambassador::webcare {
namespace {
using i18n::Msg;

Msg priority_name(std::string_view priority) {
  if (priority == "high") return Msg::priority_high;
  if (priority == "low") return Msg::priority_low;
  return Msg::priority_normal;
}

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

std::string display_name(const storage::Person& person) { return person.name.empty() ? person.user_id : person.name; }

}  // namespace

QuestionDesk::QuestionDesk(storage::Connection& db, const config::Config& config, const Clock& clock,
                           OutboxWriter& outbox)
    : db_(db), config_(config), clock_(clock), outbox_(outbox), questions_(db), directory_(db) {}

// ---- intake -------------------------------------------------------------------------------------------------

std::string QuestionDesk::next_reference(std::string_view kind) {
  const std::string& prefix = kind == "question" ? config_.webcare.reference_prefix : config_.webcare.signal_prefix;
  const std::string date = content::local_date(clock_.now_ms(), config_.organisation.time_zone);
  const int year = std::stoi(date.substr(0, 4));
  const int number = questions_.next_number(prefix, year);
  std::string digits = std::to_string(number);
  if (digits.size() < 4) digits.insert(0, 4 - digits.size(), '0');
  return prefix + "-" + std::to_string(year) + "-" + digits;
}

Opened QuestionDesk::open(const NewQuestion& request) {
  Opened opened;
  storage::QuestionRecord& q = opened.question;
  const auto now = clock_.now_ms();
  q.kind = request.kind;
  q.reference = next_reference(request.kind);
  q.source = request.form.source;
  q.link = request.form.link;
  q.text = request.form.text;
  q.masked_text = mask_personal_data(q.text).text;
  q.topic = request.form.topic;
  q.priority = request.form.priority;
  q.owner = request.owner;
  q.origin = request.origin;
  if (q.origin.empty()) {
    const auto webcare = directory_.linked_channels_with_purpose("webcare");
    if (!webcare.empty()) q.origin = {webcare.front().platform, webcare.front().workspace, webcare.front().channel_id};
  }
  q.created_at_ms = now;
  q.request_key = request.request_key;
  const Route route = route_topic(config_, q.topic);
  q.theme = route.theme;
  q.department_id = request.department_id.empty() ? route.department_id : request.department_id;
  opened.routed_by_default = request.department_id.empty() && !route.matched;
  start_clock(q);
  q.id = questions_.insert(q);
  log(q, "created", display_name(q.owner), q.source);
  route_and_post(q, "routed", "");
  return opened;
}

void QuestionDesk::start_clock(storage::QuestionRecord& q) {
  const auto calendar = BusinessCalendar::of_department(config_, q.department_id);
  SlaClock(sla_for(config_.webcare, q.kind, q.priority), calendar, config_.webcare.reminder_percent)
      .start(q, clock_.now_ms());
}

// Posts the question where its department handles it; with no channel to post in, it is escalated at once.
void QuestionDesk::route_and_post(storage::QuestionRecord& q, const std::string& event_kind, const std::string& actor) {
  log(q, event_kind, actor, q.department_id);
  const auto channels = handling_channels(q);
  for (const auto& channel : channels) to_channel(channel, question_message(q, language_of(channel.department_id)));
  if (channels.empty()) escalate(q, true);
  questions_.update(q);
}

std::vector<storage::ChannelRecord> QuestionDesk::handling_channels(const storage::QuestionRecord& q) {
  if (q.kind == "complaint") return directory_.linked_channels_with_purpose("webcare");
  auto channels = directory_.channels_of_department(q.department_id, q.kind == "lead" ? "leads" : "experts");
  if (channels.empty()) channels = directory_.channels_of_department(q.department_id, "ambassadors");
  return channels;
}

OutgoingMessage QuestionDesk::question_message(const storage::QuestionRecord& q, i18n::Language language) {
  auto text = [&](Msg msg, const i18n::Args& args = {}) { return i18n::translate(language, msg, args); };
  OutgoingMessage message;
  if (q.kind == "question") {
    message.title =
        text(Msg::webcare_question_title, {{"reference", q.reference}, {"priority", text(priority_name(q.priority))}});
  } else {
    message.title =
        text(q.kind == "lead" ? Msg::signal_lead_title : Msg::signal_complaint_title, {{"reference", q.reference}});
  }
  // Experts on the question's theme first, then the department's other experts.
  std::vector<storage::AmbassadorRecord> experts;
  for (auto& ambassador : storage::AmbassadorRepository(db_).list_by_department(q.department_id)) {
    const bool expert = std::find(ambassador.roles.begin(), ambassador.roles.end(), "expert") != ambassador.roles.end();
    if (expert && ambassador.active()) experts.push_back(std::move(ambassador));
  }
  std::stable_partition(experts.begin(), experts.end(), [&](const auto& a) {
    return !q.theme.empty() && std::find(a.themes.begin(), a.themes.end(), q.theme) != a.themes.end();
  });
  std::vector<std::string> names;
  for (const auto& expert : experts) names.push_back(expert.display_name);
  message.text = q.masked_text;
  if (q.kind == "question" && !names.empty())
    message.text = text(Msg::webcare_experts, {{"names", join_names(names)}}) + "\n\n" + message.text;
  message.link_url = q.link;
  const auto deadline = q.due_at_ms ? local_time(*q.due_at_ms, q.department_id) : std::string{};
  if (q.kind == "question") {
    message.footer = q.due_at_ms ? text(Msg::webcare_question_footer, {{"source", q.source}, {"deadline", deadline}})
                                 : text(Msg::webcare_question_footer_no_deadline, {{"source", q.source}});
  } else {
    // A signal's source is an ambassador's own network, and who that was stays with the ambassador.
    if (q.due_at_ms) message.footer = text(Msg::signal_footer, {{"deadline", deadline}}) + " ";
    message.footer += text(Msg::signal_close_hint, {{"reference", q.reference}});
  }
  message.buttons.push_back({text(Msg::webcare_button_claim), {}, "webcare.claim", q.reference, ButtonStyle::primary});
  if (q.kind == "question")
    message.buttons.push_back({text(Msg::webcare_button_notmine), {}, "webcare.notmine", q.reference, {}});
  return message;
}

// ---- actions ------------------------------------------------------------------------------------------------

std::optional<storage::QuestionRecord> QuestionDesk::find(std::string_view reference, ActionResult& result) {
  auto q = questions_.find_by_reference(reference);
  result.outcome = q ? Outcome::done : Outcome::unknown;
  if (q) result.question = *q;
  return q;
}

bool QuestionDesk::may_handle(const storage::QuestionRecord& q, const Actor& actor) {
  if (actor.channel && actor.channel->department_id == q.department_id && !q.department_id.empty()) return true;
  if (q.kind == "complaint") return is_webcare(q, actor);
  const auto ambassador = storage::AmbassadorRepository(db_).find_by_identity(
      {actor.person.platform, actor.person.workspace, actor.person.user_id});
  if (ambassador && ambassador->active() && ambassador->department_id == q.department_id) return true;
  const auto* department = config_.find_department(q.department_id);
  if (!department) return false;
  auto listed = [&](const std::string& address) {
    std::string why;
    const auto parsed = config::parse_person_address(address, why);
    return parsed && parsed->platform == actor.person.platform && parsed->workspace == actor.person.workspace &&
           parsed->user_id == actor.person.user_id;
  };
  return std::any_of(department->backup_contacts.begin(), department->backup_contacts.end(), listed) ||
         listed(department->lead);
}

bool QuestionDesk::is_webcare(const storage::QuestionRecord& q, const Actor& actor) const {
  if (actor.is_webcare) return true;
  if (!q.owner.empty() && q.owner.same_as(actor.person)) return true;
  return actor.channel && actor.channel->purpose == "webcare";
}

ActionResult QuestionDesk::claim(std::string_view reference, const Actor& actor) {
  ActionResult result;
  auto q = find(reference, result);
  if (!q) return result;
  if (q->status == "closed") return {Outcome::closed, *q, {}};
  if (q->status == "answered") return {Outcome::answered, *q, {}};
  if (!may_handle(*q, actor)) return {Outcome::not_allowed, *q, {}};
  const auto now = clock_.now_ms();
  if (!questions_.claim(q->id, actor.person, now)) return {Outcome::taken, *q, {}};
  q = questions_.find(q->id);
  const auto calendar = BusinessCalendar::of_department(config_, q->department_id);
  SlaClock(sla_for(config_.webcare, q->kind, q->priority), calendar, config_.webcare.reminder_percent).claimed(*q, now);
  questions_.update(*q);
  log(*q, "claimed", display_name(actor.person), "");
  // The full text, personal data included, goes to the claimant alone, as a direct message they can work from.
  OutgoingMessage full;
  full.text = i18n::translate(language_of(q->department_id), Msg::webcare_claim_ok,
                              {{"reference", q->reference}, {"text", q->text}});
  to_person(actor.person, full);
  for (const auto& channel : handling_channels(*q)) {
    OutgoingMessage note;
    note.text = i18n::translate(language_of(channel.department_id), Msg::webcare_claimed_in_channel,
                                {{"name", display_name(actor.person)}, {"reference", q->reference}});
    to_channel(channel, note);
  }
  if (q->kind == "question") {
    OutgoingMessage relay;
    relay.text = i18n::translate(webcare_language(*q), Msg::webcare_claim_relay,
                                 {{"reference", q->reference},
                                  {"name", display_name(actor.person)},
                                  {"department", department_name(q->department_id)}});
    to_webcare(*q, relay);
  }
  return {Outcome::done, *q, {}};
}

ActionResult QuestionDesk::answer(std::string_view reference, const Actor& actor, std::string_view text) {
  ActionResult result;
  auto q = find(reference, result);
  if (!q) return result;
  if (q->status == "closed") return {Outcome::closed, *q, {}};
  if (q->status == "answered") return {Outcome::answered, *q, {}};
  if (q->kind != "question") return {Outcome::signal, *q, {}};
  if (!may_handle(*q, actor)) return {Outcome::not_allowed, *q, {}};
  const auto now = clock_.now_ms();
  if (q->status == "open") {
    // Answering an open question claims it on the way: exactly one person ends up owning the answer.
    if (!questions_.claim(q->id, actor.person, now)) return {Outcome::taken, *q, {}};
    q = questions_.find(q->id);
    log(*q, "claimed", display_name(actor.person), "");
  } else if (!q->claimant.same_as(actor.person)) {
    return {Outcome::taken, *q, {}};
  }
  q->answer = std::string(text);
  q->masked_answer = mask_personal_data(text).text;
  q->answered_by = display_name(actor.person);
  q->answered_at_ms = now;
  q->status = "answered";
  SlaClock::stop(*q);
  questions_.update(*q);
  log(*q, "answered", q->answered_by, "");
  const auto department = department_name(q->department_id);
  const auto language = webcare_language(*q);
  auto relay = [&](const std::string& answer) {
    OutgoingMessage message;
    message.text = i18n::translate(
        language, Msg::webcare_answer_relay,
        {{"reference", q->reference}, {"name", q->answered_by}, {"department", department}, {"answer", answer}});
    message.buttons.push_back(
        {i18n::translate(language, Msg::webcare_button_close), {}, "webcare.close", q->reference, {}});
    return message;
  };
  if (!q->owner.empty()) to_person(q->owner, relay(q->answer));
  to_webcare(*q, relay(q->masked_answer));
  return {Outcome::done, *q, {}};
}

ActionResult QuestionDesk::close(std::string_view reference, const Actor& actor) {
  ActionResult result;
  auto q = find(reference, result);
  if (!q) return result;
  if (q->status == "closed") return {Outcome::closed, *q, {}};
  const bool signal = q->kind != "question";
  const bool allowed = signal ? (q->claimant.same_as(actor.person) || may_handle(*q, actor) || is_webcare(*q, actor))
                              : is_webcare(*q, actor);
  if (!allowed) return {Outcome::not_allowed, *q, {}};
  q->status = "closed";
  q->closed_at_ms = clock_.now_ms();
  SlaClock::stop(*q);
  questions_.update(*q);
  log(*q, "closed", display_name(actor.person), "");
  for (const auto& channel : handling_channels(*q)) {
    OutgoingMessage note;
    note.text = i18n::translate(language_of(channel.department_id), Msg::webcare_closed_in_channel,
                                {{"reference", q->reference}});
    to_channel(channel, note);
  }
  if (signal && !q->owner.empty()) {
    // The ambassador hears that it was handled, not how: the details may concern others.
    OutgoingMessage thanks;
    thanks.text = i18n::translate(language_of(q->department_id), Msg::signal_handled, {{"reference", q->reference}});
    to_person(q->owner, thanks);
  }
  return {Outcome::done, *q, {}};
}

ActionResult QuestionDesk::follow_up(std::string_view reference, const Actor& actor, std::string_view text) {
  ActionResult result;
  auto q = find(reference, result);
  if (!q) return result;
  if (q->status == "closed") return {Outcome::closed, *q, {}};
  if (!is_webcare(*q, actor)) return {Outcome::not_allowed, *q, {}};
  if (q->status == "answered") {
    q->status = q->claimant.empty() ? "open" : "claimed";
    start_clock(*q);  // the thread continues under the same SLA rules, counted from now
    questions_.update(*q);
  }
  log(*q, "sent_back", display_name(actor.person), text);
  const std::string masked = mask_personal_data(text).text;
  auto relay = [&](i18n::Language language, const std::string& body) {
    OutgoingMessage message;
    message.text =
        i18n::translate(language, Msg::webcare_followup_relay, {{"reference", q->reference}, {"text", body}});
    return message;
  };
  if (!q->claimant.empty()) to_person(q->claimant, relay(language_of(q->department_id), std::string(text)));
  for (const auto& channel : handling_channels(*q))
    to_channel(channel, relay(language_of(channel.department_id), masked));
  return {Outcome::done, *q, {}};
}

ActionResult QuestionDesk::reroute(std::string_view reference, const Actor& actor, std::string_view reason) {
  ActionResult result;
  auto q = find(reference, result);
  if (!q) return result;
  if (q->status == "closed") return {Outcome::closed, *q, {}};
  if (q->status == "answered") return {Outcome::answered, *q, {}};
  if (q->kind != "question" || !may_handle(*q, actor)) return {Outcome::not_allowed, *q, {}};
  const std::string from = q->department_id;
  const Route route = route_topic(config_, reason, from);
  q->department_id = route.department_id;
  if (!route.theme.empty()) q->theme = route.theme;
  q->status = "open";
  q->claimant = {};
  q->claimed_at_ms.reset();
  q->escalation_level = 0;
  start_clock(*q);
  questions_.update(*q);
  log(*q, "rerouted", display_name(actor.person), reason);
  route_and_post(*q, "routed", display_name(actor.person));
  OutgoingMessage relay;
  relay.text = i18n::translate(webcare_language(*q), Msg::webcare_rerouted_relay,
                               {{"reference", q->reference},
                                {"name", display_name(actor.person)},
                                {"from", department_name(from)},
                                {"department", department_name(q->department_id)},
                                {"reason", mask_personal_data(reason).text}});
  to_webcare(*q, relay);
  return {Outcome::done, *q, q->department_id};
}

// ---- the timer ----------------------------------------------------------------------------------------------

int QuestionDesk::run_due(std::size_t limit) {
  const auto now = clock_.now_ms();
  auto due = questions_.due(now, limit);
  for (auto& q : due) {
    // One question that cannot be handled (a department's calendar the config no longer allows) must not hold up
    // every other deadline: its own changes are undone and it is looked at again later.
    storage::Savepoint savepoint(db_, "webcare_question");
    try {
      run_step(q, now);
      savepoint.release();
    } catch (const std::exception& e) {
      savepoint.roll_back();
      spdlog::error("webcare: {} could not be handled ({}); trying again in 5 minutes", q.reference, e.what());
      questions_.postpone(q.id, now + kRetryFailedStepMs);
    }
  }
  return static_cast<int>(due.size());
}

void QuestionDesk::run_step(storage::QuestionRecord& q, std::int64_t now) {
  const bool deadline_passed = q.due_at_ms && *q.due_at_ms <= now;
  if (deadline_passed) {
    // A reminder that was due too (the service was down) is skipped: the escalation says more.
    escalate(q, false);
  } else if (q.remind_at_ms && *q.remind_at_ms <= now) {
    remind(q);
  } else {
    SlaClock::reminded(q);  // nothing due after all (a stale mark): just recompute when to look again
  }
  questions_.update(q);
}

void QuestionDesk::remind(storage::QuestionRecord& q) {
  SlaClock::reminded(q);
  log(q, "reminded", "", q.due_stage);
  const bool claim = q.due_stage == "claim";
  for (const auto& channel : handling_channels(q)) {
    OutgoingMessage message;
    message.text = i18n::translate(
        language_of(channel.department_id), claim ? Msg::webcare_reminder_claim : Msg::webcare_reminder_answer,
        {{"reference", q.reference}, {"deadline", local_time(*q.due_at_ms, q.department_id)}});
    if (claim)
      message.buttons.push_back({i18n::translate(language_of(channel.department_id), Msg::webcare_button_claim),
                                 {},
                                 "webcare.claim",
                                 q.reference,
                                 ButtonStyle::primary});
    to_channel(channel, message);
  }
}

// One level up: the backup contacts, then the lead; a level nobody is configured for is skipped. With nobody
// left, the programme's admins are told. `channel_gone`: there was no channel to post the question in at all.
void QuestionDesk::escalate(storage::QuestionRecord& q, bool channel_gone) {
  const auto* department = config_.find_department(q.department_id);
  std::vector<std::string> addresses;
  int level = q.escalation_level;
  while (addresses.empty() && level < kLastEscalationLevel) {
    ++level;
    if (!department) continue;
    if (level == 1) addresses = department->backup_contacts;
    if (level == 2 && !department->lead.empty()) addresses = {department->lead};
  }
  const auto language = language_of(q.department_id);
  std::vector<std::string> names;
  for (const auto& address : addresses) {
    std::string why;
    const auto parsed = config::parse_person_address(address, why);
    if (!parsed) continue;
    storage::Person person{parsed->platform, parsed->workspace, parsed->user_id, parsed->user_id};
    if (auto known =
            storage::AmbassadorRepository(db_).find_by_identity({person.platform, person.workspace, person.user_id}))
      person.name = known->display_name;
    names.push_back(person.name);
  }
  const std::string stage = q.due_stage.empty() ? "claim" : q.due_stage;
  log(q, "escalated", "", stage + ": " + (names.empty() ? "-" : join_names(names)));
  const auto reference_args = i18n::Args{{"reference", q.reference}, {"department", department_name(q.department_id)}};
  if (channel_gone) to_admins(Msg::webcare_channel_gone, reference_args);
  if (names.empty()) {
    to_admins(Msg::webcare_escalation_nobody, reference_args);
  } else {
    for (const auto& address : addresses) {
      std::string why;
      const auto parsed = config::parse_person_address(address, why);
      if (!parsed) continue;
      OutgoingMessage request = question_message(q, language);
      request.title = i18n::translate(language, Msg::webcare_escalation_request, reference_args);
      to_person({parsed->platform, parsed->workspace, parsed->user_id, {}}, request);
    }
    for (const auto& channel : handling_channels(q)) {
      OutgoingMessage note;
      note.text = i18n::translate(language_of(channel.department_id), Msg::webcare_escalated,
                                  {{"reference", q.reference}, {"who", join_names(names)}});
      to_channel(channel, note);
    }
  }
  q.escalation_level = names.empty() ? kLastEscalationLevel - 1 : level - 1;
  if (q.due_stage.empty()) q.due_stage = stage;
  const auto calendar = BusinessCalendar::of_department(config_, q.department_id);
  SlaClock(sla_for(config_.webcare, q.kind, q.priority), calendar, config_.webcare.reminder_percent)
      .escalated(q, clock_.now_ms());
}

// ---- messages -----------------------------------------------------------------------------------------------

void QuestionDesk::log(const storage::QuestionRecord& q, std::string_view kind, std::string_view actor,
                       std::string_view detail) {
  event_id_ = questions_.add_event(q.id, clock_.now_ms(), kind, actor, detail, q.department_id);
  sequence_ = 0;
}

void QuestionDesk::send(const Destination& to, const OutgoingMessage& message) {
  outbox_.queue("webcare:" + std::to_string(event_id_) + ":" + std::to_string(sequence_++), to, message);
}

void QuestionDesk::to_channel(const storage::ChannelRecord& channel, const OutgoingMessage& message) {
  Destination to;
  to.platform = channel.platform;
  to.workspace = channel.workspace;
  to.channel_id = channel.channel_id;
  send(to, message);
}

void QuestionDesk::to_person(const storage::Person& person, const OutgoingMessage& message) {
  Destination to;
  to.platform = person.platform;
  to.workspace = person.workspace;
  to.user_id = person.user_id;
  send(to, message);
}

void QuestionDesk::to_webcare(const storage::QuestionRecord& q, const OutgoingMessage& message) {
  if (q.kind != "question") return;
  if (q.origin.empty()) return;
  Destination to;
  to.platform = q.origin.platform;
  to.workspace = q.origin.workspace;
  to.channel_id = q.origin.channel_id;
  send(to, message);
}

void QuestionDesk::to_admins(Msg msg, const i18n::Args& args) {
  for (const auto& channel : directory_.linked_channels_with_purpose("admins")) {
    OutgoingMessage message;
    message.text = i18n::translate(language_of(channel.department_id), msg, args);
    to_channel(channel, message);
  }
}

i18n::Language QuestionDesk::language_of(std::string_view department_id) const {
  const auto* department = config_.find_department(department_id);
  return i18n::language_or_default(department ? department->language : config_.organisation.language);
}

// The language of the webcare channel the question came from.
i18n::Language QuestionDesk::webcare_language(const storage::QuestionRecord& q) {
  const auto channel = directory_.channel(q.origin.platform, q.origin.workspace, q.origin.channel_id);
  return language_of(channel ? channel->department_id : std::string{});
}

std::string QuestionDesk::department_name(std::string_view department_id) const {
  const auto* department = config_.find_department(department_id);
  return department ? department->name : std::string(department_id);
}

std::string QuestionDesk::local_time(std::int64_t utc_ms, std::string_view department_id) const {
  const auto* department = config_.find_department(department_id);
  const std::string zone = department ? department->time_zone : config_.organisation.time_zone;
  const auto day = content::local_day(utc_ms, zone);
  char clock_text[16];
  std::snprintf(clock_text, sizeof clock_text, "%02d:%02d", day.minute_of_day / 60, day.minute_of_day % 60);
  const std::string date = content::local_date(utc_ms, zone);
  if (date == content::local_date(clock_.now_ms(), zone)) return clock_text;
  return date + " " + clock_text;
}

}  // namespace ambassador::webcare
