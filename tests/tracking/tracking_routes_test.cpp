#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "bot/app/tracking_routes.hpp"
#include "bot/clock.hpp"
#include "bot/http/metrics.hpp"
#include "bot/http/router.hpp"
#include "bot/http/server.hpp"
#include "bot/tracking/link_token.hpp"
#include "bot/tracking/share_urls.hpp"
#include "loopback_client.hpp"
#include "storage/ambassador_repository.hpp"
#include "storage/migrations.hpp"
#include "storage/post_repository.hpp"
#include "storage/store.hpp"
#include "storage/tracking_repository.hpp"
#include "test_database.hpp"
#include "testing.hpp"

namespace ambassador::app {
namespace {

constexpr std::int64_t kNow = 1'700'000'000'000;
constexpr auto kBaseUrl = "https://amb.example.org";
constexpr auto kBrowser =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";

// The routes on a real server on a loopback port, over a real database file.
class TrackingRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    {
      storage::Connection db(ambassador::testing::database(dir, "test.sqlite3"), 5000);
      storage::migrate(db);
      storage::PostRecord post;
      post.title = "Nieuw park";
      post.link_url = "https://example.org/park?lang=nl#map";
      post.suggested_texts = R"({"x":"Kijk: ons nieuwe park & meer!","all":"Nieuw park"})";
      post.status = "sent";
      post.created_at_ms = post.updated_at_ms = kNow;
      post_id = storage::PostRepository(db).insert(post);
      ambassador_id = storage::AmbassadorRepository(db).find_or_create({"local", "", "ann"}, "Ann", kNow).id;
      storage::TrackingRepository links(db);
      linkedin_token = links.link_for(post_id, ambassador_id, "wijk", "linkedin", kNow, tracking::new_link_token);
      x_token = links.link_for(post_id, ambassador_id, "wijk", "x", kNow, tracking::new_link_token);
      nobody_token = links.link_for(post_id, std::nullopt, "", "facebook", kNow, tracking::new_link_token);
    }
    store = std::make_unique<storage::Store>(storage::StoreOptions{ambassador::testing::database(dir, "test.sqlite3")});
    add_tracking_routes(router, *store, clock, std::string(kBaseUrl) + "/", trusted_proxies());
    server = std::make_unique<http::Server>(io, http::ServerOptions{}, router, metrics);
    server->start();
    io_thread = std::thread([this] { io.run(); });
  }

  virtual std::vector<http::Cidr> trusted_proxies() const { return {}; }

  void TearDown() override {
    work.reset();
    io.stop();
    if (io_thread.joinable()) io_thread.join();
    server.reset();
    store->stop();
  }

  testing::LoopbackReply get(const std::string& target, const std::string& user_agent = kBrowser) {
    return testing::loopback_request(server->port(), "GET", target, user_agent);
  }
  testing::LoopbackReply get_forwarded_for(const std::string& target, const std::string& forwarded_for) {
    return testing::loopback_request(server->port(), "GET", target, kBrowser, {{"X-Forwarded-For", forwarded_for}});
  }
  testing::LoopbackReply head(const std::string& target) {
    return testing::loopback_request(server->port(), "HEAD", target, kBrowser);
  }

  std::int64_t count(const std::string& sql) {
    std::int64_t n = 0;
    store->read_sync([&](storage::Connection& db) { n = db.query_int64(sql); });
    return n;
  }
  // Waits (bounded) until `sql` counts `expected`, then lets every queued write finish and counts again, so a
  // write that should not have happened has had its chance to show up.
  std::int64_t settled_count(const std::string& sql, std::int64_t expected) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (count(sql) < expected && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    store->write_sync([](storage::Connection&) {});
    return count(sql);
  }
  std::int64_t clicks() { return settled_count("SELECT COUNT(*) FROM clicks", 0); }

