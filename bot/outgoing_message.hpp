#pragma once
// The platform-neutral message the domain asks to send. Adapters render it (Block Kit, HTML, cards).
#include <string>
#include <vector>

namespace ambassador {

enum class ButtonStyle { normal, primary, danger };

struct Button {
  std::string label;      // user-facing, already translated
  std::string url;        // set: a link button (opens the URL); else an action button
  std::string action_id;  // neutral action id, e.g. "share.confirm", "post.skip"
  std::string value;      // opaque value echoed back in the button event (short: Telegram allows 64 bytes)
  ButtonStyle style = ButtonStyle::normal;
};

struct OutgoingMessage {
  std::string title;      // optional heading (bold where the platform can)
  std::string text;       // plain text; adapters escape it for their markup
  std::string link_url;   // optional link shown with the message
  std::string image_url;  // optional image
  std::vector<Button> buttons;
  std::string footer;     // optional small print (e.g. "not an obligation: mute with /stop")
};

// Where a message goes.
struct Destination {
  std::string platform;
  std::string workspace;
  std::string channel_id;      // a channel/group/DM id; empty when user_id names a person to DM
  std::string user_id;         // for DMs that need a conversation opened first, and ephemeral messages
  bool ephemeral = false;      // only `user_id` sees it (Slack); others fall back to a DM
  std::string thread_id;
  std::string reply_token;     // answer through the platform's reply handle when it has one
  std::string delivery_key;    // the outbox's idempotency key: senders that can tag a message with it can
                               // later tell whether an interrupted delivery landed (ChatSender::reconcile)
  std::string edit_message_id;  // replace this earlier message instead of posting a new one
};

}  // namespace ambassador
