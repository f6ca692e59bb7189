#include "bot/webcare/webcare_commands.hpp"

#include "bot/content/content_commands.hpp"
#include "bot/speaker.hpp"
#include "bot/webcare/question_desk.hpp"
#include "encoding/utf8.hpp"

namespace ambassador::webcare {
namespace {
using i18n::Msg;

constexpr bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// "W-2027-0042: the rest" → {"W-2027-0042", "the rest"}; the colon is optional.
std::pair<std::string, std::string> reference_and_text(std::string_view args) {
  args = trim(args);
  std::size_t end = 0;
  while (end < args.size() && !is_space(args[end]) && args[end] != ':') ++end;
  std::string_view rest = args.substr(end);
  rest = trim(rest);
  if (!rest.empty() && rest.front() == ':') rest = trim(rest.substr(1));
  return {std::string(args.substr(0, end)), encoding::sanitize_utf8(rest)};
}

Actor actor_of(Conversation& c) { return Actor{speaker_of(c), c.channel(), false}; }

QuestionDesk desk_of(Conversation& c) { return QuestionDesk(c.db(), c.config(), c.clock(), c.outbox()); }

std::string department_name(Conversation& c, const std::string& id) {
  const auto* department = c.config().find_department(id);
  return department ? department->name : id;
}

// The reply for anything but success; `webcare_side`: the action is webcare's (close, follow-up).
void reply_refusal(Conversation& c, QuestionDesk& desk, const ActionResult& result, std::string_view reference,
                   bool webcare_side) {
  const auto& q = result.question;
  switch (result.outcome) {
    case Outcome::done:
      return;
    case Outcome::unknown:
      return c.reply(Msg::webcare_unknown_reference, {{"reference", reference}});
    case Outcome::closed:
      return c.reply(Msg::webcare_is_closed, {{"reference", q.reference}});
    case Outcome::answered:
      return c.reply(Msg::webcare_already_answered, {{"reference", q.reference}});
    case Outcome::taken:
      return c.reply(Msg::webcare_claim_taken,
                     {{"name", q.claimant.name.empty() ? q.claimant.user_id : q.claimant.name},
                      {"time", q.claimed_at_ms ? desk.local_time(*q.claimed_at_ms, q.department_id) : ""}});
    case Outcome::signal:
      return c.reply(Msg::signal_close_hint, {{"reference", q.reference}});
    case Outcome::not_allowed:
      if (webcare_side) return c.reply(Msg::webcare_only_webcare, {{"reference", q.reference}});
      return c.reply(Msg::webcare_not_for_you,
                     {{"reference", q.reference}, {"department", department_name(c, q.department_id)}});
  }
}

void ask(const Command& command, Conversation& c) {
  if (!c.channel() || c.channel()->purpose != "webcare") return c.reply(Msg::webcare_ask_only_in_webcare);
  auto parsed = parse_question_form(command.args);
  if (auto* error = std::get_if<FormError>(&parsed)) return c.reply(error->message, error->args);
  NewQuestion request;
  request.form = std::get<QuestionForm>(std::move(parsed));
  request.owner = speaker_of(c);
  request.origin = {c.event().platform, c.event().workspace, c.event().channel_id};
  auto desk = desk_of(c);
  const auto opened = desk.open(request);
  OutgoingMessage message;
  message.text = c.text(
      Msg::webcare_question_created,
      {{"reference", opened.question.reference}, {"department", department_name(c, opened.question.department_id)}});
  if (opened.routed_by_default)
    message.text +=
        " " + c.text(Msg::webcare_routed_default, {{"topic", request.form.topic},
                                                   {"department", department_name(c, opened.question.department_id)}});
  c.say_in_channel(message);
}

void claim_reference(Conversation& c, const std::string& reference) {
  if (reference.empty()) return c.reply(Msg::webcare_reference_missing);
  auto desk = desk_of(c);
  const auto result = desk.claim(reference, actor_of(c));
  if (result.outcome != Outcome::done) return reply_refusal(c, desk, result, reference, false);
  c.reply(Msg::webcare_claim_ack, {{"reference", result.question.reference}});
}

void claim(const Command& command, Conversation& c) { claim_reference(c, reference_and_text(command.args).first); }

void answer(const Command& command, Conversation& c) {
  const auto [reference, text] = reference_and_text(command.args);
  if (reference.empty() || text.empty() || text.size() > kMaxQuestionBytes) return c.reply(Msg::webcare_answer_usage);
  auto desk = desk_of(c);
  const auto result = desk.answer(reference, actor_of(c), text);
  if (result.outcome != Outcome::done) return reply_refusal(c, desk, result, reference, false);
  c.reply(Msg::webcare_answer_ok, {{"reference", result.question.reference}});
}

void close_reference(Conversation& c, const std::string& reference) {
  if (reference.empty()) return c.reply(Msg::webcare_reference_missing);
  auto desk = desk_of(c);
  const auto result = desk.close(reference, actor_of(c));
  if (result.outcome != Outcome::done) return reply_refusal(c, desk, result, reference, true);
  c.reply(Msg::webcare_close_ok, {{"reference", result.question.reference}});
}

void close(const Command& command, Conversation& c) { close_reference(c, reference_and_text(command.args).first); }

void followup(const Command& command, Conversation& c) {
  const auto [reference, text] = reference_and_text(command.args);
  if (reference.empty() || text.empty() || text.size() > kMaxQuestionBytes) return c.reply(Msg::webcare_followup_usage);
  auto desk = desk_of(c);
  const auto result = desk.follow_up(reference, actor_of(c), text);
  if (result.outcome != Outcome::done) return reply_refusal(c, desk, result, reference, true);
  c.reply(Msg::webcare_followup_ok, {{"reference", result.question.reference}});
}

void notmine(const Command& command, Conversation& c) {
  const auto [reference, reason] = reference_and_text(command.args);
  if (reference.empty()) return c.reply(Msg::webcare_reference_missing);
  if (reason.empty() || reason.size() > kMaxQuestionBytes)
    return c.reply(Msg::webcare_notmine_usage, {{"reference", reference}});
  auto desk = desk_of(c);
  const auto result = desk.reroute(reference, actor_of(c), reason);
  if (result.outcome != Outcome::done) return reply_refusal(c, desk, result, reference, false);
  c.reply(Msg::webcare_rerouted_ok,
          {{"reference", result.question.reference}, {"department", department_name(c, result.new_department)}});
}

void signal(const Command& command, Conversation& c) {
  const auto args = trim(command.args);
  const auto space = args.find_first_of(" \t\n");
  std::string kind(args.substr(0, space));
  for (char& ch : kind)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  const std::string text = space == std::string_view::npos ? "" : encoding::sanitize_utf8(trim(args.substr(space)));
  if (kind == "idea" || kind == "idee") return content::submit_idea(Command{CommandName::idea, kind, text}, c);
  if (kind == "klacht") kind = "complaint";
  if ((kind != "complaint" && kind != "lead") || text.empty() || text.size() > kMaxQuestionBytes)
    return c.reply(Msg::signal_usage);
  const auto ambassador = c.ambassador();
  if (!ambassador || !ambassador->active()) return c.reply(Msg::not_registered);
  NewQuestion request;
  request.kind = kind;
  request.form.text = text;
  request.department_id = ambassador->department_id;
  request.owner = speaker_of(c);
  request.origin = {c.event().platform, c.event().workspace, c.event().channel_id};
  const auto opened = desk_of(c).open(request);
  c.reply(Msg::signal_received, {{"reference", opened.question.reference}});
}

}  // namespace

void register_webcare_commands(EventDispatcher& dispatcher, std::function<void()> questions_changed) {
  auto changing = [questions_changed](auto handler) {
    return [questions_changed, handler](const Command& command, Conversation& c) {
      handler(command, c);
      questions_changed();
    };
  };
  dispatcher.on_command(CommandName::ask, changing(ask));
  dispatcher.on_command(CommandName::claim, changing(claim));
  dispatcher.on_command(CommandName::answer, changing(answer));
  dispatcher.on_command(CommandName::close, changing(close));
  dispatcher.on_command(CommandName::followup, changing(followup));
  dispatcher.on_command(CommandName::notmine, changing(notmine));
  dispatcher.on_command(CommandName::signal, changing(signal));
  dispatcher.on_action("webcare.claim", [questions_changed](Conversation& c) {
    claim_reference(c, c.event().action_value);
    questions_changed();
  });
  dispatcher.on_action("webcare.close", [questions_changed](Conversation& c) {
    close_reference(c, c.event().action_value);
    questions_changed();
  });
  dispatcher.on_action("webcare.notmine", [](Conversation& c) {
    c.reply(Msg::webcare_notmine_usage, {{"reference", c.event().action_value}});
  });
}

}  // namespace ambassador::webcare