  testing::TempDir dir;
  ManualClock clock{kNow};
  std::unique_ptr<storage::Store> store;
  http::Router router;
  http::Metrics metrics;
  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work = boost::asio::make_work_guard(io);
  std::unique_ptr<http::Server> server;
  std::thread io_thread;
  std::int64_t post_id = 0, ambassador_id = 0;
  std::string linkedin_token, x_token, nobody_token;
};

TEST_F(TrackingRoutesTest, ClickRedirectsToThePostWithUtmAndIsLogged) {
  const auto reply = get("/r/" + linkedin_token);
  EXPECT_EQ(reply.status, 302);
  EXPECT_EQ(reply.location,
            "https://example.org/park?lang=nl&utm_source=linkedin&utm_medium=ambassador&utm_campaign=post-" +
                std::to_string(post_id) + "&utm_content=ambassador-" + std::to_string(ambassador_id) + "#map");
  EXPECT_EQ(reply.cache_control, "no-store");
  EXPECT_EQ(reply.referrer_policy, "no-referrer");
  EXPECT_EQ(settled_count("SELECT COUNT(*) FROM clicks WHERE token = '" + linkedin_token + "'", 1), 1);
  EXPECT_EQ(count("SELECT is_unique FROM clicks"), 1);
  EXPECT_EQ(count("SELECT clicked_at FROM clicks"), kNow);
}

TEST_F(TrackingRoutesTest, RepeatedClicksAreLoggedButOnlyTheFirstIsUnique) {
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(get("/r/" + linkedin_token).status, 302);
    ASSERT_EQ(settled_count("SELECT COUNT(*) FROM clicks", i + 1), i + 1);
    clock.advance(std::chrono::minutes(1));  // past the per-minute cap
  }
  EXPECT_EQ(get("/r/" + linkedin_token, "Mozilla/5.0 (iPhone) Safari/604.1").status, 302);
  EXPECT_EQ(settled_count("SELECT COUNT(*) FROM clicks", 4), 4);
  EXPECT_EQ(count("SELECT COUNT(*) FROM clicks WHERE is_unique = 1"), 2);
  EXPECT_EQ(count("SELECT COUNT(DISTINCT visitor_hash) FROM clicks"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM clicks WHERE visitor_hash LIKE '%127.0.0.1%'"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM visitor_salts"), 1);
}

TEST_F(TrackingRoutesTest, HeadRequestRedirectsButIsNotCounted) {
  ASSERT_EQ(get("/r/" + linkedin_token).status, 302);  // warms the cache: the HEAD below takes the fast path
  ASSERT_EQ(settled_count("SELECT COUNT(*) FROM clicks", 1), 1);
  const auto reply = head("/r/" + linkedin_token);
  EXPECT_EQ(reply.status, 302);
  EXPECT_NE(reply.location.find("utm_source=linkedin"), std::string::npos);
  clock.advance(std::chrono::minutes(1));  // past the per-minute cap
  EXPECT_EQ(get("/r/" + linkedin_token).status, 302);
  EXPECT_EQ(settled_count("SELECT COUNT(*) FROM clicks", 2), 2);
}

TEST_F(TrackingRoutesTest, ALoopOnALinkIsRedirectedEveryTimeButCountedOncePerMinute) {
  for (int i = 0; i < 20; ++i) {
    const auto reply = get("/r/" + linkedin_token);
    EXPECT_EQ(reply.status, 302);
    EXPECT_NE(reply.location.find("utm_source=linkedin"), std::string::npos);
    clock.advance(std::chrono::seconds(2));
  }
  EXPECT_EQ(settled_count("SELECT COUNT(*) FROM clicks", 1), 1) << "40 seconds of clicks by one visitor";
  clock.advance(std::chrono::seconds(30));
  EXPECT_EQ(get("/r/" + linkedin_token).status, 302);
  EXPECT_EQ(settled_count("SELECT COUNT(*) FROM clicks", 2), 2) << "a minute after the counted one";
  EXPECT_EQ(count("SELECT COUNT(*) FROM clicks WHERE is_unique = 1"), 1);
}

