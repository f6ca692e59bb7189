#include "adapters/teams/token_provider.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "teams_fixture.hpp"

namespace ambassador::adapters::teams::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Status = TokenResult::Status;

class TokenProviderTest : public TeamsOutboundTest {
 protected:
  TokenResult get(BotFrameworkTokenProvider& tokens) {
    Outcome<TokenResult> outcome;
    tokens.get(outcome.callback());
    return outcome.wait();
  }
};

TEST_F(TokenProviderTest, FetchesAClientCredentialsTokenForTheBotFrameworkScope) {
  BotFrameworkTokenProvider tokens(gate_, credentials(), clock_);
  const auto token = get(tokens);
  ASSERT_EQ(token.status, Status::ok) << token.error;
  EXPECT_EQ(token.token, "fake-token-1");  // the fake issues tokens only for the right form body
  const auto requests = teams_.server().requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target, "/botframework.com/oauth2/v2.0/token");
  EXPECT_EQ(requests[0].body,
            "grant_type=client_credentials&client_id=00000000-0000-0000-0000-0000000000b0&client_secret=fake-teams-"
            "client-secret&scope=https%3A%2F%2Fapi.botframework.com%2F.default");
}

TEST_F(TokenProviderTest, ASingleTenantAppAsksItsOwnTenant) {
  testing::FakeTeamsConnector contoso("app-1", "secret-1", "contoso-tenant");
  BotFrameworkTokenProvider tokens(gate_, {contoso.login_base_url(), "contoso-tenant", "app-1", "secret-1"}, clock_);
  EXPECT_EQ(get(tokens).status, Status::ok);
  EXPECT_EQ(tokens.token_url(), contoso.login_base_url() + "/contoso-tenant/oauth2/v2.0/token");
}

TEST_F(TokenProviderTest, OneFetchServesEveryCallerWhileItIsInFlight) {
  gate_.hold_token_requests();
  BotFrameworkTokenProvider tokens(gate_, credentials(), clock_);
  std::vector<Outcome<TokenResult>> outcomes(100);
  std::vector<std::thread> callers;
  for (int t = 0; t < 4; ++t)
    callers.emplace_back([&, t] {
      for (int i = t; i < 100; i += 4) tokens.get(outcomes[static_cast<std::size_t>(i)].callback());
    });
  for (auto& caller : callers) caller.join();
  EXPECT_EQ(gate_.held(), 1u) << "every caller joined the one fetch in flight";
  gate_.release();
  for (auto& outcome : outcomes) {
    const auto token = outcome.wait();
    EXPECT_EQ(token.status, Status::ok) << token.error;
    EXPECT_EQ(token.token, "fake-token-1");
  }
  EXPECT_EQ(teams_.token_requests(), 1u);
}

TEST_F(TokenProviderTest, KeepsTheTokenUntilShortlyBeforeItExpires) {
  teams_.set_token_lifetime(std::chrono::seconds(3600));
  BotFrameworkTokenProvider tokens(gate_, credentials(), clock_);
  EXPECT_EQ(get(tokens).token, "fake-token-1");
  clock_.advance(std::chrono::seconds(3600) - kTokenRefreshMargin - std::chrono::seconds(1));
  EXPECT_EQ(get(tokens).token, "fake-token-1");
  EXPECT_EQ(teams_.token_requests(), 1u);
  clock_.advance(std::chrono::seconds(2));  // within the margin: a token that could expire on its way is renewed
  EXPECT_EQ(get(tokens).token, "fake-token-2");
  EXPECT_EQ(teams_.token_requests(), 2u);
}

TEST_F(TokenProviderTest, AShortLivedTokenIsRenewedHalfwayThrough) {
  teams_.set_token_lifetime(std::chrono::seconds(120));
  BotFrameworkTokenProvider tokens(gate_, credentials(), clock_);
  EXPECT_EQ(get(tokens).token, "fake-token-1");
  clock_.advance(std::chrono::seconds(59));
  EXPECT_EQ(get(tokens).token, "fake-token-1");
  clock_.advance(std::chrono::seconds(2));
  EXPECT_EQ(get(tokens).token, "fake-token-2");
}

TEST_F(TokenProviderTest, InvalidateDropsOnlyTheRefusedToken) {
  BotFrameworkTokenProvider tokens(gate_, credentials(), clock_);
  EXPECT_EQ(get(tokens).token, "fake-token-1");
  tokens.invalidate("fake-token-0");  // an older token refused late: the current one stays
  EXPECT_EQ(get(tokens).token, "fake-token-1");
  tokens.invalidate("fake-token-1");
  EXPECT_EQ(get(tokens).token, "fake-token-2");
  EXPECT_EQ(teams_.token_requests(), 2u);
}

