#include "bot/i18n/catalog.hpp"

#include <algorithm>

namespace ambassador::i18n {
namespace {

constexpr std::array<std::pair<Msg, std::string_view>, kMsgCount> kKeyNames{{
    {Msg::help, "help"},
    {Msg::unknown_command, "unknown_command"},
    {Msg::join_ok, "join_ok"},
    {Msg::join_already, "join_already"},
    {Msg::join_no_department, "join_no_department"},
    {Msg::themes_set, "themes_set"},
    {Msg::themes_current, "themes_current"},
    {Msg::themes_none, "themes_none"},
    {Msg::themes_unknown, "themes_unknown"},
    {Msg::themes_available, "themes_available"},
    {Msg::stop_ok, "stop_ok"},
    {Msg::stop_already, "stop_already"},
    {Msg::start_ok, "start_ok"},
    {Msg::start_already, "start_already"},
    {Msg::not_registered, "not_registered"},
    {Msg::not_allowed, "not_allowed"},
    {Msg::whoami, "whoami"},
    {Msg::status_active, "status_active"},
    {Msg::status_opted_out, "status_opted_out"},
    {Msg::value_none, "value_none"},
    {Msg::welcome_member, "welcome_member"},
    {Msg::bot_added_to_channel, "bot_added_to_channel"},
    {Msg::bot_added_to_untitled_channel, "bot_added_to_untitled_channel"},
    {Msg::idea_received, "idea_received"},
    {Msg::idea_empty, "idea_empty"},
    {Msg::idea_too_long, "idea_too_long"},
    {Msg::stats_personal, "stats_personal"},
    {Msg::stats_none, "stats_none"},
    {Msg::rate_limited_user, "rate_limited_user"},
    {Msg::internal_error, "internal_error"},
    {Msg::footer_voluntary, "footer_voluntary"},
    {Msg::post_suggested_text, "post_suggested_text"},
    {Msg::post_personal_note, "post_personal_note"},
    {Msg::button_share_links, "button_share_links"},
    {Msg::button_shared, "button_shared"},
    {Msg::button_skip, "button_skip"},
    {Msg::button_share_linkedin, "button_share_linkedin"},
    {Msg::button_share_x, "button_share_x"},
    {Msg::button_share_facebook, "button_share_facebook"},
    {Msg::share_links_intro, "share_links_intro"},
    {Msg::share_thanks, "share_thanks"},
    {Msg::share_already, "share_already"},
    {Msg::skip_ok, "skip_ok"},
    {Msg::post_unavailable, "post_unavailable"},
    {Msg::post_withdrawn, "post_withdrawn"},
    {Msg::idea_approved, "idea_approved"},
    {Msg::idea_rejected, "idea_rejected"},
    {Msg::admin_bot_added_linked, "admin_bot_added_linked"},
    {Msg::admin_bot_added_unlinked, "admin_bot_added_unlinked"},
    {Msg::admin_bot_removed_linked, "admin_bot_removed_linked"},
    {Msg::admin_bot_removed_unlinked, "admin_bot_removed_unlinked"},
    {Msg::admin_channel_moved_linked, "admin_channel_moved_linked"},
    {Msg::admin_channel_moved_unlinked, "admin_channel_moved_unlinked"},
    {Msg::admin_someone, "admin_someone"},
    {Msg::webcare_ask_usage, "webcare_ask_usage"},
    {Msg::webcare_ask_only_in_webcare, "webcare_ask_only_in_webcare"},
    {Msg::webcare_form_value_unknown, "webcare_form_value_unknown"},
    {Msg::webcare_question_created, "webcare_question_created"},
    {Msg::webcare_routed_default, "webcare_routed_default"},
    {Msg::webcare_question_title, "webcare_question_title"},
    {Msg::webcare_question_footer, "webcare_question_footer"},
    {Msg::webcare_question_footer_no_deadline, "webcare_question_footer_no_deadline"},
    {Msg::webcare_experts, "webcare_experts"},
    {Msg::webcare_button_claim, "webcare_button_claim"},
    {Msg::webcare_button_notmine, "webcare_button_notmine"},
    {Msg::webcare_button_close, "webcare_button_close"},
    {Msg::webcare_claimed_in_channel, "webcare_claimed_in_channel"},
    {Msg::webcare_claim_taken, "webcare_claim_taken"},
    {Msg::webcare_claim_ok, "webcare_claim_ok"},
    {Msg::webcare_claim_ack, "webcare_claim_ack"},
    {Msg::webcare_claim_relay, "webcare_claim_relay"},
    {Msg::webcare_unknown_reference, "webcare_unknown_reference"},
    {Msg::webcare_reference_missing, "webcare_reference_missing"},
    {Msg::webcare_not_for_you, "webcare_not_for_you"},
    {Msg::webcare_is_closed, "webcare_is_closed"},
    {Msg::webcare_answer_usage, "webcare_answer_usage"},
    {Msg::webcare_answer_ok, "webcare_answer_ok"},
    {Msg::webcare_answer_relay, "webcare_answer_relay"},
    {Msg::webcare_already_answered, "webcare_already_answered"},
    {Msg::webcare_close_ok, "webcare_close_ok"},
    {Msg::webcare_closed_in_channel, "webcare_closed_in_channel"},
    {Msg::webcare_followup_usage, "webcare_followup_usage"},
    {Msg::webcare_followup_ok, "webcare_followup_ok"},
    {Msg::webcare_followup_relay, "webcare_followup_relay"},
    {Msg::webcare_notmine_usage, "webcare_notmine_usage"},
    {Msg::webcare_rerouted_ok, "webcare_rerouted_ok"},
    {Msg::webcare_rerouted_relay, "webcare_rerouted_relay"},
    {Msg::webcare_only_webcare, "webcare_only_webcare"},
    {Msg::webcare_reminder_claim, "webcare_reminder_claim"},
    {Msg::webcare_reminder_answer, "webcare_reminder_answer"},
    {Msg::webcare_escalated, "webcare_escalated"},
    {Msg::webcare_escalation_request, "webcare_escalation_request"},
    {Msg::webcare_escalation_nobody, "webcare_escalation_nobody"},
    {Msg::webcare_channel_gone, "webcare_channel_gone"},
    {Msg::priority_high, "priority_high"},
    {Msg::priority_normal, "priority_normal"},
    {Msg::priority_low, "priority_low"},
    {Msg::signal_usage, "signal_usage"},
    {Msg::signal_received, "signal_received"},
    {Msg::signal_complaint_title, "signal_complaint_title"},
    {Msg::signal_lead_title, "signal_lead_title"},
    {Msg::signal_no_channel, "signal_no_channel"},
    {Msg::signal_handled, "signal_handled"},
    {Msg::signal_close_hint, "signal_close_hint"},
    {Msg::signal_footer, "signal_footer"},
    {Msg::digest_title, "digest_title"},
    {Msg::digest_open, "digest_open"},
    {Msg::digest_open_department, "digest_open_department"},
    {Msg::digest_since, "digest_since"},
    {Msg::digest_breach_department, "digest_breach_department"},
    {Msg::digest_topics, "digest_topics"},
    {Msg::weekly_digest_title, "weekly_digest_title"},
    {Msg::weekly_digest_posts, "weekly_digest_posts"},
    {Msg::weekly_digest_post, "weekly_digest_post"},
    {Msg::weekly_digest_more, "weekly_digest_more"},
    {Msg::weekly_digest_activity, "weekly_digest_activity"},
    {Msg::weekly_digest_footer, "weekly_digest_footer"},
    {Msg::digest_usage_on, "digest_usage_on"},
    {Msg::digest_usage_off, "digest_usage_off"},
    {Msg::digest_on_ok, "digest_on_ok"},
    {Msg::digest_off_ok, "digest_off_ok"},
    {Msg::report_title, "report_title"},
    {Msg::report_figures, "report_figures"},
    {Msg::report_questions, "report_questions"},
    {Msg::report_new, "report_new"},
    {Msg::report_inactive, "report_inactive"},
    {Msg::report_inactive_none, "report_inactive_none"},
    {Msg::intervision_usage, "intervision_usage"},
    {Msg::intervision_form_usage, "intervision_form_usage"},
    {Msg::intervision_location_too_long, "intervision_location_too_long"},
    {Msg::intervision_bad_date, "intervision_bad_date"},
    {Msg::intervision_bad_time, "intervision_bad_time"},
    {Msg::intervision_unknown_zone, "intervision_unknown_zone"},
    {Msg::intervision_dst_gap, "intervision_dst_gap"},
    {Msg::intervision_bad_duration, "intervision_bad_duration"},
    {Msg::intervision_in_past, "intervision_in_past"},
    {Msg::intervision_only_in_department, "intervision_only_in_department"},
    {Msg::intervision_only_lead, "intervision_only_lead"},
    {Msg::intervision_already_planned, "intervision_already_planned"},
    {Msg::intervision_none, "intervision_none"},
    {Msg::intervision_scheduled, "intervision_scheduled"},
    {Msg::intervision_at_location, "intervision_at_location"},
    {Msg::intervision_next, "intervision_next"},
    {Msg::intervision_who, "intervision_who"},
    {Msg::intervision_no_such_meeting, "intervision_no_such_meeting"},
    {Msg::intervision_skipped, "intervision_skipped"},
    {Msg::intervision_moved, "intervision_moved"},
    {Msg::intervision_move_usage, "intervision_move_usage"},
    {Msg::intervision_date_usage, "intervision_date_usage"},
    {Msg::intervision_changed, "intervision_changed"},
    {Msg::intervision_cancelled, "intervision_cancelled"},
    {Msg::intervision_notes_saved, "intervision_notes_saved"},
    {Msg::intervision_notes_usage, "intervision_notes_usage"},
    {Msg::intervision_no_past_meeting, "intervision_no_past_meeting"},
    {Msg::intervision_done, "intervision_done"},
    {Msg::intervision_every_weeks, "intervision_every_weeks"},
    {Msg::intervision_every_month, "intervision_every_month"},
    {Msg::intervision_reminder_title, "intervision_reminder_title"},
    {Msg::intervision_reminder_text, "intervision_reminder_text"},
    {Msg::rsvp_going, "rsvp_going"},
    {Msg::rsvp_not_going, "rsvp_not_going"},
    {Msg::rsvp_maybe, "rsvp_maybe"},
    {Msg::rsvp_none, "rsvp_none"},
    {Msg::rsvp_saved, "rsvp_saved"},
    {Msg::rsvp_closed, "rsvp_closed"},
    {Msg::rsvp_gone, "rsvp_gone"},
    {Msg::stats_title, "stats_title"},
    {Msg::stats_month, "stats_month"},
    {Msg::stats_all_time, "stats_all_time"},
    {Msg::stats_best_post, "stats_best_post"},
    {Msg::stats_kudos, "stats_kudos"},
    {Msg::stats_kudos_latest, "stats_kudos_latest"},
    {Msg::stats_badges, "stats_badges"},
    {Msg::stats_rank, "stats_rank"},
    {Msg::stats_rank_hidden, "stats_rank_hidden"},
    {Msg::ranking_on_ok, "ranking_on_ok"},
    {Msg::ranking_off_ok, "ranking_off_ok"},
    {Msg::leaderboard_title, "leaderboard_title"},
    {Msg::leaderboard_by_shares, "leaderboard_by_shares"},
    {Msg::leaderboard_by_clicks, "leaderboard_by_clicks"},
    {Msg::leaderboard_line, "leaderboard_line"},
    {Msg::leaderboard_others, "leaderboard_others"},
    {Msg::leaderboard_nothing, "leaderboard_nothing"},
    {Msg::leaderboard_footer, "leaderboard_footer"},
    {Msg::kudos_usage, "kudos_usage"},
    {Msg::kudos_reason_missing, "kudos_reason_missing"},
    {Msg::kudos_reason_too_long, "kudos_reason_too_long"},
    {Msg::kudos_unknown_person, "kudos_unknown_person"},
    {Msg::kudos_ambiguous_person, "kudos_ambiguous_person"},
    {Msg::kudos_not_yourself, "kudos_not_yourself"},
    {Msg::kudos_limit, "kudos_limit"},
    {Msg::kudos_sent, "kudos_sent"},
    {Msg::kudos_received, "kudos_received"},
    {Msg::badge_announce_channel, "badge_announce_channel"},
    {Msg::badge_announce_direct, "badge_announce_direct"},
    {Msg::badge_reward, "badge_reward"},
    {Msg::badge_shares, "badge_shares"},
    {Msg::badge_unique_clicks, "badge_unique_clicks"},
    {Msg::weekly_digest_kudos, "weekly_digest_kudos"},
}};

constexpr bool key_names_in_order() {
  for (std::size_t i = 0; i < kKeyNames.size(); ++i) {
    if (kKeyNames[i].first != static_cast<Msg>(i) || kKeyNames[i].second.empty()) return false;
  }
  return true;
}
static_assert(key_names_in_order(), "kKeyNames must list every Msg in enum order");

constexpr char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
constexpr bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
constexpr bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
constexpr bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

bool in_range(Msg msg) { return static_cast<std::size_t>(msg) < kMsgCount; }

const detail::CatalogTable& table_for(Language language) {
  return language == Language::en ? detail::english_table() : detail::dutch_table();
}

// Walks a template once: literal text (escapes already resolved) goes to `on_text`, each well-formed
// placeholder to `on_placeholder(name, raw)`. Anything that is not a well-formed placeholder is literal.
template <typename OnText, typename OnPlaceholder>
void scan_template(std::string_view text, OnText on_text, OnPlaceholder on_placeholder) {
  std::size_t literal_start = 0;
  std::size_t i = 0;
  auto flush = [&](std::size_t end) {
    if (end > literal_start) on_text(text.substr(literal_start, end - literal_start));
  };
  while (i < text.size()) {
    const char c = text[i];
    if (c != '{' && c != '}') {  // the common case, kept to one test per character
      ++i;
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == c) {  // {{ or }}
      flush(i);
      on_text(text.substr(i, 1));
      i += 2;
      literal_start = i;
      continue;
    }
    if (c == '{' && i + 1 < text.size() && is_name_start(text[i + 1])) {
      std::size_t end = i + 2;
      while (end < text.size() && is_name_char(text[end])) ++end;
      if (end < text.size() && text[end] == '}') {
        flush(i);
        on_placeholder(text.substr(i + 1, end - i - 1), text.substr(i, end - i + 1));
        i = end + 1;
        literal_start = i;
        continue;
      }
    }
    ++i;
  }
  flush(text.size());
}

}  // namespace

Language language_or_default(std::string_view text) { return language_from_string(text).value_or(kDefaultLanguage); }

std::optional<Language> language_from_string(std::string_view text) {
  const std::size_t separator = text.find_first_of("-_");
  const std::string_view primary = text.substr(0, separator);
  if (separator != std::string_view::npos) {
    const std::string_view region = text.substr(separator + 1);
    if (region.empty()) return std::nullopt;
    for (char c : region) {
      if (!is_ascii_alnum(c) && c != '-' && c != '_') return std::nullopt;
    }
  }
  if (primary.size() != 2) return std::nullopt;
  const std::string code{ascii_lower(primary[0]), ascii_lower(primary[1])};
  if (code == "nl") return Language::nl;
  if (code == "en") return Language::en;
  return std::nullopt;
}

std::string_view to_string(Language language) { return language == Language::en ? "en" : "nl"; }

std::string_view key_name(Msg msg) { return in_range(msg) ? kKeyNames[static_cast<std::size_t>(msg)].second : "?"; }

std::optional<std::int64_t> ArgValue::integer() const {
  if (const auto* number = std::get_if<std::int64_t>(&value_)) return *number;
  return std::nullopt;
}

std::string ArgValue::text() const {
  if (const auto* number = std::get_if<std::int64_t>(&value_)) return std::to_string(*number);
  return std::get<std::string>(value_);
}

Args::Args(std::initializer_list<std::pair<std::string_view, ArgValue>> values) {
  for (const auto& [name, value] : values) set(name, value);
}

Args& Args::set(std::string_view name, ArgValue value) {
  for (auto& [existing, existing_value] : values_) {
    if (existing == name) {
      existing_value = std::move(value);
      return *this;
    }
  }
  values_.emplace_back(std::string(name), std::move(value));
  return *this;
}

const ArgValue* Args::find(std::string_view name) const {
  for (const auto& [existing, value] : values_) {
    if (existing == name) return &value;
  }
  return nullptr;
}

MessageForms message_forms(Language language, Msg msg) {
  if (!in_range(msg)) return {};
  return table_for(language)[static_cast<std::size_t>(msg)].forms;
}

std::string render_template(std::string_view text, const Args& args) {
  std::string out;
  out.reserve(text.size());
  scan_template(
      text, [&](std::string_view literal) { out.append(literal); },
      [&](std::string_view name, std::string_view raw) {
        const ArgValue* value = args.find(name);
        out.append(value != nullptr ? value->text() : std::string(raw));
      });
  return out;
}

std::vector<std::string> placeholder_names(std::string_view text) {
  std::vector<std::string> names;
  scan_template(
      text, [](std::string_view) {}, [&](std::string_view name, std::string_view) { names.emplace_back(name); });
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::string translate(Language language, Msg msg, const Args& args) {
  // A value outside the enum is a programming error; people still get a sensible apology instead of nothing.
  if (!in_range(msg)) msg = Msg::internal_error;
  MessageForms forms = message_forms(language, msg);
  if (forms.other.empty()) forms = message_forms(kDefaultLanguage, msg);
  std::string_view chosen = forms.other;
  if (forms.plural()) {
    const ArgValue* count = args.find("count");
    if (count != nullptr && count->integer() == 1) chosen = forms.one;
  }
  return render_template(chosen, args);
}

}  // namespace ambassador::i18n
