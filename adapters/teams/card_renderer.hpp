#pragma once
// OutgoingMessage → the Bot Framework activity Teams shows. Pure: no I/O; the sender adds the routing fields.
//  - Only text: a `message` with textFormat "plain", so what a person wrote is never read as markdown or XML.
//  - Anything richer: an Adaptive Card attachment. The title, text, link and footer are TextRuns in
//    RichTextBlocks, which (unlike a TextBlock) take no markdown: "**", "_", "[x](y)" and "<b>" stay literal.
//    URL buttons are Action.OpenUrl (Teams opens them without telling the bot); action buttons Action.Submit
//    with data {kActionKey: action_id, kValueKey: value} (conventions.hpp), styled positive / destructive for
//    primary / danger. The activity's `summary` (and the card's fallbackText) is the plain text a notification
//    or an older client shows.
// https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-reference
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "bot/outgoing_message.hpp"

namespace ambassador::adapters::teams {

inline constexpr std::string_view kAdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";
// Teams renders up to 1.5 on desktop and web; 1.4 leaves room for older mobile clients and has all used here
// (RichTextBlock and action styles are 1.2).
inline constexpr std::string_view kAdaptiveCardVersion = "1.4";

// True when the message has nothing visible to show (Teams refuses an empty message).
bool is_empty(const OutgoingMessage& message);
// Only text: sent as a plain message rather than a card.
bool is_plain(const OutgoingMessage& message);
// The plain text of a message: title, text and link, one per line.
std::string fallback_text(const OutgoingMessage& message);
// {"type":"message", ...}: plain text or one Adaptive Card, as above.
nlohmann::json render_activity(const OutgoingMessage& message);

}  // namespace ambassador::adapters::teams
