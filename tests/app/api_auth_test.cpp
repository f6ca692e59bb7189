// The admin API's tokens: a short, guessable token is refused at start, naming its entry and reference only.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "bot/app/api_auth.hpp"
#include "config/config.hpp"

namespace ambassador::app {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class ApiAuthTest : public ::testing::Test {
 protected:
  ~ApiAuthTest() override { ::unsetenv(kVariable); }

  static std::vector<config::ApiToken> token_with(const std::string& secret) {
    ::setenv(kVariable, secret.c_str(), 1);
    return {{"comms", config::SecretRef(std::string("env:") + kVariable), "editor"}};
  }

  static constexpr const char* kVariable = "AMBASSADOR_API_AUTH_TEST_TOKEN";
};

TEST_F(ApiAuthTest, RefusesATokenShorterThanTheMinimumWithoutShowingIt) {
  const std::string secret(config::kMinApiTokenLength - 1, 'k');
  try {
    ApiAuth auth(token_with(secret), config::kMinApiTokenLength);
    FAIL() << "a 31-character token was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("api_tokens 'comms'"));
    EXPECT_THAT(e.what(), HasSubstr("env:AMBASSADOR_API_AUTH_TEST_TOKEN"));
    EXPECT_THAT(e.what(), HasSubstr("at least 32"));
    EXPECT_THAT(e.what(), Not(HasSubstr(secret)));
  }
}

TEST_F(ApiAuthTest, AcceptsATokenOfTheMinimumLength) {
  EXPECT_NO_THROW(ApiAuth(token_with(std::string(config::kMinApiTokenLength, 'k')), config::kMinApiTokenLength));
}

TEST_F(ApiAuthTest, ADemoMayUseShortTokens) { EXPECT_NO_THROW(ApiAuth(token_with("demo-editor-token"), 0)); }

}  // namespace
}  // namespace ambassador::app
