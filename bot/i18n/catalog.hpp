#pragma once
// Every text the bot says to people, in Dutch and English, looked up by a compile-time checked key.
// Templates use named placeholders ("{name}"), "{{" / "}}" for literal braces, and optional one/other plural
// forms chosen by the integer argument "count".
#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace ambassador::i18n {

enum class Language { nl, en };
inline constexpr Language kDefaultLanguage = Language::nl;

// Accepts "nl" / "en" and locale tags with a region as platforms send them ("nl-NL", "en_GB"), any case.
std::optional<Language> language_from_string(std::string_view text);
// The same, with kDefaultLanguage for anything unreadable (a config or record that names no known language).
Language language_or_default(std::string_view text);
std::string_view to_string(Language language);

enum class Msg {
  help,
  unknown_command,  // {command}
  join_ok,          // {department}
  join_already,     // {department}
  join_no_department,
  themes_set,      // {themes}
  themes_current,  // {themes}
  themes_none,
  themes_unknown,    // {unknown} {available}
  themes_available,  // {available}
  stop_ok,
  stop_already,
  start_ok,
  start_already,
  not_registered,
  not_allowed,
  whoami,  // {name} {department} {roles} {themes} {status}
  status_active,
  status_opted_out,
  value_none,                     // stands in for an empty list, e.g. no roles
  welcome_member,                 // {name}
  bot_added_to_channel,           // {channel}: the group's title
  bot_added_to_untitled_channel,  // the greeting where the platform sent no title (never show a raw id)
  idea_received,
  idea_empty,
  idea_too_long,   // {max}
  stats_personal,  // plural on {count} shares; {clicks}
  stats_none,
  rate_limited_user,
  internal_error,
  footer_voluntary,
  post_suggested_text,
  post_personal_note,
  button_share_links,
  button_shared,
  button_skip,
  button_share_linkedin,
  button_share_x,
  button_share_facebook,
  share_links_intro,
  share_thanks,
  share_already,
  skip_ok,
  post_unavailable,
  post_withdrawn,  // replaces a delivered post the editors cancelled
  idea_approved,
  idea_rejected,
  // To the programme's admins channels when the bot joins or leaves a group.
  admin_bot_added_linked,        // {who} {where} {department}
  admin_bot_added_unlinked,      // {who} {where} {snippet}: the config lines that link the group
  admin_bot_removed_linked,      // {who} {where} {department}
  admin_bot_removed_unlinked,    // {who} {where}
  admin_channel_moved_linked,    // {where} {department} {old_id} {new_id}: the config's id has to be changed
  admin_channel_moved_unlinked,  // {where} {new_id} {snippet}: the config lines that link the group, new id
  admin_someone,                 // stands in for {who} when the platform names nobody
  webcare_ask_usage,
  webcare_ask_only_in_webcare,
  webcare_form_value_unknown,           // {field} {value} {allowed}
  webcare_question_created,             // {reference} {department}
  webcare_routed_default,               // {topic} {department}
  webcare_question_title,               // {reference} {priority}
  webcare_question_footer,              // {source} {deadline}
  webcare_question_footer_no_deadline,  // {source}
  webcare_experts,                      // {names}
  webcare_button_claim,
  webcare_button_notmine,
  webcare_button_close,
  webcare_claimed_in_channel,  // {name} {reference}
  webcare_claim_taken,         // {name} {time}
  webcare_claim_ok,            // {reference} {text}
  webcare_claim_ack,           // {reference}
  webcare_claim_relay,         // {reference} {name} {department}
  webcare_unknown_reference,   // {reference}
  webcare_reference_missing,
  webcare_not_for_you,  // {reference} {department}
  webcare_is_closed,    // {reference}
  webcare_answer_usage,
  webcare_answer_ok,          // {reference}
  webcare_answer_relay,       // {reference} {name} {department} {answer}
  webcare_already_answered,   // {reference}
  webcare_close_ok,           // {reference}
  webcare_closed_in_channel,  // {reference}
  webcare_followup_usage,
  webcare_followup_ok,         // {reference}
  webcare_followup_relay,      // {reference} {text}
  webcare_notmine_usage,       // {reference}
  webcare_rerouted_ok,         // {reference} {department}
  webcare_rerouted_relay,      // {reference} {name} {from} {department} {reason}
  webcare_only_webcare,        // {reference}
  webcare_reminder_claim,      // {reference} {deadline}
  webcare_reminder_answer,     // {reference} {deadline}
  webcare_escalated,           // {reference} {who}
  webcare_escalation_request,  // {reference} {department}
  webcare_escalation_nobody,   // {reference} {department}
  webcare_channel_gone,        // {reference} {department}
  priority_high,
  priority_normal,
  priority_low,
  signal_usage,
  signal_received,         // {reference}
  signal_complaint_title,  // {reference}
  signal_lead_title,       // {reference}
  signal_no_channel,
  signal_handled,            // {reference}
  signal_close_hint,         // {reference}
  signal_footer,             // {deadline}
  digest_title,              // {date}
  digest_open,               // {count}
  digest_open_department,    // {department} {count} {age}
  digest_since,              // {answered} {breaches}
  digest_breach_department,  // {department} {count}
  digest_topics,             // {topics}
  // The weekly ambassador digest, `digest off|on`, and the monthly department report to the lead.
  weekly_digest_title,     // {week}
  weekly_digest_posts,     // plural on {count}: the week's suggestions for them not acted on
  weekly_digest_post,      // {title} {link}
  weekly_digest_more,      // {count}: posts not listed
  weekly_digest_activity,  // {shares} {clicks}
  weekly_digest_footer,
  digest_usage_on,  // `digest` without on/off, while it is on
  digest_usage_off,
  digest_on_ok,
  digest_off_ok,
  report_title,      // {department} {month}
  report_figures,    // {active} {shares} {clicks}
  report_questions,  // {answered} {within_sla}
  report_new,        // plural on {count}; {names}
  report_inactive,   // plural on {count}; {names}
  report_inactive_none,
  intervision_usage,
  intervision_form_usage,
  intervision_location_too_long,
  intervision_bad_date,      // {date}
  intervision_bad_time,      // {time}
  intervision_unknown_zone,  // {zone}
  intervision_dst_gap,       // {time}
  intervision_bad_duration,
  intervision_in_past,  // {date}
  intervision_only_in_department,
  intervision_only_lead,
  intervision_already_planned,
  intervision_none,
  intervision_scheduled,        // {first} {location}
  intervision_at_location,      // {location}
  intervision_next,             // {when} {location} {answer}
  intervision_who,              // {when} {going} {maybe} {not_going}
  intervision_no_such_meeting,  // {date}
  intervision_skipped,          // {when}
  intervision_moved,            // {when} {to}
  intervision_move_usage,
  intervision_date_usage,
  intervision_changed,  // {date} {schedule} {first}
  intervision_cancelled,
  intervision_notes_saved,  // {when}
  intervision_notes_usage,
  intervision_no_past_meeting,
  intervision_done,
  intervision_every_weeks,     // {count}
  intervision_every_month,     // {nth} {weekday}
  intervision_reminder_title,  // {when}
  intervision_reminder_text,   // {location}
  rsvp_going,
  rsvp_not_going,
  rsvp_maybe,
  rsvp_none,
  rsvp_saved,   // {answer} {when}
  rsvp_closed,  // {when}
  rsvp_gone,
  // Recognition (issue 13): stats, leaderboard, ranking on|off, kudos, badges.
  stats_title,         // {name}
  stats_month,         // {shares} {clicks}
  stats_all_time,      // {shares} {clicks}
  stats_best_post,     // {title} {clicks}
  stats_kudos,         // {count}
  stats_kudos_latest,  // {name} {reason}
  stats_badges,        // {badges}
  stats_rank,          // {rank} {of} {department}
  stats_rank_hidden,
  ranking_on_ok,
  ranking_off_ok,
  leaderboard_title,  // {scope}
  leaderboard_by_shares,
  leaderboard_by_clicks,
  leaderboard_line,    // {rank} {name} {count}
  leaderboard_others,  // plural on {count}; {total}
  leaderboard_nothing,
  leaderboard_footer,
  kudos_usage,
  kudos_reason_missing,    // {name}
  kudos_reason_too_long,   // {max}
  kudos_unknown_person,    // {who}
  kudos_ambiguous_person,  // {who}
  kudos_not_yourself,
  kudos_limit,             // {limit}
  kudos_sent,              // {name}
  kudos_received,          // {name} {reason}
  badge_announce_channel,  // {name} {badge}
  badge_announce_direct,   // {badge}
  badge_reward,            // {reward}
  badge_shares,            // plural on {count}
  badge_unique_clicks,     // plural on {count}
  weekly_digest_kudos,     // plural on {count}
  count_                   // sentinel: keep last; tests and tables iterate up to here
};
inline constexpr std::size_t kMsgCount = static_cast<std::size_t>(Msg::count_);

