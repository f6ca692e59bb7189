#include "adapters/teams/teams_sender.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "adapters/teams/conventions.hpp"
#include "teams_fixture.hpp"

namespace ambassador::adapters::teams::test {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;
using Failure = testing::FakeTeamsConnector::Failure;

constexpr std::string_view kTenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
constexpr std::string_view kChannel = "19:general@thread.tacv2";
constexpr std::string_view kPerson = "29:1aK9mYhSZ3egG5Ve2UaOo";

OutgoingMessage hello() {
  OutgoingMessage message;
  message.text = "Hello **team** <b>&</b>";
  return message;
}

Destination channel(std::string_view id = kChannel) {
  Destination to;
  to.platform = "teams";
  to.workspace = kTenant;
  to.channel_id = id;
  return to;
}

Destination person(std::string_view id = kPerson) {
  Destination to;
  to.platform = "teams";
  to.workspace = kTenant;
  to.user_id = id;
  return to;
}

class TeamsSenderTest : public TeamsOutboundTest {
 protected:
  SendResult send(const Destination& to, const OutgoingMessage& message = hello()) {
    Outcome<SendResult> outcome;
    sender_.send(to, message, outcome.callback());
    return outcome.wait();
  }

  ServiceUrlBook book_{teams_.service_url("/teams")};
  BotFrameworkTokenProvider tokens_{gate_, credentials(), clock_};
  TeamsSender sender_{gate_, tokens_, book_, teams_.app_id(), clock_};
};

TEST_F(TeamsSenderTest, PostsToAChannelWithABearerToken) {
  EXPECT_EQ(sender_.platform(), "teams");
  const auto result = send(channel());
  ASSERT_EQ(result.outcome, SendOutcome::sent) << result.error;
  EXPECT_EQ(result.message_id, "1700000000001");
  const auto calls = teams_.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].method, "POST");
  EXPECT_EQ(calls[0].service, "/teams");
  EXPECT_EQ(calls[0].target, "/teams/v3/conversations/19%3Ageneral%40thread.tacv2/activities");
  EXPECT_EQ(calls[0].conversation, kChannel);
  EXPECT_EQ(calls[0].token, "fake-token-1");
  EXPECT_EQ(calls[0].body, (json{{"type", "message"}, {"text", "Hello **team** <b>&</b>"}, {"textFormat", "plain"}}));
}

TEST_F(TeamsSenderTest, ACardGoesAsAnAttachment) {
  OutgoingMessage message = hello();
  message.buttons = {{"Shared it", "", "share.confirm", "post:1", ButtonStyle::primary}};
  ASSERT_EQ(send(channel(), message).outcome, SendOutcome::sent);
  const auto body = teams_.calls().at(0).body;
  EXPECT_EQ(body.at("attachments").at(0).at("content").at("actions").at(0).at("data"),
            (json{{kActionKey, "share.confirm"}, {kValueKey, "post:1"}}));
}

TEST_F(TeamsSenderTest, AThreadIsAddressedByItsConversationId) {
  Destination to = channel();
  to.thread_id = "1700000000999";
  ASSERT_EQ(send(to).outcome, SendOutcome::sent);
  const auto call = teams_.calls().at(0);
  EXPECT_EQ(call.conversation, "19:general@thread.tacv2;messageid=1700000000999");
  EXPECT_EQ(call.target, "/teams/v3/conversations/19%3Ageneral%40thread.tacv2%3Bmessageid%3D1700000000999/activities");
  EXPECT_TRUE(call.activity_id.empty());
}

TEST_F(TeamsSenderTest, AnAnswerRepliesToTheActivityItAnswers) {
  Destination to = channel();
  to.thread_id = "1700000000999";
  to.reply_token = "1700000001234";
  ASSERT_EQ(send(to).outcome, SendOutcome::sent);
  const auto call = teams_.calls().at(0);
  EXPECT_EQ(call.method, "POST");
  EXPECT_EQ(call.conversation, "19:general@thread.tacv2;messageid=1700000000999");
  EXPECT_EQ(call.activity_id, "1700000001234");
  EXPECT_EQ(call.body.at("replyToId"), "1700000001234");
}

