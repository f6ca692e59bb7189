#include <gtest/gtest.h>

#include <string>

#include "bot/tracking/share_text.hpp"
#include "bot/tracking/share_urls.hpp"

namespace ambassador::tracking {
namespace {

TEST(WithUtm, AddsTheFourParametersToALinkWithoutQuery) {
  EXPECT_EQ(with_utm("https://example.org/news/park", "linkedin", 12, 34),
            "https://example.org/news/park?utm_source=linkedin&utm_medium=ambassador&utm_campaign=post-12"
            "&utm_content=ambassador-34");
}

TEST(WithUtm, KeepsTheExistingQueryAndFragment) {
  EXPECT_EQ(with_utm("https://example.org/a?lang=nl&q=groen+park#section-2", "x", 1, 2),
            "https://example.org/a?lang=nl&q=groen+park&utm_source=x&utm_medium=ambassador&utm_campaign=post-1"
            "&utm_content=ambassador-2#section-2");
}

TEST(WithUtm, OverridesUtmParametersTheEditorSet) {
  const auto url =
      with_utm("https://example.org/?utm_source=newsletter&id=5&utm_medium=email&utm_source=again", "facebook", 7, 8);
  EXPECT_EQ(url,
            "https://example.org/?utm_source=facebook&id=5&utm_medium=ambassador&utm_campaign=post-7"
            "&utm_content=ambassador-8");
}

TEST(WithUtm, LinkTiedToNobodyGetsNoUtmContent) {
  EXPECT_EQ(with_utm("https://example.org/", "x", 3, 0),
            "https://example.org/?utm_source=x&utm_medium=ambassador&utm_campaign=post-3");
}

TEST(WithUtm, InvalidLinkIsReturnedUnchanged) { EXPECT_EQ(with_utm("not a url", "x", 3, 4), "not a url"); }

TEST(ShareIntentUrl, LinkedInTakesOnlyTheEncodedUrl) {
  EXPECT_EQ(share_intent_url("linkedin", "https://amb.example.org/r/AbC-_", "ignored text"),
            "https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Famb.example.org%2Fr%2FAbC-_");
}

TEST(ShareIntentUrl, FacebookTakesOnlyTheEncodedUrl) {
  EXPECT_EQ(share_intent_url("facebook", "https://amb.example.org/r/t?x=1&y=2", "ignored"),
            "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Famb.example.org%2Fr%2Ft%3Fx%3D1%26y%3D2");
}

TEST(ShareIntentUrl, XGetsTextAndUrlEncoded) {
  EXPECT_EQ(share_intent_url("x", "https://amb.example.org/r/tok", "Groen & schoon: 100% #park"),
            "https://twitter.com/intent/tweet?text=Groen%20%26%20schoon%3A%20100%25%20%23park"
            "&url=https%3A%2F%2Famb.example.org%2Fr%2Ftok");
}

TEST(ShareIntentUrl, XWithoutTextHasOnlyTheUrl) {
  EXPECT_EQ(share_intent_url("x", "https://a.example/r/t", ""),
            "https://twitter.com/intent/tweet?url=https%3A%2F%2Fa.example%2Fr%2Ft");
}

TEST(ShareIntentUrl, EncodesUtf8BytesAndPlus) {
  EXPECT_EQ(share_intent_url("x", "u", "café+"), "https://twitter.com/intent/tweet?text=caf%C3%A9%2B&url=u");
}

TEST(ShareIntentUrl, OtherNetworkIsTheTrackedUrlItself) {
  EXPECT_EQ(share_intent_url("other", "https://a.example/r/t", "text"), "https://a.example/r/t");
}

TEST(NetworkFromString, AcceptsTheThreeNetworksAndTwitter) {
  EXPECT_EQ(network_from_string("linkedin"), "linkedin");
  EXPECT_EQ(network_from_string("LinkedIn"), "linkedin");
  EXPECT_EQ(network_from_string("x"), "x");
  EXPECT_EQ(network_from_string("twitter"), "x");
  EXPECT_EQ(network_from_string("Facebook"), "facebook");
  EXPECT_EQ(network_from_string("instagram"), std::nullopt);
  EXPECT_EQ(network_from_string(""), std::nullopt);
  EXPECT_EQ(network_from_string("other"), std::nullopt);
}

TEST(SuggestedShareText, PrefersTheNetworkThenAllThenTitle) {
  EXPECT_EQ(suggested_share_text(R"({"x":"for x","all":"for all"})", "x", "Title"), "for x");
  EXPECT_EQ(suggested_share_text(R"({"linkedin":"for li","all":"for all"})", "x", "Title"), "for all");
  EXPECT_EQ(suggested_share_text(R"({"linkedin":"for li"})", "x", "Title"), "Title");
}

TEST(SuggestedShareText, FallsThroughBlankOrMalformedTexts) {
  EXPECT_EQ(suggested_share_text(R"({"x":"  ","all":"for all"})", "x", "Title"), "for all");
  EXPECT_EQ(suggested_share_text(R"({"x":42})", "x", "Title"), "Title");
  EXPECT_EQ(suggested_share_text("not json", "x", "Title"), "Title");
  EXPECT_EQ(suggested_share_text("[]", "x", "Title"), "Title");
}

}  // namespace
}  // namespace ambassador::tracking