// The key as written in the enum ("join_ok"), for tests and logs; "?" for a value outside the enum.
std::string_view key_name(Msg msg);

// Integers that count something; bool and character types are excluded so `{"flag", true}` or `{"c", 'x'}` fail
// to compile instead of printing a number.
template <typename T>
concept CountingInteger =
    std::integral<T> && !std::same_as<T, bool> && !std::same_as<T, char> && !std::same_as<T, wchar_t> &&
    !std::same_as<T, char8_t> && !std::same_as<T, char16_t> && !std::same_as<T, char32_t>;

// One placeholder value: text or an integer. Implicit on purpose so call sites read {{"name", "Anna"}, {"count", 3}}.
class ArgValue {
 public:
  ArgValue(std::string text) : value_(std::move(text)) {}
  ArgValue(std::string_view text) : value_(std::string(text)) {}
  ArgValue(const char* text) : value_(std::string(text == nullptr ? "" : text)) {}
  template <CountingInteger T>
  ArgValue(T number) : value_(static_cast<std::int64_t>(number)) {}

  // Set only for integer values; a text that happens to hold digits is still text.
  std::optional<std::int64_t> integer() const;
  std::string text() const;

 private:
  std::variant<std::string, std::int64_t> value_;
};

// Named placeholder values for one message.
class Args {
 public:
  Args() = default;
  Args(std::initializer_list<std::pair<std::string_view, ArgValue>> values);

