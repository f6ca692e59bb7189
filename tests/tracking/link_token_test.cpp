#include <gtest/gtest.h>

#include <set>
#include <string>

#include "bot/tracking/link_token.hpp"

namespace ambassador::tracking {
namespace {

TEST(LinkToken, Is22Base64UrlCharacters) {
  const auto token = new_link_token();
  EXPECT_EQ(token.size(), 22u);
  EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos)
      << token;
  EXPECT_TRUE(looks_like_token(token));
}

TEST(LinkToken, TenThousandAreAllDifferent) {
  std::set<std::string> tokens;
  for (int i = 0; i < 10'000; ++i) tokens.insert(new_link_token());
  EXPECT_EQ(tokens.size(), 10'000u);
}

TEST(LinkToken, UsesTheWholeAlphabetOverManyTokens) {
  // A broken encoder (e.g. bytes masked wrongly) would never produce some characters.
  std::set<char> seen;
  for (int i = 0; i < 2'000; ++i)
    for (char c : new_link_token()) seen.insert(c);
  EXPECT_EQ(seen.size(), 64u);
}

TEST(LinkToken, RejectsWrongLengthOrAlphabet) {
  EXPECT_FALSE(looks_like_token(""));
  EXPECT_FALSE(looks_like_token("abc"));
  EXPECT_FALSE(looks_like_token("AAAAAAAAAAAAAAAAAAAAA"));    // 21
  EXPECT_FALSE(looks_like_token("AAAAAAAAAAAAAAAAAAAAAAA"));  // 23
  EXPECT_FALSE(looks_like_token("AAAAAAAAAAAAAAAAAAAAA+"));   // base64, not base64url
  EXPECT_FALSE(looks_like_token("AAAAAAAAAAAAAAAAAAAAA/"));
  EXPECT_FALSE(looks_like_token("AAAAAAAAAAAAAAAAAAAAA="));
  EXPECT_FALSE(looks_like_token("AAAAAAAAAA%2FAAAAAAAAA"));
  EXPECT_TRUE(looks_like_token("Az09-_Az09-_Az09-_Az0w"));
}

}  // namespace
}  // namespace ambassador::tracking