TEST_F(TeamsSenderTest, AnEphemeralAnswerInAChannelIsAReplyInTheThread) {
  Destination to = channel();
  to.user_id = kPerson;
  to.ephemeral = true;
  to.reply_token = "1700000001234";
  ASSERT_EQ(send(to).outcome, SendOutcome::sent);
  const auto calls = teams_.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].conversation, kChannel);
  EXPECT_EQ(calls[0].activity_id, "1700000001234");
}

TEST_F(TeamsSenderTest, AnEphemeralMessageWithoutAThreadGoesToThePersonNotTheWholeChannel) {
  Destination to = channel();
  to.user_id = kPerson;
  to.ephemeral = true;
  ASSERT_EQ(send(to).outcome, SendOutcome::sent);
  const auto calls = teams_.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].target, "/teams/v3/conversations");
  EXPECT_EQ(calls[1].conversation, "a:" + std::string(kPerson));
}

TEST_F(TeamsSenderTest, AnEphemeralMessageInAPersonalChatStaysThere) {
  Destination to = channel("a:1x2y3z");
  to.user_id = kPerson;
  to.ephemeral = true;
  ASSERT_EQ(send(to).outcome, SendOutcome::sent);
  const auto calls = teams_.calls();
  ASSERT_EQ(calls.size(), 1u) << "no 1:1 chat to create: it is one";
  EXPECT_EQ(calls[0].conversation, "a:1x2y3z");
}

TEST_F(TeamsSenderTest, AChannelsReplyHandleIsNotUsedInThePersonalChat) {
  Destination to = person();
  to.reply_token = "1700000001234";
  to.thread_id = "1700000000999";
  ASSERT_EQ(send(to).outcome, SendOutcome::sent);
  const auto calls = teams_.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[1].conversation, "a:" + std::string(kPerson));
  EXPECT_TRUE(calls[1].activity_id.empty());
}

TEST_F(TeamsSenderTest, AnEditReplacesTheActivity) {
  Destination to = channel();
  to.edit_message_id = "1700000000042";
  const auto result = send(to);
  ASSERT_EQ(result.outcome, SendOutcome::sent) << result.error;
  EXPECT_EQ(result.message_id, "1700000000042");
  const auto call = teams_.calls().at(0);
  EXPECT_EQ(call.method, "PUT");
  EXPECT_EQ(call.conversation, kChannel);
  EXPECT_EQ(call.activity_id, "1700000000042");
  EXPECT_EQ(call.body.at("id"), "1700000000042");
  EXPECT_EQ(call.body.at("type"), "message");
}

TEST_F(TeamsSenderTest, AnEditOfAMessageThatIsGoneKeepsTheConversation) {
  teams_.fail_next(1, {404, "NotFound"});
  Destination to = channel();
  to.edit_message_id = "1700000000042";
  const auto result = send(to);
  EXPECT_EQ(result.outcome, SendOutcome::permanent);
  EXPECT_FALSE(result.deactivate_destination);
}

TEST_F(TeamsSenderTest, APersonIsReachedInA1to1ChatCreatedOnceThenReused) {
  ASSERT_EQ(send(person()).outcome, SendOutcome::sent);
  ASSERT_EQ(send(person()).outcome, SendOutcome::sent);
  const auto calls = teams_.calls();
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].method, "POST");
  EXPECT_EQ(calls[0].target, "/teams/v3/conversations");
  EXPECT_EQ(calls[0].body, (json{{"bot", {{"id", "28:" + teams_.app_id()}}},
                                 {"members", json::array({{{"id", kPerson}}})},
                                 {"isGroup", false},
                                 {"tenantId", kTenant},
                                 {"channelData", {{"tenant", {{"id", kTenant}}}}}}));
  for (std::size_t i : {1u, 2u}) {
    EXPECT_EQ(calls[i].conversation, "a:" + std::string(kPerson));
    EXPECT_TRUE(calls[i].activity_id.empty());
  }
  EXPECT_EQ(sender_.personal_conversations(), 1u);
}

TEST_F(TeamsSenderTest, AnEditInAPersonalChatFindsTheChat) {
  Destination to = person();
  to.edit_message_id = "1700000000042";
  ASSERT_EQ(send(to).outcome, SendOutcome::sent);
  const auto calls = teams_.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[1].method, "PUT");
  EXPECT_EQ(calls[1].conversation, "a:" + std::string(kPerson));
  EXPECT_EQ(calls[1].activity_id, "1700000000042");
}

