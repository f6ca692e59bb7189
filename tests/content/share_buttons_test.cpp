// The post buttons (my share links, I shared it, not for me) act only on a post that reached the person pressing:
// a forged button value learns nothing, on every platform.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bot/content/content_commands.hpp"
#include "bot/content/post_message.hpp"
#include "bot/event_dispatcher.hpp"
#include "bot/i18n/catalog.hpp"
#include "content_fixture.hpp"
#include "storage/post_repository.hpp"

namespace ambassador {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;
using namespace ambassador::testing;

// How one platform names the places a button is pressed in.
struct PlatformCase {
  std::string platform;
  std::string workspace;
  std::string noord_channel, zuid_channel;
  std::string ann, bob, cas;  // user ids: Ann (noord), Bob (zuid), Cas (thuis: a department without a channel)
  // The id of a person's one-to-one chat with the bot, as their button presses there carry it.
  std::string (*dm_channel)(const std::string& user);
};

std::ostream& operator<<(std::ostream& out, const PlatformCase& c) { return out << c.platform; }

const PlatformCase kLocal{
    "local", "", "noord-ambassadeurs", "zuid-ambassadeurs", "ann", "bob", "cas", [](const std::string& user) {
      return "dm:" + user;
    }};
// Slack: a block_actions payload carries the channel (C…, or the DM's D…) and the team.
const PlatformCase kSlack{"slack", "T1", "C100", "C200",
                          "U1",    "U2", "U3",   [](const std::string& user) { return "D" + user; }};
// Telegram: a callback query carries message.chat.id: the group, or in a private chat the user's own id.
const PlatformCase kTelegram{"telegram", "",    "-1001", "-1002",
                             "101",      "102", "103",   [](const std::string& user) { return user; }};

class ShareButtons : public ContentFixture, public ::testing::WithParamInterface<PlatformCase> {
 protected:
  ShareButtons() : dispatcher_(config_, clock_) {
    content::register_content_commands(dispatcher_, kBaseUrl);
    const auto& p = GetParam();
    for (const char* department : {"noord", "zuid", "thuis"}) add_department(department);
    add_channel(p.platform, p.workspace, p.noord_channel, "noord");
    add_channel(p.platform, p.workspace, p.zuid_channel, "zuid");
    add_ambassador(identity(p.ann), "noord");
    add_ambassador(identity(p.bob), "zuid");
    add_ambassador(identity(p.cas), "thuis");
  }

  storage::Identity identity(const std::string& user) const {
    return {GetParam().platform, GetParam().workspace, user};
  }

  // Presses `action` with `value` and returns the bot's answer.
  OutgoingMessage press(const std::string& user, const std::string& channel, bool direct, const char* action,
                        const std::string& value) {
    IncomingEvent event;
    event.platform = GetParam().platform;
    event.workspace = GetParam().workspace;
    event.event_key = "press-" + std::to_string(++presses_);
    event.kind = EventKind::button;
    event.channel_id = channel;
    event.direct = direct;
    event.user_id = user;
    event.action_id = action;
    event.action_value = value;
    dispatcher_.handle(event, db_);
    auto replies = rows_with_key_prefix("reply:" + event.platform + ":" + event.event_key + ":");
    if (replies.size() != 1) {
      ADD_FAILURE() << "expected one answer to " << action << " " << value << ", got " << replies.size();
      return {};
    }
    return replies.front().message;
  }
  OutgoingMessage press_in_channel(const std::string& user, const std::string& channel, const char* action,
                                   std::int64_t post_id) {
    return press(user, channel, false, action, content::post_button_value(post_id));
  }
  OutgoingMessage press_in_dm(const std::string& user, const char* action, std::int64_t post_id) {
    return press(user, GetParam().dm_channel(user), true, action, content::post_button_value(post_id));
  }

  // A post that went out to `departments` and landed everywhere.
  std::int64_t delivered_post(std::vector<std::string> departments, bool direct_messages = false) {
    const auto id = add_post(std::move(departments), direct_messages);
    publish();
    deliver_due();
    return id;
  }

  static std::string text(i18n::Msg msg) { return i18n::translate(i18n::Language::en, msg); }

