// The weekly ambassador digest: what it says, to whom, and that it goes out once.
#include "digests_fixture.hpp"

#include "bot/command.hpp"
#include "storage/digest_repository.hpp"

namespace ambassador::testing::digests {
namespace {
using ::testing::HasSubstr;
using ::testing::Not;

class WeeklyDigest : public DigestsFixture {};

TEST_F(WeeklyDigest, ListsTheWeeksMatchingPostsTheyHaveNotActedOn) {
  clock_.set(amsterdam("2027-01-11T09:00"));
  pass();
  const auto anna = digest_of("anna");
  ASSERT_TRUE(anna);
  EXPECT_EQ(anna->key, "digest:weekly:" + std::to_string(id_of("anna")) + ":2027-W02");
  EXPECT_THAT(anna->text(), HasSubstr("2027-W02"));
  EXPECT_THAT(anna->text(), HasSubstr("Afvalkalender"));
  EXPECT_THAT(anna->text(), HasSubstr("https://example.org/1"));
  EXPECT_THAT(anna->text(), Not(HasSubstr("Bomenplantdag")));  // not her theme
  EXPECT_THAT(anna->text(), Not(HasSubstr("Oud nieuws")));     // the week before
  EXPECT_THAT(anna->text(), Not(HasSubstr("Ingetrokken")));    // withdrawn
  EXPECT_THAT(anna->text(), Not(HasSubstr("Your shares")));    // she has none: no line about it
  EXPECT_TRUE(anna->to.channel_id.empty());
  const auto chantal = digest_of("chantal");  // a post for every department, on her theme
  ASSERT_TRUE(chantal);
  EXPECT_THAT(chantal->text(), HasSubstr("Bomenplantdag"));
  EXPECT_THAT(chantal->text(), Not(HasSubstr("Afvalkalender")));
}

TEST_F(WeeklyDigest, LeavesOutWhatTheyAlreadySharedOpenedOrSkipped) {
  storage::TrackingRepository tracking(db_);
  const auto extra = post("Wijkfeest", {"wijk"}, {}, "2027-01-08T10:00");
  const auto opened = post("Straatspeeldag", {"wijk"}, {}, "2027-01-08T11:00");
  const auto kept = post("Buurtapp", {"wijk"}, {}, "2027-01-08T12:00");
  tracking.record_reaction(extra, id_of("anna"), "skipped", amsterdam("2027-01-08T13:00"));
  tracking.record_share(opened, id_of("anna"), "wijkbeheer", "x", "link_opened", amsterdam("2027-01-08T13:00"));
  clock_.set(amsterdam("2027-01-11T09:00"));
  pass();
  const auto anna = digest_of("anna");
  ASSERT_TRUE(anna);
  EXPECT_THAT(anna->text(), Not(HasSubstr("Wijkfeest")));
  EXPECT_THAT(anna->text(), Not(HasSubstr("Straatspeeldag")));
  EXPECT_THAT(anna->text(), HasSubstr("Buurtapp"));
  EXPECT_THAT(anna->text(), HasSubstr("2 suggestions"));
  (void)kept;
}

TEST_F(WeeklyDigest, CountsTheirOwnSharesAndClicksOfTheWeek) {
  clock_.set(amsterdam("2027-01-11T09:00"));
  pass();
  const auto bram = digest_of("bram");
  ASSERT_TRUE(bram);
  EXPECT_THAT(bram->text(), Not(HasSubstr("Afvalkalender")));  // he shared it
  EXPECT_THAT(bram->text(), HasSubstr("Your shares this week: 1. Clicks on your links: 2."));
}

TEST_F(WeeklyDigest, CountsTheKudosTheyReceivedThatWeek) {
  const auto kudos = [&](const std::string& from, const std::string& to, const std::string& local) {
    db_.exec("INSERT INTO kudos(giver_id, receiver_id, reason, given_at) VALUES (" + std::to_string(id_of(from)) +
             ", " + std::to_string(id_of(to)) + ", 'thanks', " + std::to_string(amsterdam(local)) + ")");
  };
  kudos("anna", "cees", "2027-01-07T10:00");
  kudos("bram", "cees", "2027-01-08T10:00");
  kudos("bram", "cees", "2027-01-03T10:00");  // the week before: not counted
  clock_.set(amsterdam("2027-01-11T09:00"));
  pass();
  const auto cees = digest_of("cees");  // nothing else to say to him: the kudos alone make a digest
  ASSERT_TRUE(cees);
  EXPECT_THAT(cees->text(), HasSubstr("Kudos from colleagues this week: 2."));
  EXPECT_THAT(digest_of("anna")->text(), Not(HasSubstr("Kudos")));
}

TEST_F(WeeklyDigest, ListsAtMostFivePostsAndCountsTheRest) {
  for (int i = 0; i < 6; ++i) post("Extra " + std::to_string(i), {"wijk"}, {}, "2027-01-08T10:0" + std::to_string(i));
  clock_.set(amsterdam("2027-01-11T09:00"));
  pass();
  const auto anna = digest_of("anna");
  ASSERT_TRUE(anna);
  EXPECT_THAT(anna->text(), HasSubstr("7 suggestions"));
  EXPECT_THAT(anna->text(), HasSubstr("and 2 more"));
  EXPECT_THAT(anna->text(), Not(HasSubstr("Extra 5")));
}

TEST_F(WeeklyDigest, NothingToSayMeansNothingSent) {
  clock_.set(amsterdam("2027-01-11T09:00"));
  pass();
  EXPECT_FALSE(digest_of("cees"));  // no matching post, no shares, no clicks
  EXPECT_EQ(digests().size(), 3u);  // anna, bram, chantal
}

TEST_F(WeeklyDigest, PeopleWhoOptedOutGetNothing) {
  clock_.set(amsterdam("2027-01-11T09:00"));
  pass();
  EXPECT_FALSE(digest_of("dirk"));
}

TEST_F(WeeklyDigest, DigestOffIsRespectedAndDigestOnUndoesIt) {
  say("anna", "digest off");
  say("chantal", "overzicht uit");
  clock_.set(amsterdam("2027-01-11T09:00"));
  pass();
  EXPECT_FALSE(digest_of("anna"));
  EXPECT_FALSE(digest_of("chantal"));
  EXPECT_TRUE(digest_of("bram"));

  say("anna", "/digest on");
  clock_.set(amsterdam("2027-01-18T09:00"));
  post("Volgende week", {"wijk"}, {}, "2027-01-12T10:00");
  pass();
  EXPECT_TRUE(digest_of("anna"));
  EXPECT_FALSE(digest_of("chantal"));
}

TEST_F(WeeklyDigest, TheCommandSaysWhatItDid) {
  say("anna", "digest off");
  EXPECT_TRUE(storage::DigestRepository(db_).weekly_off(id_of("anna")));
  say("anna", "overzicht aan");
  EXPECT_FALSE(storage::DigestRepository(db_).weekly_off(id_of("anna")));
  const auto parsed = parse_command("/overzicht uit");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->name, CommandName::digest);
  EXPECT_EQ(to_string(CommandName::digest), "digest");
}

TEST_F(WeeklyDigest, IsNotSentBeforeItsTime) {
  clock_.set(amsterdam("2027-01-11T08:59"));
  const auto progress = pass();
  EXPECT_TRUE(digests().empty());
  ASSERT_TRUE(progress.next_due_ms);
  EXPECT_EQ(*progress.next_due_ms, amsterdam("2027-01-11T09:00"));
}

TEST_F(WeeklyDigest, IsSentOncePerWeekHoweverOftenThePassRuns) {
  clock_.set(amsterdam("2027-01-11T09:00"));
  for (int i = 0; i < 5; ++i) {
    pass();
    clock_.advance(std::chrono::minutes(30));
  }
  EXPECT_EQ(digests().size(), 3u);
  // Even with the department's pass forgotten, the per-person keys hold.
  db_.exec("DELETE FROM digest_runs");
  pass();
  EXPECT_EQ(digests().size(), 3u);

  post("Volgende week", {"wijk"}, {}, "2027-01-12T10:00");
  clock_.set(amsterdam("2027-01-18T09:00"));
  pass();
  const auto all = digests();
  EXPECT_EQ(std::count_if(all.begin(), all.end(), [](const Sent& s) { return s.key.ends_with("2027-W03"); }), 2);
}

TEST_F(WeeklyDigest, BatchesResumeWhereTheyStopped) {
  clock_.set(amsterdam("2027-01-11T09:00"));
  int passes = 0;
  while (pass(1).more) ASSERT_LT(++passes, 20);
  EXPECT_EQ(digests().size(), 3u);
  EXPECT_FALSE(pass(1).more);
  EXPECT_EQ(digests().size(), 3u);
}

}  // namespace
}  // namespace ambassador::testing::digests