TEST_F(TrackingRoutesTest, HeadOnAColdLinkIsNotCountedEither) {
  EXPECT_EQ(head("/r/" + x_token).status, 302);
  EXPECT_EQ(get("/r/" + linkedin_token).status, 302);
  EXPECT_EQ(settled_count("SELECT COUNT(*) FROM clicks", 1), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM clicks WHERE token = '" + x_token + "'"), 0);
}

TEST_F(TrackingRoutesTest, LinkPreviewRobotsRedirectButAreNotCounted) {
  for (const char* agent : {"Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
                            "TelegramBot (like TwitterBot)", "LinkedInBot/1.0", ""}) {
    const auto reply = get("/r/" + x_token, agent);
    EXPECT_EQ(reply.status, 302) << agent;
    EXPECT_NE(reply.location.find("utm_source=x"), std::string::npos) << agent;
  }
  EXPECT_EQ(get("/r/" + linkedin_token).status, 302);
  EXPECT_EQ(settled_count("SELECT COUNT(*) FROM clicks", 1), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM clicks WHERE token = '" + x_token + "'"), 0);
}

TEST_F(TrackingRoutesTest, UnknownTokenIs404AndNothingIsLogged) {
  const auto unknown = tracking::new_link_token();
  const auto reply = get("/r/" + unknown);
  EXPECT_EQ(reply.status, 404);
  EXPECT_NE(reply.content_type.find("text/html"), std::string::npos);
  EXPECT_NE(reply.body.find("This link is not known"), std::string::npos);
  EXPECT_EQ(get("/s/" + unknown).status, 404);
  EXPECT_EQ(clicks(), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM shares"), 0);
}

TEST_F(TrackingRoutesTest, MalformedTokenIs404) {
  for (const char* target :
       {"/r/short", "/r/AAAAAAAAAAAAAAAAAAAA%20A", "/r/AAAAAAAAAAAAAAAAAAAAA=", "/s/not-a-token"}) {
    const auto reply = get(target);
    EXPECT_EQ(reply.status, 404) << target;
    EXPECT_NE(reply.body.find("This link is not known"), std::string::npos) << target;
  }
  EXPECT_EQ(clicks(), 0);
}

TEST_F(TrackingRoutesTest, LinkWithoutAmbassadorRedirectsWithoutUtmContent) {
  const auto reply = get("/r/" + nobody_token);
  EXPECT_EQ(reply.status, 302);
  EXPECT_NE(reply.location.find("utm_source=facebook"), std::string::npos);
  EXPECT_EQ(reply.location.find("utm_content"), std::string::npos);
  EXPECT_EQ(settled_count("SELECT COUNT(*) FROM clicks", 1), 1);
}

TEST_F(TrackingRoutesTest, ShareLinkLogsAShareAndOpensLinkedInWithTheTrackedLink) {
  const auto reply = get("/s/" + linkedin_token);
  EXPECT_EQ(reply.status, 302);
  EXPECT_EQ(reply.location, "https://www.linkedin.com/sharing/share-offsite/?url=" +
                                tracking::percent_encode(std::string(kBaseUrl) + "/r/" + linkedin_token));
  EXPECT_EQ(reply.cache_control, "no-store");
  EXPECT_EQ(settled_count("SELECT COUNT(*) FROM shares", 1), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM shares WHERE source = 'link_opened' AND network = 'linkedin' AND post_id = " +
                  std::to_string(post_id) + " AND ambassador_id = " + std::to_string(ambassador_id) +
                  " AND department_id = 'wijk'"),
            1);
  EXPECT_EQ(clicks(), 0) << "opening the share page is not a click";
  EXPECT_EQ(get("/s/" + linkedin_token).status, 302);
  EXPECT_EQ(settled_count("SELECT COUNT(*) FROM shares", 1), 1) << "one share per post, ambassador and network";
}

TEST_F(TrackingRoutesTest, ShareLinkForXPrefillsTheSuggestedText) {
  const auto reply = get("/s/" + x_token);
  EXPECT_EQ(reply.status, 302);
  EXPECT_EQ(reply.location,
            tracking::share_intent_url("x", std::string(kBaseUrl) + "/r/" + x_token, "Kijk: ons nieuwe park & meer!"));
  EXPECT_NE(reply.location.find("text=Kijk%3A%20ons"), std::string::npos) << reply.location;
}

TEST_F(TrackingRoutesTest, ShareLinkFetchedByAPreviewRobotIsNotAShare) {
  EXPECT_EQ(get("/s/" + linkedin_token, "Slackbot-LinkExpanding 1.0").status, 302);
  EXPECT_EQ(head("/s/" + x_token).status, 302);
  EXPECT_EQ(get("/s/" + x_token).status, 302);
  EXPECT_EQ(settled_count("SELECT COUNT(*) FROM shares", 1), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM shares WHERE network = 'x'"), 1);
}

TEST_F(TrackingRoutesTest, ShareLinkWithoutAmbassadorRedirectsButLogsNoShare) {
  const auto reply = get("/s/" + nobody_token);
  EXPECT_EQ(reply.status, 302);
  EXPECT_EQ(reply.location.rfind("https://www.facebook.com/sharer/sharer.php?u=", 0), 0u) << reply.location;
  EXPECT_EQ(get("/s/" + x_token).status, 302);
  EXPECT_EQ(settled_count("SELECT COUNT(*) FROM shares", 1), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM shares WHERE network = 'facebook'"), 0);
}

TEST_F(TrackingRoutesTest, ClicksAfterMidnightUseANewSalt) {
  EXPECT_EQ(get("/r/" + linkedin_token).status, 302);
  ASSERT_EQ(settled_count("SELECT COUNT(*) FROM clicks", 1), 1);
  clock.advance(std::chrono::hours(24));
  EXPECT_EQ(get("/r/" + linkedin_token).status, 302);
  EXPECT_EQ(settled_count("SELECT COUNT(*) FROM clicks", 2), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM visitor_salts"), 2);
  EXPECT_EQ(count("SELECT COUNT(DISTINCT visitor_hash) FROM clicks"), 2) << "a visitor cannot be followed across days";
}

TEST_F(TrackingRoutesTest, WithoutTrustedProxiesAForgedForwardedForChangesNothing) {
  EXPECT_EQ(get_forwarded_for("/r/" + linkedin_token, "198.51.100.1").status, 302);
  EXPECT_EQ(get_forwarded_for("/r/" + linkedin_token, "198.51.100.2").status, 302);
  EXPECT_EQ(settled_count("SELECT COUNT(*) FROM clicks", 1), 1) << "one visitor (the peer), capped";
}

// The loopback peer stands in for a reverse proxy we run ourselves.
class TrackingRoutesBehindProxyTest : public TrackingRoutesTest {
 protected:
  std::vector<http::Cidr> trusted_proxies() const override { return http::parse_cidrs({"127.0.0.0/8"}, "test"); }
};

TEST_F(TrackingRoutesBehindProxyTest, VisitorsBehindATrustedProxyAreToldApartByForwardedFor) {
  EXPECT_EQ(get_forwarded_for("/r/" + linkedin_token, "198.51.100.1").status, 302);
  EXPECT_EQ(get_forwarded_for("/r/" + linkedin_token, "198.51.100.2").status, 302);
  // The client forged the left entry; our proxy appended the address it saw, so this is 198.51.100.1 again.
  EXPECT_EQ(get_forwarded_for("/r/" + linkedin_token, "203.0.113.66, 198.51.100.1").status, 302);
  EXPECT_EQ(settled_count("SELECT COUNT(*) FROM clicks", 2), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM clicks WHERE is_unique = 1"), 2) << "two visitors, same browser";
}

}  // namespace
}  // namespace ambassador::app