TEST_F(TeamsSenderTest, APersonalChatThatIsGoneIsCreatedAgainNextTime) {
  ASSERT_EQ(send(person()).outcome, SendOutcome::sent);
  teams_.fail_next(1, {403, "BotNotInConversationRoster"});
  const auto refused = send(person());
  EXPECT_EQ(refused.outcome, SendOutcome::permanent);
  EXPECT_TRUE(refused.deactivate_destination);
  EXPECT_EQ(sender_.personal_conversations(), 0u);
  ASSERT_EQ(send(person()).outcome, SendOutcome::sent);
  const auto calls = teams_.calls();
  ASSERT_EQ(calls.size(), 5u);
  EXPECT_EQ(calls[3].target, "/teams/v3/conversations") << "looked up afresh";
}

TEST_F(TeamsSenderTest, CreatingTheChatUnansweredIsRetriedAsNotDelivered) {
  gate_.answer_with([](const http::ClientRequest& request) -> std::optional<http::ClientResponse> {
    if (!request.url.ends_with("/v3/conversations")) return std::nullopt;
    http::ClientResponse unanswered;
    unanswered.error = "timeout";
    unanswered.maybe_delivered = true;
    return unanswered;
  });
  const auto result = send(person());
  EXPECT_EQ(result.outcome, SendOutcome::retry);
  EXPECT_FALSE(result.maybe_delivered) << "no message was posted, so there is nothing to look up";
}

TEST_F(TeamsSenderTest, APostUnansweredMayHaveLanded) {
  gate_.answer_with([](const http::ClientRequest& request) -> std::optional<http::ClientResponse> {
    if (!request.url.ends_with("/activities")) return std::nullopt;
    http::ClientResponse unanswered;
    unanswered.error = "timeout";
    unanswered.maybe_delivered = true;
    return unanswered;
  });
  const auto result = send(channel());
  EXPECT_EQ(result.outcome, SendOutcome::retry);
  EXPECT_TRUE(result.maybe_delivered);
}

TEST_F(TeamsSenderTest, APersonWithoutATenantCannotBeReached) {
  Destination to = person();
  to.workspace.clear();
  const auto result = send(to);
  EXPECT_EQ(result.outcome, SendOutcome::permanent);
  EXPECT_TRUE(teams_.calls().empty());
}

TEST_F(TeamsSenderTest, TheServiceUrlComesFromTheBookElseTheDefault) {
  book_.remember(std::string(kTenant), "19:emea@thread.tacv2", teams_.service_url("/emea/"));
  ASSERT_EQ(send(channel("19:emea@thread.tacv2")).outcome, SendOutcome::sent);
  ASSERT_EQ(send(channel("19:elsewhere@thread.tacv2")).outcome, SendOutcome::sent);
  Destination other_tenant = channel("19:x@thread.tacv2");
  other_tenant.workspace = "another-tenant";
  ASSERT_EQ(send(other_tenant).outcome, SendOutcome::sent);
  const auto calls = teams_.calls();
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].service, "/emea");
  EXPECT_EQ(calls[1].service, "/emea") << "the tenant's latest URL for its other conversations";
  EXPECT_EQ(calls[2].service, "/teams") << "the configured default for a tenant never heard from";
}

TEST_F(TeamsSenderTest, APersonalChatIsCreatedAtTheTenantsServiceUrl) {
  book_.remember(std::string(kTenant), "19:emea@thread.tacv2", teams_.service_url("/emea"));
  ASSERT_EQ(send(person()).outcome, SendOutcome::sent);
  const auto calls = teams_.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].target, "/emea/v3/conversations");
  EXPECT_EQ(calls[1].service, "/emea");
}

TEST_F(TeamsSenderTest, IdsArePercentEncodedPathSegments) {
  const std::string odd = "19:a/b?c#d e@thread.tacv2";
  Destination to = channel(odd);
  to.reply_token = "1/2";
  ASSERT_EQ(send(to).outcome, SendOutcome::sent);
  const auto call = teams_.calls().at(0);
  EXPECT_EQ(call.conversation, odd);
  EXPECT_EQ(call.activity_id, "1/2");
  EXPECT_EQ(call.target, "/teams/v3/conversations/19%3Aa%2Fb%3Fc%23d%20e%40thread.tacv2/activities/1%2F2");
}