TEST_F(TokenProviderTest, ARefusalReachesEveryWaiterAsPermanentWithoutTheSecret) {
  // Should the endpoint ever echo the secret, it must still not reach an error text (and so no log line).
  teams_.refuse_tokens(401, "invalid_client",
                       "AADSTS7000215: Invalid client secret provided: " + teams_.app_password());
  gate_.hold_token_requests();
  BotFrameworkTokenProvider tokens(gate_, credentials(), clock_);
  std::vector<Outcome<TokenResult>> outcomes(10);
  for (auto& outcome : outcomes) tokens.get(outcome.callback());
  gate_.release();
  for (auto& outcome : outcomes) {
    const auto token = outcome.wait();
    EXPECT_EQ(token.status, Status::permanent);
    EXPECT_TRUE(token.token.empty());
    EXPECT_THAT(token.error, HasSubstr("invalid_client"));
    EXPECT_THAT(token.error, HasSubstr("AADSTS7000215"));
    EXPECT_THAT(token.error, Not(HasSubstr(teams_.app_password())));
  }
  EXPECT_EQ(teams_.token_requests(), 1u);
}

TEST_F(TokenProviderTest, AnErrorCodeThatEchoesTheSecretIsCleaned) {
  teams_.refuse_tokens(401, "bad client_secret " + teams_.app_password());
  BotFrameworkTokenProvider tokens(gate_, credentials(), clock_);
  const auto token = get(tokens);
  EXPECT_EQ(token.status, Status::permanent);
  EXPECT_THAT(token.error, HasSubstr("bad client_secret *"));
  EXPECT_THAT(token.error, Not(HasSubstr(teams_.app_password())));
}

TEST_F(TokenProviderTest, AnUnknownTenantOrBadRequestIsPermanent) {
  testing::FakeTeamsConnector contoso("app-1", "secret-1", "contoso-tenant");
  BotFrameworkTokenProvider tokens(gate_, {contoso.login_base_url(), "other-tenant", "app-1", "secret-1"}, clock_);
  const auto token = get(tokens);
  EXPECT_EQ(token.status, Status::permanent);
  EXPECT_THAT(token.error, HasSubstr("400 invalid_request (AADSTS90002)"));
}

TEST_F(TokenProviderTest, AServerErrorReachesEveryWaiterAsRetryAndTheNextCallAsksAgain) {
  teams_.refuse_tokens(503, "temporarily_unavailable");
  gate_.hold_token_requests();
  BotFrameworkTokenProvider tokens(gate_, credentials(), clock_);
  std::vector<Outcome<TokenResult>> outcomes(5);
  for (auto& outcome : outcomes) tokens.get(outcome.callback());
  gate_.release();
  for (auto& outcome : outcomes) EXPECT_EQ(outcome.wait().status, Status::retry);
  teams_.refuse_tokens(0);
  EXPECT_EQ(get(tokens).token, "fake-token-2") << "a failure is not cached";
}

TEST_F(TokenProviderTest, AnUnreachableEndpointIsRetried) {
  gate_.answer_with([](const http::ClientRequest&) {
    http::ClientResponse failed;
    failed.error = "connect: Connection refused";
    return std::optional(failed);
  });
  BotFrameworkTokenProvider tokens(gate_, credentials(), clock_);
  const auto token = get(tokens);
  EXPECT_EQ(token.status, Status::retry);
  EXPECT_THAT(token.error, HasSubstr("Connection refused"));
  EXPECT_TRUE(token.unreachable);
}

TEST(TeamsTokenResponse, OnlyNoAnswerAtAllIsUnreachable) {
  http::ClientResponse busy;
  busy.status = 503;
  EXPECT_FALSE(classify_token_response(busy, "secret").unreachable);
  http::ClientResponse refused;
  refused.error = "connect: Connection refused";
  EXPECT_TRUE(classify_token_response(refused, "secret").unreachable);
}

TEST(TeamsTokenResponse, ReadsExpiresInAsANumberOrAString) {
  http::ClientResponse response;
  response.status = 200;
  response.body = R"({"token_type":"Bearer","expires_in":"3599","access_token":"t"})";
  EXPECT_EQ(classify_token_response(response, "s").lifetime, std::chrono::seconds(3599));
  response.body = R"({"token_type":"Bearer","expires_in":86399,"access_token":"t"})";
  EXPECT_EQ(classify_token_response(response, "s").lifetime, std::chrono::seconds(86399));
  response.body = R"({"token_type":"Bearer","expires_in":"3599"})";
  EXPECT_EQ(classify_token_response(response, "s").status, Status::retry) << "no access_token";
}

}  // namespace
}  // namespace ambassador::adapters::teams::test
