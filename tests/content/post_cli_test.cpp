// `ambassador-bot post create|list|cancel` straight against a real SQLite file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bot/app/post_cli.hpp"
#include "bot/content/post_input.hpp"
#include "content_fixture.hpp"
#include "test_database.hpp"

namespace ambassador {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using namespace ambassador::testing;

struct CliResult {
  int status = -1;
  std::string out, err;
};

class PostCli : public ContentFixture {
 protected:
  PostCli() {
    config_.storage.data_dir = dir_.path().string();
    config_.storage.database = "bot.sqlite3";  // the fixture's own file
    if (ambassador::testing::on_postgres()) {  // the fixture's own schema
      ::setenv("AMBASSADOR_TEST_CLI_DATABASE", ambassador::testing::database(dir_, "bot.sqlite3").c_str(), 1);
      config_.storage.backend = "postgres";
      config_.storage.postgres_url = config::SecretRef("env:AMBASSADOR_TEST_CLI_DATABASE");
    }
    config_.themes = {"klimaat", "wijk"};
    config::DepartmentConfig noord;
    noord.id = "noord";
    config_.departments.push_back(noord);
    add_department("noord");
    add_channel("local", "", "noord-ambassadeurs", "noord");
  }

  CliResult run(const std::vector<std::string>& args) {
    // A statement of the fixture's left on a row would keep reading the file as it was before the CLI wrote to it.
    db_.reset_statements();
    std::ostringstream out, err;
    CliResult result;
    result.status = app::run_post_cli(args, config_, clock_, out, err);
    db_.reset_statements();
    result.out = out.str();
    result.err = err.str();
    return result;
  }

  // The id of a post created through the CLI.
  std::int64_t create(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"create", "--title", "Park opening", "--link", "https://example.org/park"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto result = run(args);
    EXPECT_EQ(result.status, 0) << result.err;
    return json::parse(result.out).at("id").get<std::int64_t>();
  }

  std::string status_of(std::int64_t id) { return storage::PostRepository(db_).find(id)->status; }
};

TEST_F(PostCli, CreateSchedulesAPostAndPrintsIt) {
  const auto result = run({"create", "--title", "Bomenplantdag", "--link", "https://example.org/bomen", "--body",
                           "Plant je mee?", "--text", "Plant je mee? #bomen", "--themes", "klimaat, wijk",
                           "--departments", "noord", "--dm", "--publish-at", "2026-12-02T09:00"});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_THAT(result.err, IsEmpty());
  const auto printed = json::parse(result.out);
  EXPECT_EQ(printed["status"], "scheduled");
  EXPECT_EQ(printed["publish_at"], "2026-12-02T08:00:00Z") << "a local time, read in Amsterdam";

  const auto stored = storage::PostRepository(db_).find(printed["id"].get<std::int64_t>());
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->title, "Bomenplantdag");
  EXPECT_EQ(stored->body, "Plant je mee?");
  EXPECT_EQ(stored->themes, (std::vector<std::string>{"klimaat", "wijk"}));
  EXPECT_EQ(stored->departments, std::vector<std::string>{"noord"});
  EXPECT_TRUE(stored->direct_messages);
  EXPECT_EQ(stored->created_by, "cli");
  EXPECT_EQ(stored->created_at_ms, clock_.now_ms());
  EXPECT_EQ(content::suggested_text(*stored, "x"), "Plant je mee? #bomen");
}

TEST_F(PostCli, CreateWithoutAPublishTimeOrWithDraftMakesADraft) {
  EXPECT_EQ(status_of(create()), "draft");
  EXPECT_EQ(status_of(create({"--publish-at", "2026-12-02T09:00:00Z", "--draft"})), "draft");
}