  // Adds the value, or replaces the one already set under `name`.
  Args& set(std::string_view name, ArgValue value);
  const ArgValue* find(std::string_view name) const;  // nullptr when not set
  bool empty() const { return values_.empty(); }

 private:
  std::vector<std::pair<std::string, ArgValue>> values_;
};

// The message in `language` with the arguments filled in. Never throws on missing or extra arguments: a missing
// one stays visible as "{name}" so tests and readers notice it.
std::string translate(Language language, Msg msg, const Args& args = {});

// The raw templates of one message. `one` is set only for plural messages.
struct MessageForms {
  std::string_view other;
  std::string_view one;
  constexpr bool plural() const { return !one.empty(); }
};
// Empty forms for a value outside the enum.
MessageForms message_forms(Language language, Msg msg);

// Fills `{name}` placeholders of a single template; values are inserted as-is, never re-expanded.
std::string render_template(std::string_view text, const Args& args);
// The placeholder names a template uses, sorted and without duplicates.
std::vector<std::string> placeholder_names(std::string_view text);

namespace detail {

// The per-language tables (messages_nl.cpp, messages_en.cpp) list every key in enum order; each file
// static_asserts that with lists_every_key_in_order, so a new key without a text fails to compile.
struct CatalogEntry {
  Msg key = Msg::count_;
  MessageForms forms;
};
using CatalogTable = std::array<CatalogEntry, kMsgCount>;

constexpr bool lists_every_key_in_order(const CatalogTable& table) {
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (table[i].key != static_cast<Msg>(i) || table[i].forms.other.empty()) return false;
  }
  return true;
}

const CatalogTable& dutch_table();
const CatalogTable& english_table();

}  // namespace detail

}  // namespace ambassador::i18n