TEST_F(TeamsSenderTest, TooManyRequestsIsRateLimitedWithRetryAfter) {
  teams_.fail_next(1, {429, "TooManyRequests", "5"});
  const auto result = send(channel());
  EXPECT_EQ(result.outcome, SendOutcome::rate_limited);
  EXPECT_EQ(result.retry_after, std::chrono::seconds(5));
}

TEST_F(TeamsSenderTest, ABotRemovedFromTheTeamDeactivatesTheChannel) {
  teams_.fail_next(1, {403, "BotNotInConversationRoster"});
  const auto result = send(channel());
  EXPECT_EQ(result.outcome, SendOutcome::permanent);
  EXPECT_TRUE(result.deactivate_destination);
  EXPECT_THAT(result.error, HasSubstr("BotNotInConversationRoster"));
}

TEST_F(TeamsSenderTest, ARefusedTokenIsDroppedSoTheRetryGetsANewOne) {
  ASSERT_EQ(send(channel()).outcome, SendOutcome::sent);
  teams_.expire_tokens();
  const auto refused = send(channel());
  EXPECT_EQ(refused.outcome, SendOutcome::retry);
  EXPECT_THAT(refused.error, HasSubstr("401"));
  EXPECT_EQ(teams_.token_requests(), 1u) << "no retry loop inside the sender";
  const auto retried = send(channel());
  EXPECT_EQ(retried.outcome, SendOutcome::sent) << retried.error;
  EXPECT_EQ(teams_.token_requests(), 2u);
  EXPECT_EQ(teams_.calls().back().token, "fake-token-2");
}

TEST_F(TeamsSenderTest, NoTokenMeansNoCallAndNoDeactivation) {
  teams_.refuse_tokens(401, "invalid_client");
  const auto result = send(channel());
  EXPECT_EQ(result.outcome, SendOutcome::permanent);
  EXPECT_FALSE(result.deactivate_destination) << "a wrong secret is no reason to give up on the channel";
  EXPECT_THAT(result.error, HasSubstr("invalid_client"));
  EXPECT_THAT(result.error, Not(HasSubstr(teams_.app_password())));
  EXPECT_TRUE(teams_.calls().empty());
}

// The outbox pauses a platform it cannot reach (PlatformReachability) instead of trying every waiting row: an
// unreachable token endpoint must count, or each row costs a refused connection and a warning.
TEST_F(TeamsSenderTest, AnUnreachableTokenEndpointMakesTeamsUnreachable) {
  gate_.answer_with([](const http::ClientRequest&) {
    http::ClientResponse failed;
    failed.error = "connect: Connection refused";
    return std::optional(failed);
  });
  const auto result = send(channel());
  EXPECT_EQ(result.outcome, SendOutcome::retry);
  EXPECT_TRUE(result.unreachable);
  EXPECT_TRUE(teams_.calls().empty());
}

TEST_F(TeamsSenderTest, ATokenEndpointThatAnswersIsNotUnreachable) {
  teams_.refuse_tokens(401, "invalid_client");
  EXPECT_FALSE(send(channel()).unreachable);
}

TEST_F(TeamsSenderTest, AnEmptyMessageIsNotSent) {
  OutgoingMessage empty;
  empty.text = "  ";
  EXPECT_EQ(send(channel(), empty).outcome, SendOutcome::permanent);
  EXPECT_EQ(teams_.token_requests(), 0u);
}

TEST_F(TeamsSenderTest, ManyConcurrentSendsShareOneToken) {
  gate_.hold_token_requests();
  std::vector<Outcome<SendResult>> outcomes(100);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = t; i < 100; i += 4)
        sender_.send(channel("19:c" + std::to_string(i) + "@thread.tacv2"), hello(),
                     outcomes[static_cast<std::size_t>(i)].callback());
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(gate_.held(), 1u);
  gate_.release();
  for (auto& outcome : outcomes) EXPECT_EQ(outcome.wait().outcome, SendOutcome::sent);
  EXPECT_EQ(teams_.token_requests(), 1u);
  const auto calls = teams_.calls();
  EXPECT_EQ(calls.size(), 100u);
  for (const auto& call : calls) EXPECT_EQ(call.token, "fake-token-1");
  for (const auto& outcome : outcomes) EXPECT_EQ(outcome.calls(), 1);
}

}  // namespace
}  // namespace ambassador::adapters::teams::test
