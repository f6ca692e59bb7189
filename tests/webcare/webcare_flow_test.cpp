// The webcare loop through chat commands and buttons, on a real SQLite file with a hand-moved clock: intake,
// routing, the claim race, the answer relay, follow-up, re-routing, closing, and who may do what.
#include "webcare_fixture.hpp"

namespace ambassador::testing {
namespace {
using ::testing::HasSubstr;
using ::testing::Not;

using WebcareFlow = WebcareFixture;

TEST_F(WebcareFlow, AQuestionGoesToTheExpertsChannelMaskedWithTheExpertsNamedAndAReference) {
  const auto reference =
      ask("afval: Mijn container is niet geleegd. Bel me op 06-12345678 of mail jan@example.nl\nbron: x\n"
          "link: https://x.com/jan/status/1\nprioriteit: hoog");
  EXPECT_EQ(reference, "W-2027-0001");
  const auto posted = new_for("wijk-experts");
  ASSERT_EQ(posted.size(), 1u);
  const auto& message = posted.front();
  EXPECT_THAT(message.title, HasSubstr("W-2027-0001"));
  EXPECT_THAT(message.title, HasSubstr("hoog"));
  EXPECT_THAT(message.text, HasSubstr("Bram Jansen"));
  EXPECT_THAT(message.text, HasSubstr("[phone]"));
  EXPECT_THAT(message.text, HasSubstr("[email]"));
  EXPECT_THAT(message.text, Not(HasSubstr("06-12345678")));
  EXPECT_THAT(message.text, Not(HasSubstr("jan@example.nl")));
  EXPECT_EQ(message.link_url, "https://x.com/jan/status/1");
  ASSERT_FALSE(message.buttons.empty());
  EXPECT_EQ(message.buttons.front().action_id, "webcare.claim");
  EXPECT_EQ(message.buttons.front().value, "W-2027-0001");
  // The experts channel takes it; the department's ambassadors channel is not bothered.
  EXPECT_TRUE(new_for("wijk-amb").empty());
  const auto q = question(reference);
  EXPECT_EQ(q.department_id, "wijkbeheer");
  EXPECT_EQ(q.source, "x");
  EXPECT_EQ(q.priority, "high");
  EXPECT_THAT(q.text, HasSubstr("06-12345678"));  // kept unmasked in the database, for the owner and claimant
  EXPECT_EQ(q.owner.user_id, "fatima");
  EXPECT_GT(wakes_, 0);  // the timer was told about the new deadline
}

TEST_F(WebcareFlow, ReferencesCountUpPerYear) {
  EXPECT_EQ(ask("afval: een"), "W-2027-0001");
  EXPECT_EQ(ask("afval: twee"), "W-2027-0002");
}

TEST_F(WebcareFlow, AskOutsideAWebcareChannelIsRefusedAndStoresNothing) {
  say("wijk-amb", "anna", "/ask afval: vraag");
  EXPECT_THAT(all_text(new_for("dm:anna")), HasSubstr("webcare-kanaal"));
  EXPECT_TRUE(storage::QuestionRepository(db_).list({}).empty());
}

TEST_F(WebcareFlow, AMalformedAskGetsTheUsageAndStoresNothing) {
  say("webcare-team", "fatima", "/ask zonder dubbele punt");
  say("webcare-team", "fatima", "/ask afval: vraag\nprioriteit: dringend");
  const auto replies = all_text(new_for("dm:fatima"));
  EXPECT_THAT(replies, HasSubstr("vraag <afdeling of onderwerp>"));
  EXPECT_THAT(replies, HasSubstr("dringend"));
  EXPECT_TRUE(storage::QuestionRepository(db_).list({}).empty());
}

TEST_F(WebcareFlow, AnUnknownTopicGoesToTheDefaultDepartmentWithANote) {
  const auto reference = ask("vergunningen: hoe lang duurt het?");
  EXPECT_EQ(question(reference).department_id, "wijkbeheer");
  // The note was in the channel reply that ask() already read; the question itself reached the default.
  EXPECT_EQ(new_for("wijk-experts").size(), 1u);
  say("webcare-team", "fatima", "/ask vergunningen: nog een");
  EXPECT_THAT(all_text(new_for("webcare-team")), HasSubstr("“vergunningen” niet aan een afdeling koppelen"));
}

TEST_F(WebcareFlow, TheTopicRoutesByKeywordAndByDepartmentName) {
  EXPECT_EQ(question(ask("bomen: de boom valt om")).department_id, "groenbeheer");
  EXPECT_EQ(question(ask("Groenbeheer: vraag")).department_id, "groenbeheer");
  EXPECT_EQ(new_for("groen-amb").size(), 2u);  // no experts channel there: its ambassadors channel
}

TEST_F(WebcareFlow, ExactlyOneClaimantTheSecondIsToldWhoHasItSinceWhen) {
  const auto reference = ask("afval: vraag met 06-12345678");
  press("wijk-experts", "bram", "webcare.claim", reference);
  clock_.advance(std::chrono::minutes(2));
  press("wijk-experts", "anna", "webcare.claim", reference);
  const auto q = question(reference);
  EXPECT_EQ(q.status, "claimed");
  EXPECT_EQ(q.claimant.user_id, "bram");
  EXPECT_THAT(all_text(new_for("dm:anna")), HasSubstr("Bram Jansen heeft hem al sinds 10:00"));
  // The claimant alone gets the full text, privately.
  EXPECT_THAT(all_text(new_for("dm:bram")), HasSubstr("06-12345678"));
  EXPECT_THAT(all_text(new_for("wijk-experts")), HasSubstr("Bram Jansen heeft W-2027-0001 opgepakt"));
  EXPECT_THAT(all_text(new_for("webcare-team")), HasSubstr("Bram Jansen (Wijkbeheer) werkt aan W-2027-0001"));
  EXPECT_EQ(events_of(reference, "claimed"), 1);
}

TEST_F(WebcareFlow, SomeoneFromAnotherDepartmentCannotClaim) {
  const auto reference = ask("afval: vraag");
  press("groen-amb", "chantal", "webcare.claim", reference);
  EXPECT_THAT(all_text(new_for("dm:chantal")), HasSubstr("is voor Wijkbeheer"));
  EXPECT_EQ(question(reference).status, "open");
}

TEST_F(WebcareFlow, TheAnswerGoesToTheOwnerUnmaskedAndToTheWebcareChannelMasked) {
  const auto reference = ask("afval: vraag");
  press("wijk-experts", "bram", "webcare.claim", reference);
  new_for("dm:fatima");
  new_for("webcare-team");
  say("wijk-experts", "bram", "/answer " + reference + ": Bel ons op 020-1234567, we komen morgen.");
  const auto to_owner = all_text(new_for("dm:fatima"));
  EXPECT_THAT(to_owner, HasSubstr("020-1234567"));
  EXPECT_THAT(to_owner, HasSubstr("Bram Jansen (Wijkbeheer)"));
  const auto in_channel = new_for("webcare-team");
  ASSERT_EQ(in_channel.size(), 1u);
  EXPECT_THAT(in_channel.front().text, HasSubstr("[phone]"));
  EXPECT_THAT(in_channel.front().text, Not(HasSubstr("020-1234567")));
  ASSERT_EQ(in_channel.front().buttons.size(), 1u);
  EXPECT_EQ(in_channel.front().buttons.front().action_id, "webcare.close");
  EXPECT_THAT(all_text(new_for("dm:bram")), HasSubstr("Dank je! Je antwoord op W-2027-0001"));
  const auto q = question(reference);
  EXPECT_EQ(q.status, "answered");
  EXPECT_FALSE(q.next_due_ms.has_value());  // no more SLA timers
}

TEST_F(WebcareFlow, AnsweringAnOpenQuestionClaimsItOnTheWay) {
  const auto reference = ask("afval: vraag");
  say("wijk-experts", "bram", "/antwoord " + reference + ": komt goed");
  const auto q = question(reference);
  EXPECT_EQ(q.status, "answered");
  EXPECT_EQ(q.claimant.user_id, "bram");
  EXPECT_EQ(events_of(reference, "claimed"), 1);
}

TEST_F(WebcareFlow, OnlyTheClaimantAnswersAClaimedQuestion) {
  const auto reference = ask("afval: vraag");
  press("wijk-experts", "bram", "webcare.claim", reference);
  say("wijk-experts", "anna", "/answer " + reference + ": ik weet het");
  EXPECT_THAT(all_text(new_for("dm:anna")), HasSubstr("Bram Jansen heeft hem al sinds"));
  EXPECT_EQ(question(reference).status, "claimed");
}

TEST_F(WebcareFlow, AnsweringAClosedOrUnknownQuestionChangesNothing) {
  const auto reference = ask("afval: vraag");
  say("wijk-experts", "bram", "/answer " + reference + ": antwoord");
  say("webcare-team", "fatima", "/close " + reference);
  say("wijk-experts", "bram", "/answer " + reference + ": nog een antwoord");
  say("wijk-experts", "bram", "/answer W-2027-9999: antwoord");
  const auto replies = all_text(new_for("dm:bram"));
  EXPECT_THAT(replies, HasSubstr("W-2027-0001 is al afgesloten"));
  EXPECT_THAT(replies, HasSubstr("Ik ken de vraag W-2027-9999 niet"));
  const auto q = question(reference);
  EXPECT_EQ(q.answer, "antwoord");
  EXPECT_EQ(q.status, "closed");
}

TEST_F(WebcareFlow, OnlyWebcareClosesAQuestion) {
  const auto reference = ask("afval: vraag");
  say("wijk-experts", "bram", "/answer " + reference + ": antwoord");
  say("wijk-experts", "bram", "/close " + reference);
  EXPECT_THAT(all_text(new_for("dm:bram")), HasSubstr("Alleen webcare"));
  EXPECT_EQ(question(reference).status, "answered");
  press("webcare-team", "fatima", "webcare.close", reference);
  EXPECT_EQ(question(reference).status, "closed");
  EXPECT_THAT(all_text(new_for("wijk-experts")), HasSubstr("Webcare heeft W-2027-0001 afgesloten"));
}

TEST_F(WebcareFlow, AFollowUpSendsItBackToTheClaimantAndRestartsTheClock) {
  const auto reference = ask("afval: vraag");
  say("wijk-experts", "bram", "/answer " + reference + ": antwoord");
  clock_.advance(std::chrono::hours(3));
  new_for("dm:bram");
  say("webcare-team", "fatima", "/vervolg " + reference + ": En wanneer precies? Mail naar jan@example.nl");
  const auto q = question(reference);
  EXPECT_EQ(q.status, "claimed");
  EXPECT_EQ(q.clock_started_at_ms, clock_.now_ms());
  EXPECT_EQ(q.due_stage, "answer");
  ASSERT_TRUE(q.answer_due_ms.has_value());
  EXPECT_GT(*q.answer_due_ms, clock_.now_ms());
  EXPECT_THAT(all_text(new_for("dm:bram")), HasSubstr("jan@example.nl"));          // the claimant: unmasked
  EXPECT_THAT(all_text(new_for("wijk-experts")), HasSubstr("Mail naar [email]"));  // the channel: masked
  EXPECT_EQ(events_of(reference, "sent_back"), 1);
}

TEST_F(WebcareFlow, NotMyDepartmentReroutesByTheReasonAndTellsWebcare) {
  const auto reference = ask("afval: de boom in de straat");
  new_for("webcare-team");
  say("wijk-experts", "bram", "/nietvoorons " + reference + ": dit gaat over bomen");
  const auto q = question(reference);
  EXPECT_EQ(q.department_id, "groenbeheer");
  EXPECT_EQ(q.status, "open");
  EXPECT_EQ(new_for("groen-amb").size(), 1u);
  EXPECT_THAT(all_text(new_for("webcare-team")), HasSubstr("“dit gaat over bomen”. Hij is naar Groenbeheer gegaan"));
  EXPECT_EQ(events_of(reference, "rerouted"), 1);
}

TEST_F(WebcareFlow, NotMyDepartmentWithoutAMatchNeverBouncesBackToTheSameDepartment) {
  const auto reference = ask("afval: vraag");
  say("wijk-experts", "bram", "/notmine " + reference + ": geen idee waar dit heen moet");
  EXPECT_NE(question(reference).department_id, "wijkbeheer");
}

TEST_F(WebcareFlow, TheNotMineButtonExplainsTheCommand) {
  const auto reference = ask("afval: vraag");
  press("wijk-experts", "bram", "webcare.notmine", reference);
  EXPECT_THAT(all_text(new_for("dm:bram")), HasSubstr("nietvoorons " + reference + ":"));
  EXPECT_EQ(question(reference).department_id, "wijkbeheer");
}

TEST_F(WebcareFlow, AQuestionForADepartmentWithoutAChannelEscalatesAtOnceAndTellsTheAdmins) {
  const auto reference = ask("schulden: betalingsregeling");
  const auto q = question(reference);
  EXPECT_EQ(q.department_id, "schulden");
  EXPECT_EQ(events_of(reference, "escalated"), 1);
  const auto admins = all_text(new_for("admins"));
  EXPECT_THAT(admins, HasSubstr("geen actief kanaal voor " + reference));
  EXPECT_THAT(admins, HasSubstr("geen achtervang of leidinggevende"));
}

TEST_F(WebcareFlow, ASignalComplaintGoesToWebcareAndTheAmbassadorHearsWhenItIsHandled) {
  say("wijk-amb", "anna", "/signaal klacht Mijn buurman (06 1234 5678) ergert zich aan de containers");
  const auto acknowledged = all_text(new_for("dm:anna"));
  EXPECT_THAT(acknowledged, HasSubstr("S-2027-0001"));
  const auto posted = new_for("webcare-team");
  ASSERT_EQ(posted.size(), 1u);
  EXPECT_THAT(posted.front().title, HasSubstr("Klacht"));
  EXPECT_THAT(posted.front().text, HasSubstr("[phone]"));
  EXPECT_THAT(posted.front().footer, HasSubstr("sluit S-2027-0001"));
  EXPECT_THAT(posted.front().footer, Not(HasSubstr("Bron")));  // who heard it stays with the ambassador
  press("webcare-team", "fatima", "webcare.claim", "S-2027-0001");
  say("webcare-team", "fatima", "/sluit S-2027-0001");
  const auto thanks = all_text(new_for("dm:anna"));
  EXPECT_THAT(thanks, HasSubstr("S-2027-0001 is afgehandeld"));
  EXPECT_THAT(thanks, Not(HasSubstr("buurman")));  // no details back to the ambassador
}

TEST_F(WebcareFlow, ASignalIsClosedNotAnsweredSoItsReporterNeverGetsTheDetails) {
  say("wijk-amb", "anna", "/signal lead Een bedrijf wil de wijk sponsoren");
  new_for("dm:anna");
  say("wijk-leads", "bram", "/answer S-2027-0001: Gebeld met de directeur, Jan, 06-12345678");
  EXPECT_THAT(all_text(new_for("dm:bram")), HasSubstr("sluit S-2027-0001"));
  EXPECT_TRUE(new_for("dm:anna").empty());
  EXPECT_EQ(question("S-2027-0001").status, "open");
}

TEST_F(WebcareFlow, ASignalLeadGoesToTheDepartmentsLeadsChannel) {
  say("wijk-amb", "anna", "/signal lead Een bedrijf wil de wijk sponsoren");
  EXPECT_EQ(new_for("wijk-leads").size(), 1u);
  EXPECT_TRUE(new_for("webcare-team").empty());
  EXPECT_EQ(question("S-2027-0001").kind, "lead");
}

TEST_F(WebcareFlow, ASignalFromSomeoneWhoIsNotAnAmbassadorIsRefused) {
  say("wijk-amb", "stranger", "/signal complaint iets");
  EXPECT_TRUE(storage::QuestionRepository(db_).list({}).empty());
}

TEST_F(WebcareFlow, ASignalIdeaJoinsTheEditorsQueue) {
  say("wijk-amb", "anna", "/signal idea Een post over de nieuwe containers");
  auto& count = db_.prepare("SELECT COUNT(*) FROM ideas");
  ASSERT_TRUE(count.executeStep());
  EXPECT_EQ(count.getColumn(0).getInt(), 1);
}

}  // namespace
}  // namespace ambassador::testing
