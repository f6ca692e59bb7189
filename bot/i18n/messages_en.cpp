// English texts. Short and warm; sharing is always a free choice, never an obligation.
#include "bot/i18n/catalog.hpp"

namespace ambassador::i18n::detail {
namespace {

constexpr CatalogTable kEnglish{{
    {Msg::help,
     {"Here is what I can do for you:\n"
      "help — this overview\n"
      "join — become an ambassador (in your department's channel)\n"
      "themes <list> — choose your themes, for example: themes climate, neighbourhood\n"
      "stop — no more messages from me\n"
      "start — receive suggestions again\n"
      "whoami — what I know about you\n"
      "stats — how often you shared and how often people clicked\n"
      "idea <text> — send the editors an idea for a post\n"
      "signal complaint|lead <text> — pass on what you hear in your network\n"
      "Webcare and experts: ask <topic>: <question>, claim, answer, followup, notmine and close with a reference\n"
      "Sharing is always voluntary: share what appeals to you, skip what doesn't."}},
    {Msg::unknown_command, {"I don't know the command \"{command}\". Type help to see what I can do."}},
    {Msg::join_ok,
     {"Welcome to the ambassadors of {department}! Now and then I'll send you a suggestion to share. "
      "Only share what feels right. Type help to see what else I can do."}},
    {Msg::join_already, {"You're already an ambassador for {department}."}},
    {Msg::join_no_department,
     {"This channel isn't linked to a department yet, so you can't join here. "
      "The programme coordinator can link it."}},
    {Msg::themes_set, {"Done. Your themes: {themes}."}},
    {Msg::themes_current, {"Your themes: {themes}. Change them with themes <list>."}},
    {Msg::themes_none, {"You haven't chosen any themes yet. Choose them with themes <list>."}},
    {Msg::themes_unknown, {"I don't know these themes: {unknown}. You can choose from: {available}."}},
    {Msg::themes_available, {"Available themes: {available}."}},
    {Msg::stop_ok, {"Okay, I won't send you any more messages. You're welcome back any time: just type start."}},
    {Msg::stop_already, {"You're not receiving messages from me. Type start if you'd like them again."}},
    {Msg::start_ok, {"Welcome back! You'll receive suggestions again. Type stop whenever you'd like a break."}},
    {Msg::start_already, {"You're already receiving suggestions. Type stop if you'd like a break."}},
    {Msg::not_registered, {"You haven't joined yet. Type join in your department's channel to take part."}},
    {Msg::not_allowed, {"Sorry, this command isn't available to you. Type help to see what you can do."}},
    {Msg::whoami,
     {"Name: {name}\n"
      "Department: {department}\n"
      "Roles: {roles}\n"
      "Themes: {themes}\n"
      "Status: {status}"}},
    {Msg::status_active, {"active"}},
    {Msg::status_opted_out, {"paused (type start to receive suggestions again)"}},
    {Msg::value_none, {"none"}},
    {Msg::welcome_member,
     {"Welcome, {name}! This channel runs an ambassador programme: now and then I share posts you can pass on "
      "if you like. Interested? Type join."}},
    {Msg::bot_added_to_channel,
     {"Hello {channel}! I'm the ambassador bot. Now and then I'll share suggestions for posts you can pass on, "
      "always voluntary. Type join to take part or help to learn more."}},
    {Msg::bot_added_to_untitled_channel,
     {"Hello everyone! I'm the ambassador bot. Now and then I'll share suggestions for posts you can pass on, "
      "always voluntary. Type join to take part or help to learn more."}},
    {Msg::idea_received, {"Thank you for your idea! I've passed it on to the editors."}},
    {Msg::idea_empty,
     {"What's your idea? Type idea followed by your text, for example: idea a story about our new playground."}},
    {Msg::idea_too_long, {"That's a bit long for me. Could you fit your idea in {max} characters?"}},
    {Msg::stats_personal,
     {.other = "You've shared {count} posts. Clicks on your links: {clicks}. Thank you!",
      .one = "You've shared {count} post. Clicks on your links: {clicks}. Thank you!"}},
    {Msg::stats_none,
     {"You haven't shared anything yet, and that's fine. When a suggestion appeals to you, one tap is enough."}},
    {Msg::rate_limited_user, {"That's a lot of commands in a short time. Please try again in a minute."}},
    {Msg::internal_error, {"Sorry, something went wrong on my side. Nothing was lost; please try again in a moment."}},
    {Msg::footer_voluntary, {"Sharing is always voluntary. Type stop to pause these messages."}},
    {Msg::post_suggested_text, {"Suggested text: {text}"}},
    {Msg::post_personal_note, {"Feel free to edit the text and add a personal note: that works best."}},
    {Msg::button_share_links, {"My share links"}},
    {Msg::button_shared, {"I shared it"}},
    {Msg::button_skip, {"Not for me"}},
    {Msg::button_share_linkedin, {"Share on LinkedIn"}},
    {Msg::button_share_x, {"Share on X"}},
    {Msg::button_share_facebook, {"Share on Facebook"}},
    {Msg::share_links_intro, {"Your personal links for “{title}”. Clicks on them count towards your stats."}},
    {Msg::share_thanks, {"Thank you for sharing! Type stats to see what it brings."}},
    {Msg::share_already, {"I had already noted that share. Thank you!"}},
    {Msg::skip_ok, {"No problem, you're skipping this one."}},
    {Msg::post_unavailable, {"This post is no longer available."}},
    {Msg::post_withdrawn, {"This suggestion was withdrawn."}},
    {Msg::idea_approved, {"Good news: your idea “{idea}” is becoming a post. {note}"}},
    {Msg::idea_rejected, {"Thanks for your idea “{idea}”. The editors won't use it this time. {note}"}},
    {Msg::admin_bot_added_linked, {"{who} added me to {where}. Linked department: {department}."}},
    {Msg::admin_bot_added_unlinked,
     {"{who} added me to {where}. No department is linked to it yet. To link one, paste this under the right "
      "[[departments]] in the configuration file and restart the bot.\n{snippet}"}},
    {Msg::admin_bot_removed_linked,
     {"{who} removed me from {where} (department {department}). Deliveries there stop."}},
    {Msg::admin_bot_removed_unlinked, {"{who} removed me from {where}. Deliveries there stop."}},
    {Msg::admin_channel_moved_linked,
     {"{where} (department {department}) was upgraded and has a new id: {new_id}. I deliver there under the new id "
      "now, and remember it across restarts. Please still change this group's id in the configuration file from "
      "{old_id} to {new_id}, so the file says where posts go."}},
    {Msg::admin_channel_moved_unlinked,
     {"{where} was upgraded and has a new id: {new_id}. No department is linked to it yet. To link one, paste this "
      "under the right [[departments]] in the configuration file and restart the bot.\n{snippet}"}},
    {Msg::admin_someone, {"Someone"}},
    {Msg::webcare_ask_usage,
     {"Ask like this: ask <department or topic>: <question>. Optional lines below it: source: x, facebook, instagram, "
      "linkedin, web, phone, email or other; link: <url>; priority: high, normal or low."}},
    {Msg::webcare_ask_only_in_webcare,
     {"Questions for the experts start in a webcare channel. Ask there, or use the API."}},
    {Msg::webcare_form_value_unknown, {"“{value}” is not a valid {field}. Choose from: {allowed}."}},
    {Msg::webcare_question_created,
     {"Thanks! {reference} went to {department}. You'll hear here when someone answers."}},
    {Msg::webcare_routed_default, {"I couldn't match “{topic}” to a department, so it went to {department}."}},
    {Msg::webcare_question_title, {"Question from webcare {reference} ({priority})"}},
    {Msg::webcare_question_footer, {"Source: {source}. Please claim it before {deadline}."}},
    {Msg::webcare_question_footer_no_deadline, {"Source: {source}."}},
    {Msg::webcare_experts, {"Experts on this topic: {names}"}},
    {Msg::webcare_button_claim, {"I'll take it"}},
    {Msg::webcare_button_notmine, {"Not my department"}},
    {Msg::webcare_button_close, {"Close"}},
    {Msg::webcare_claimed_in_channel, {"{name} has taken {reference}."}},
    {Msg::webcare_claim_taken, {"{name} has it since {time}."}},
    {Msg::webcare_claim_ok,
     {"{reference} is yours. The full question:\n{text}\nAnswer with: answer {reference}: <your answer>"}},
    {Msg::webcare_claim_ack, {"{reference} is yours. The full question is in your direct messages."}},
    {Msg::webcare_claim_relay, {"{name} ({department}) is working on {reference}."}},
    {Msg::webcare_unknown_reference, {"I don't know the question {reference}. Nothing changed."}},
    {Msg::webcare_reference_missing,
     {"Name the question's reference, for example: answer W-2027-0042: <your answer>."}},
    {Msg::webcare_not_for_you, {"{reference} is for {department}; it can't be handled from here. Nothing changed."}},
    {Msg::webcare_is_closed, {"{reference} is closed already. Nothing changed."}},
    {Msg::webcare_answer_usage, {"Answer like this: answer W-2027-0042: <your answer>"}},
    {Msg::webcare_answer_ok, {"Thanks! Your answer to {reference} went to webcare."}},
    {Msg::webcare_answer_relay,
     {"Answer to {reference} from {name} ({department}):\n{answer}\nClose it with: close {reference}. Need more? "
      "followup {reference}: <question>"}},
    {Msg::webcare_already_answered,
     {"{reference} has been answered already. Nothing changed; webcare can send it back with a follow-up question."}},
    {Msg::webcare_close_ok, {"{reference} is closed. Thank you!"}},
    {Msg::webcare_closed_in_channel, {"Webcare closed {reference}. Thanks for the help!"}},
    {Msg::webcare_followup_usage, {"Send a follow-up like this: followup W-2027-0042: <question>"}},
    {Msg::webcare_followup_ok, {"Your follow-up on {reference} went back to the expert."}},
    {Msg::webcare_followup_relay,
     {"Follow-up question from webcare on {reference}:\n{text}\nAnswer with: answer {reference}: <your answer>"}},
    {Msg::webcare_notmine_usage,
     {"Pass it on like this: notmine {reference}: <why, and which department or topic it is for>"}},
    {Msg::webcare_rerouted_ok, {"Thanks, {reference} went to {department}."}},
    {Msg::webcare_rerouted_relay,
     {"{name} ({from}) says {reference} is not for them: “{reason}”. It went to {department}."}},
    {Msg::webcare_only_webcare,
     {"Only webcare can do that for {reference}: its owner, or anyone in a webcare channel. Nothing changed."}},
    {Msg::webcare_reminder_claim,
     {"Reminder: {reference} is still waiting for someone to take it. Deadline: {deadline}."}},
    {Msg::webcare_reminder_answer, {"Reminder: {reference} still needs an answer. Deadline: {deadline}."}},
    {Msg::webcare_escalated, {"{reference} missed its deadline. Escalated to {who}."}},
    {Msg::webcare_escalation_request,
     {"{reference} for {department} missed its deadline. Could you make sure someone picks it up?"}},
    {Msg::webcare_escalation_nobody,
     {"{reference} ({department}) missed its deadline, and {department} has no backup contacts or lead left in the "
      "configuration to escalate to."}},
    {Msg::webcare_channel_gone,
     {"{department} has no active channel for {reference} (the bot was removed or none is configured), so it was "
      "escalated straight away."}},
    {Msg::priority_high, {"high"}},
    {Msg::priority_normal, {"normal"}},
    {Msg::priority_low, {"low"}},
    {Msg::signal_usage,
     {"Pass on what you hear in your network: signal complaint <text>, signal lead <text> or signal idea <text>. Leave "
      "out names and contact details you don't need to share."}},
    {Msg::signal_received,
     {"Thanks for passing it on! Your signal is {reference}; I'll let you know when it has been handled."}},
    {Msg::signal_complaint_title, {"Complaint heard by an ambassador ({reference})"}},
    {Msg::signal_lead_title, {"Lead from an ambassador ({reference})"}},
    {Msg::signal_no_channel,
     {"There is no channel to pass this kind of signal to yet. The programme coordinator can set one up."}},
    {Msg::signal_handled, {"Your signal {reference} has been handled. Thank you for passing it on!"}},
    {Msg::signal_close_hint, {"Close it when done with: close {reference}"}},
    {Msg::signal_footer, {"Please take it before {deadline}."}},
    {Msg::digest_title, {"Dagstart {date}"}},
    {Msg::digest_open, {"Open questions: {count}"}},
    {Msg::digest_open_department, {"· {department}: {count} (oldest {age})"}},
    {Msg::digest_since, {"Since the last dagstart: {answered} answered, {breaches} SLA deadlines missed."}},
    {Msg::digest_breach_department, {"· missed by {department}: {count}"}},
    {Msg::digest_topics, {"Most asked about this week: {topics}"}},
    {Msg::weekly_digest_title, {"Your week as an ambassador ({week})"}},
    {Msg::weekly_digest_posts,
     {.other = "{count} suggestions this week match your themes and are still waiting for you:",
      .one = "{count} suggestion this week matches your themes and is still waiting for you:"}},
    {Msg::weekly_digest_post, {"· {title} — {link}"}},
    {Msg::weekly_digest_more, {"· and {count} more"}},
    {Msg::weekly_digest_activity, {"Your shares this week: {shares}. Clicks on your links: {clicks}. Thank you!"}},
    {Msg::weekly_digest_footer, {"Sharing is always voluntary. Rather not get this overview? Type: digest off"}},
    {Msg::digest_usage_on, {"You get a weekly overview. Turn it off with: digest off"}},
    {Msg::digest_usage_off, {"Your weekly overview is off. Turn it on with: digest on"}},
    {Msg::digest_on_ok, {"Done: you'll get your weekly overview again."}},
    {Msg::digest_off_ok, {"Done: no more weekly overview. Turn it back on any time with: digest on"}},
    {Msg::report_title, {"{department}: the ambassador programme in {month}"}},
    {Msg::report_figures, {"Active ambassadors: {active}. Shares: {shares}. Clicks on shared links: {clicks}."}},
    {Msg::report_questions, {"Webcare questions answered: {answered}, of which within the SLA: {within_sla}."}},
    {Msg::report_new, {.other = "New ambassadors ({count}): {names}", .one = "New ambassador: {names}"}},
    {Msg::report_inactive,
     {.other = "No activity in 60 days ({count}): {names}. A personal word may help more than a reminder.",
      .one = "No activity in 60 days: {names}. A personal word may help more than a reminder."}},
    {Msg::report_inactive_none, {"Everyone was active in the last 60 days."}},
    {Msg::intervision_usage,
     {"Intervision: intervision (your next meeting), intervision who, intervision skip <date>, intervision "
      "move <date> to <date> <HH:MM>, intervision change from <date> <new schedule>, intervision cancel, "
      "intervision notes <text>. A lead plans it with: intervision every 2 weeks on tuesday 15:00 for 60 "
      "min at \"Room 3.14\" from 2027-01-12"}},
    {Msg::intervision_form_usage,
     {"I couldn't read that schedule. The form is: intervision every <n> weeks on <weekday> <HH:MM> for "
      "<minutes> min at \"<place>\" from <YYYY-MM-DD>, for example: intervision every 2 weeks on tuesday "
      "15:00 for 60 min at \"Room 3.14\" from 2027-01-12 (or: monthly on the 2nd tuesday ...)"}},
    {Msg::intervision_location_too_long, {"The place is too long (at most 200 characters)."}},
    {Msg::intervision_bad_date, {"{date} is not a date on the calendar (YYYY-MM-DD)."}},
    {Msg::intervision_bad_time, {"{time} is not a time of day (HH:MM, 00:00 to 23:59)."}},
    {Msg::intervision_unknown_zone,
     {"The department's time zone {zone} is unknown; ask the programme coordinator to fix the config."}},
    {Msg::intervision_dst_gap,
     {"{time} does not exist there: the clocks skip that hour (daylight saving time). Pick another time."}},
    {Msg::intervision_bad_duration, {"A meeting lasts 1 to 1440 minutes."}},
    {Msg::intervision_in_past, {"{date} has already passed; pick a start in the future."}},
    {Msg::intervision_only_in_department,
     {"Intervision belongs to a department: use it in your department's ambassadors channel."}},
    {Msg::intervision_only_lead, {"Only the department's lead can plan or change intervision."}},
    {Msg::intervision_already_planned,
     {"Intervision is already planned here. Change it with: intervision change from <date> ..., or cancel "
      "it first."}},
    {Msg::intervision_none, {"No intervision is planned here."}},
    {Msg::intervision_scheduled,
     {"Intervision is planned: {schedule}. The first meeting is on {first}{location}. You'll get a "
      "reminder with buttons to say whether you can come."}},
    {Msg::intervision_at_location, {"at {location}"}},
    {Msg::intervision_next, {"Next intervision: {when}{location}. Your answer: {answer}."}},
    {Msg::intervision_who, {"Intervision {when}\ngoing: {going}\nmaybe: {maybe}\nnot going: {not_going}"}},
    {Msg::intervision_no_such_meeting, {"There is no upcoming intervision on {date}."}},
    {Msg::intervision_skipped, {"The intervision of {when} is cancelled; the series continues as planned."}},
    {Msg::intervision_moved, {"The intervision of {when} moves to {to}. Your answers stay as they were."}},
    {Msg::intervision_move_usage,
     {"Move a meeting with: intervision move <date> to <YYYY-MM-DD> <HH:MM>, for example: intervision move "
      "2027-02-09 to 2027-02-10 16:00"}},
    {Msg::intervision_date_usage, {"Name the meeting by its date, for example: intervision skip 2027-02-09"}},
    {Msg::intervision_changed,
     {"From {date} intervision changes: {schedule}. The first meeting in the new rhythm is on "
      "{first}{location}."}},
    {Msg::intervision_cancelled, {"Intervision is cancelled: no more meetings are planned."}},
    {Msg::intervision_notes_saved, {"Notes kept with the intervision of {when}."}},
    {Msg::intervision_notes_usage,
     {"Keep a short summary after a meeting with: intervision notes <text> (at most 4000 characters)."}},
    {Msg::intervision_no_past_meeting, {"There is no past intervision to keep notes with yet."}},
    {Msg::intervision_done, {"Done."}},
    {Msg::intervision_every_weeks,
     {.other = "every {count} weeks on {weekday} at {time} ({minutes} min)",
      .one = "every week on {weekday} at {time} ({minutes} min)"}},
    {Msg::intervision_every_month, {"monthly on the {nth} {weekday} at {time} ({minutes} min)"}},
    {Msg::intervision_reminder_title, {"Intervision {when}"}},
    {Msg::intervision_reminder_text,
     {"Intervision with your fellow ambassadors{location}. Will you come? Just let us know; coming is "
      "never an obligation."}},
    {Msg::rsvp_going, {"Going"}},
    {Msg::rsvp_not_going, {"Not going"}},
    {Msg::rsvp_maybe, {"Maybe"}},
    {Msg::rsvp_none, {"not given yet"}},
    {Msg::rsvp_saved, {"Noted: {answer} for {when}. You can change it until the meeting starts."}},
    {Msg::rsvp_closed, {"The intervision of {when} has started; answers can no longer be changed."}},
    {Msg::rsvp_gone, {"That meeting no longer takes place."}},
}};
static_assert(lists_every_key_in_order(kEnglish), "messages_en.cpp must give every Msg a text, in enum order");

}  // namespace

const CatalogTable& english_table() { return kEnglish; }

}  // namespace ambassador::i18n::detail
