// `kudos @person <why>`: the receiver is told privately; a daily limit per giver (a day in the organisation's time
// zone); not to yourself; the person must be known and the why given and not too long.
#include "impact_fixture.hpp"

namespace ambassador::testing::impact {
namespace {
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

class ImpactKudos : public ImpactFixture {};

TEST_F(ImpactKudos, TheReceiverIsToldByDirectMessage) {
  EXPECT_THAT(say("anna", "kudos @bram for answering that tricky question"), HasSubstr("Kudos sent to Bram Jansen."));
  const auto told = outbox("kudos:");
  ASSERT_THAT(told, SizeIs(1));
  EXPECT_EQ(told[0].to.platform, "local");
  EXPECT_EQ(told[0].to.user_id, "bram");
  EXPECT_TRUE(told[0].to.channel_id.empty());  // a direct message, not the channel
  EXPECT_EQ(told[0].message.text, "Kudos from Anna de Vries: \u201cfor answering that tricky question\u201d");
}

TEST_F(ImpactKudos, FindsThePersonByMentionUserIdOrName) {
  EXPECT_THAT(say("anna", "kudos <@bram|bram> thanks"), HasSubstr("Kudos sent to Bram Jansen."));
  EXPECT_THAT(say("anna", "kudos cees thanks"), HasSubstr("Kudos sent to Cees Smit."));
  storage::AmbassadorRepository(db_).find_or_create({"local", "", "dora"}, "Dora", clock_.now_ms());
  EXPECT_THAT(say("anna", "kudos @DORA thanks"), HasSubstr("Kudos sent to Dora."));
}

TEST_F(ImpactKudos, RefusesTheDailyLimitPlusOneUntilTheNextLocalDay) {
  config_.recognition.kudos_per_day = 2;
  clock_.set(amsterdam("2027-02-10T23:00"));  // 22:00 UTC
  EXPECT_THAT(say("anna", "kudos @bram one"), HasSubstr("Kudos sent"));
  EXPECT_THAT(say("anna", "kudos @cees two"), HasSubstr("Kudos sent"));
  EXPECT_THAT(say("anna", "kudos @chantal three"),
              HasSubstr("You've given 2 kudos today, the daily maximum. Tomorrow you can give more."));
  EXPECT_THAT(outbox("kudos:"), SizeIs(2));
  // Past midnight in Amsterdam, while it is still the same day in UTC.
  clock_.set(amsterdam("2027-02-11T00:30"));
  EXPECT_THAT(say("anna", "kudos @chantal three"), HasSubstr("Kudos sent to Chantal Bakker."));
  // The limit is per giver.
  EXPECT_THAT(say("bram", "kudos @anna thanks"), HasSubstr("Kudos sent"));
}

TEST_F(ImpactKudos, NotToYourself) {
  EXPECT_THAT(say("anna", "kudos @anna well done me"),
              HasSubstr("Kudos are for colleagues: you can't give them to yourself."));
  EXPECT_THAT(outbox("kudos:"), IsEmpty());
}

TEST_F(ImpactKudos, AnUnknownPersonIsSaidSo) {
  EXPECT_THAT(say("anna", "kudos @nobody thanks"), HasSubstr("I don't know @nobody as an ambassador."));
  EXPECT_THAT(outbox("kudos:"), IsEmpty());
}

TEST_F(ImpactKudos, TwoPeopleWithTheNameAreAskedAbout) {
  storage::AmbassadorRepository ambassadors(db_);
  ambassadors.find_or_create({"local", "", "kim1"}, "Kim", clock_.now_ms());
  ambassadors.find_or_create({"local", "", "kim2"}, "kim", clock_.now_ms());
  EXPECT_THAT(say("anna", "kudos @Kim thanks"), HasSubstr("Several ambassadors are called @Kim;"));
  EXPECT_THAT(outbox("kudos:"), IsEmpty());
}

TEST_F(ImpactKudos, TheWhyIsRequiredAndBounded) {
  EXPECT_THAT(say("anna", "kudos"), HasSubstr("Thank a colleague with: kudos @name why"));
  EXPECT_THAT(say("anna", "kudos @bram"), HasSubstr("Tell Bram Jansen why, too"));
  EXPECT_THAT(say("anna", "kudos @bram " + std::string(281, 'x')),
              HasSubstr("Please keep the reason under 280 characters."));
  // Characters, not bytes: 280 two-byte letters are fine.
  std::string accented;
  for (int i = 0; i < 280; ++i) accented += "\u00e9";
  EXPECT_THAT(say("anna", "kudos @bram " + accented), HasSubstr("Kudos sent"));
  EXPECT_THAT(outbox("kudos:"), SizeIs(1));
}

TEST_F(ImpactKudos, OnlyAmbassadorsGiveThem) {
  EXPECT_THAT(say("stranger", "kudos @bram thanks"), Not(HasSubstr("Kudos sent")));
  EXPECT_THAT(outbox("kudos:"), IsEmpty());
}

}  // namespace
}  // namespace ambassador::testing::impact