  EventDispatcher dispatcher_;
  int presses_ = 0;
};

TEST_P(ShareButtons, APressInTheChannelThePostWentToGivesThePersonalLinks) {
  const auto& p = GetParam();
  const auto post = delivered_post({"noord"});
  const auto answer = press_in_channel(p.ann, p.noord_channel, content::kActionShareLinks, post);
  EXPECT_THAT(answer.text, HasSubstr("Park opening"));
  ASSERT_THAT(answer.buttons, SizeIs(4));
  EXPECT_THAT(answer.buttons[0].url, HasSubstr(std::string(kBaseUrl) + "/s/"));

  EXPECT_EQ(press_in_channel(p.ann, p.noord_channel, content::kActionShareConfirm, post).text,
            text(i18n::Msg::share_thanks));
  EXPECT_EQ(press_in_channel(p.ann, p.noord_channel, content::kActionSkip, post).text, text(i18n::Msg::skip_ok));
}

TEST_P(ShareButtons, ForgedValuesGetTheSameAnswerWhetherThePostExistsOrNot) {
  const auto& p = GetParam();
  const auto scheduled = add_post({"noord"}, false, clock_.now_ms() + 86'400'000);
  const auto other_department = delivered_post({"zuid"});
  std::int64_t draft = 0;
  {
    storage::PostRecord post = *storage::PostRepository(db_).find(scheduled);
    post.status = "draft";
    post.publish_at_ms.reset();
    draft = storage::PostRepository(db_).insert(post);
  }
  const std::int64_t nonexistent = 987'654;
  const std::int64_t links_before = count("SELECT count(*) FROM tracked_links");

  const auto reference = press_in_channel(p.ann, p.noord_channel, content::kActionShareLinks, nonexistent);
  EXPECT_EQ(reference.text, text(i18n::Msg::post_unavailable));
  EXPECT_TRUE(reference.buttons.empty());
  for (const char* action : {content::kActionShareLinks, content::kActionShareConfirm, content::kActionSkip}) {
    for (const auto id : {scheduled, other_department, draft, nonexistent}) {
      SCOPED_TRACE(std::string(action) + " p" + std::to_string(id));
      EXPECT_EQ(encode_message(press_in_channel(p.ann, p.noord_channel, action, id)), encode_message(reference));
      EXPECT_EQ(encode_message(press_in_dm(p.ann, action, id)), encode_message(reference));
    }
  }
  // Nothing was made or recorded for any of them: no tracked link, no share, no reaction.
  EXPECT_EQ(count("SELECT count(*) FROM tracked_links"), links_before);
  EXPECT_EQ(count("SELECT count(*) FROM shares"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM post_reactions"), 0);
}

TEST_P(ShareButtons, TheFollowUpButtonOfAPrivateAnswerWorksInThePersonsOwnChat) {
  // The answer to "my share links" carries an "I shared it" button; Telegram delivers that answer to the private
  // chat, and Slack to the DM when the ephemeral message cannot be shown: the press comes from there.
  const auto& p = GetParam();
  const auto post = delivered_post({"noord"});
  EXPECT_EQ(press_in_dm(p.ann, content::kActionShareConfirm, post).text, text(i18n::Msg::share_thanks));
  EXPECT_EQ(press_in_dm(p.bob, content::kActionShareConfirm, post).text, text(i18n::Msg::post_unavailable))
      << "Bob's department did not get it";
}

TEST_P(ShareButtons, ADirectMessageCountsForItsRecipientOnly) {
  const auto& p = GetParam();
  const auto post = delivered_post({"thuis"}, true);  // "thuis" has no channel: only Cas's DM gets it
  ASSERT_THAT(rows_with_key_prefix("post:" + std::to_string(post) + ":dm:"), SizeIs(1));
  EXPECT_EQ(press_in_dm(p.cas, content::kActionShareLinks, post).buttons.size(), 4u);
  EXPECT_EQ(press_in_dm(p.bob, content::kActionShareLinks, post).text, text(i18n::Msg::post_unavailable));
  EXPECT_EQ(press_in_channel(p.bob, p.zuid_channel, content::kActionShareLinks, post).text,
            text(i18n::Msg::post_unavailable));
}

TEST_P(ShareButtons, APressInAChannelCountsForAnyoneThere) {
  // Whoever sees the post in the channel may say "not for me", registered or not; links need registering.
  const auto& p = GetParam();
  const auto post = delivered_post({"noord"});
  EXPECT_EQ(press_in_channel(p.bob, p.noord_channel, content::kActionSkip, post).text, text(i18n::Msg::skip_ok));
  EXPECT_EQ(press_in_channel("stranger", p.noord_channel, content::kActionSkip, post).text, text(i18n::Msg::skip_ok));
  EXPECT_EQ(press_in_channel("stranger", p.noord_channel, content::kActionShareLinks, post).text,
            text(i18n::Msg::not_registered));
}

TEST_P(ShareButtons, APostIsNotAvailableWhereItHasNotLandedYet) {
  const auto& p = GetParam();
  const auto post = add_post({"noord"});
  publish();  // queued, not sent
  EXPECT_EQ(press_in_channel(p.ann, p.noord_channel, content::kActionShareLinks, post).text,
            text(i18n::Msg::post_unavailable));
  deliver_due();
  EXPECT_EQ(press_in_channel(p.ann, p.noord_channel, content::kActionShareLinks, post).buttons.size(), 4u);
}

INSTANTIATE_TEST_SUITE_P(Platforms, ShareButtons, ::testing::Values(kLocal, kSlack, kTelegram),
                         [](const auto& info) { return info.param.platform; });

}  // namespace
}  // namespace ambassador