TEST_F(PostCli, CreateListsEveryProblemAndStoresNothing) {
  const auto result =
      run({"create", "--link", "example.org/park", "--themes", "sport", "--publish-at", "2026-11-30T09:00Z"});
  EXPECT_EQ(result.status, 2);
  EXPECT_THAT(result.err, HasSubstr("the post is not valid"));
  EXPECT_THAT(result.err, HasSubstr("title is required"));
  EXPECT_THAT(result.err, HasSubstr("link_url must be an absolute http(s) URL"));
  EXPECT_THAT(result.err, HasSubstr("themes has unknown value 'sport'"));
  EXPECT_THAT(result.err, HasSubstr("publish_at is in the past")) << "the clock the CLI was given decides";
  EXPECT_THAT(result.out, IsEmpty());
  EXPECT_EQ(count("SELECT count(*) FROM posts"), 0);
}

TEST_F(PostCli, BadUsageExits2) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {},
           {"publish"},
           {"create", "--title", "Park", "--link", "https://example.org/park", "--colour", "green"},
           {"create", "--title", "Park", "--link", "https://example.org/park", "stray"},
           {"create", "--title", "Park", "--link"},
           {"cancel"},
           {"cancel", "abc"},
           {"cancel", "1", "2"},
           // A mistyped filter must not silently list everything.
           {"list", "--stat", "sent"},
           {"list", "--status"},
           {"list", "sent"}}) {
    const auto result = run(args);
    EXPECT_EQ(result.status, 2) << ::testing::PrintToString(args);
    EXPECT_THAT(result.err, HasSubstr("Usage:")) << ::testing::PrintToString(args);
  }
  EXPECT_EQ(count("SELECT count(*) FROM posts"), 0);
}

TEST_F(PostCli, ListShowsOneLinePerPostAndFilters) {
  const auto scheduled = create({"--publish-at", "2026-12-02T09:00", "--themes", "klimaat"});
  const auto draft = create();
  auto all = run({"list"});
  ASSERT_EQ(all.status, 0) << all.err;
  EXPECT_EQ(all.out, std::to_string(scheduled) + "\tscheduled\t2026-12-02T08:00:00Z\tPark opening\n" +
                         std::to_string(draft) + "\tdraft\t-\tPark opening\n");
  EXPECT_EQ(run({"list", "--status", "draft"}).out, std::to_string(draft) + "\tdraft\t-\tPark opening\n");
  EXPECT_EQ(run({"list", "--theme", "klimaat"}).out,
            std::to_string(scheduled) + "\tscheduled\t2026-12-02T08:00:00Z\tPark opening\n");
  EXPECT_EQ(run({"list", "--status", "sent"}).out, "");
}

TEST_F(PostCli, CancelStopsAScheduledPost) {
  const auto id = create({"--publish-at", "2026-12-02T09:00"});
  const auto result = run({"cancel", std::to_string(id)});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out,
            "post " + std::to_string(id) + " cancelled (0 deliveries stopped, 0 delivered messages to withdraw)\n");
  EXPECT_EQ(status_of(id), "cancelled");
}

TEST_F(PostCli, CancelStopsWhatWaitsAndWithdrawsWhatLanded) {
  add_channel("local", "", "noord-tweede", "noord");
  const auto id = create({"--departments", "noord", "--publish-at", "2026-12-01T09:00:00Z"});
  publish();
  storage::OutboxRepository outbox(db_);
  const auto first = outbox.claim_due(clock_.now_ms(), 1).at(0);  // one channel got it, the other still waits
  outbox.mark_sending(first.id, clock_.now_ms());
  outbox.mark_sent(first.id, "m1", clock_.now_ms());

  const auto result = run({"cancel", std::to_string(id)});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out,
            "post " + std::to_string(id) + " cancelled (1 deliveries stopped, 1 delivered messages to withdraw)\n");
  EXPECT_EQ(status_of(id), "cancelled");
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE status = 'cancelled'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE idempotency_key = 'withdraw:" + std::to_string(first.id) + "'"),
            1);
}

TEST_F(PostCli, CancellingAnUnknownPostFails) {
  const auto result = run({"cancel", "99"});
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.err, "no post 99\n");
}

}  // namespace
}  // namespace ambassador
