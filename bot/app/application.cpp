#include "bot/app/application.hpp"

#include <cstdio>
#include <filesystem>
#include <random>
#include <thread>

#include <unistd.h>

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>

#include "adapters/local/local_sender.hpp"
#include "adapters/local/local_webhook_adapter.hpp"
#include "bot/app/api_auth.hpp"
#include "bot/app/dashboard_routes.hpp"
#include "bot/app/local_routes.hpp"
#include "bot/app/meeting_routes.hpp"
#include "bot/app/ops_routes.hpp"
#include "bot/app/platform_wiring.hpp"
#include "bot/app/post_routes.hpp"
#include "bot/app/question_routes.hpp"
#include "bot/app/startup_warnings.hpp"
#include "bot/app/stats_routes.hpp"
#include "bot/app/tracking_routes.hpp"
#include "bot/app/webhook_route.hpp"
#include "bot/content/content_commands.hpp"
#include "bot/content/post_fanout.hpp"
#include "bot/content/post_scheduler.hpp"
#include "bot/directory_sync.hpp"
#include "bot/event_dispatcher.hpp"
#include "bot/http/beast_http_client.hpp"
#include "bot/http/metrics.hpp"
#include "bot/http/router.hpp"
#include "bot/http/server.hpp"
#include "bot/impact/badge_timer.hpp"
#include "bot/impact/impact_commands.hpp"
#include "bot/inbox_processor.hpp"
#include "bot/membership_commands.hpp"
#include "bot/outbox_dispatcher.hpp"
#include "bot/retention_job.hpp"
#include "bot/rhythm/digest_commands.hpp"
#include "bot/rhythm/digest_timer.hpp"
#include "bot/rhythm/intervision_commands.hpp"
#include "bot/rhythm/meeting_reminder_timer.hpp"
#include "bot/webcare/webcare_commands.hpp"
#include "bot/webcare/webcare_timer.hpp"
#include "storage/migrations.hpp"
#include "storage/retention_repository.hpp"
#include "storage/store.hpp"

namespace ambassador::app {
namespace asio = boost::asio;

namespace {

std::unique_ptr<storage::Store> open_store(const config::Config& config) {
  std::error_code ec;
  if (config.storage.backend == "sqlite")
    std::filesystem::create_directories(std::filesystem::path(config.database_path()).parent_path(), ec);
  try {
    const auto path = config.database_address();
    {
      // Migrations run on their own connection, before the writer thread takes over.
      storage::Connection connection(path, config.storage.busy_timeout_ms);
      const auto applied = storage::migrate(connection);
      if (!applied.empty())
        spdlog::info("storage: applied {} migration(s), schema now v{}", applied.size(), applied.back());
    }
    return std::make_unique<storage::Store>(storage::StoreOptions{path, config.storage.busy_timeout_ms});
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot open the database " + config.database_label() + ": " + e.what());
  }
}

http::ServerOptions server_options(const config::HttpConfig& http) {
  http::ServerOptions options;
  options.address = http.address;
  options.port = http.port;
  options.body_limit_bytes = http.body_limit_bytes;
  options.read_timeout = std::chrono::seconds(http.read_timeout_seconds);
  options.idle_timeout = std::chrono::seconds(http.idle_timeout_seconds);
  options.max_connections = http.max_connections;
  return options;
}

// Names this process among the instances sharing a database: the host and pid for whoever reads the instances
// table, a random part so a restarted process with a reused pid is a new instance.
std::string instance_id() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) std::snprintf(host, sizeof host, "host");
  std::random_device random;
  return fmt::format("{}-{}-{:08x}", host, ::getpid(), random());
}

DispatcherOptions dispatcher_options() {
  DispatcherOptions options;
  options.instance_id = instance_id();
  spdlog::info("instance {}", options.instance_id);
  return options;
}

}  // namespace

struct Application::Impl {
  Impl(config::Config cfg, ApplicationOptions options)
      : config(std::move(cfg)),
        clock(options.clock ? *options.clock : system_clock),
        store(open_store(config)),
        dispatcher(config, clock),
        inbox(*store, dispatcher, clock, [this] { outbox.wake(); }),
        outbox(io, *store, clock, dispatcher_options()),
        public_base_url(config.http.public_base_url.empty()
                            ? "http://" + config.http.address + ":" + std::to_string(config.http.port)
                            : config.http.public_base_url),
        sessions(clock),
        auth(config.api_tokens, config.demo ? 0 : config::kMinApiTokenLength, &sessions),
        fanout(config, clock, public_base_url),
        scheduler(io, *store, fanout, [this] { outbox.wake(); }),
        retention(io, *store, clock,
                  RetentionOptions{.ages = config.retention, .closed_question_days = config.webcare.retention_days}),
        webcare_timer(
            io, *store, config, clock, [this] { outbox.wake(); }, options.webcare_timer),
        digest_timer(io, *store, config, clock, [this] { outbox.wake(); }),
        badge_timer(io, *store, config, clock, [this] { outbox.wake(); }),
        meeting_reminders(
            io, *store, config, clock, [this] { outbox.wake(); }, options.meeting_reminders),
        local_sender(*store, clock),
        server(io, server_options(config.http), router, metrics),
        signals(io) {
    for (const auto& warning : startup_warnings(config)) spdlog::warn("config: {}", warning);
    const auto summary = [this] {
      SyncSummary s;
      store->write_sync([&](storage::Connection& db) { s = sync_directory(db, config, clock.now_ms()); });
      return s;
    }();
    spdlog::info("directory: {} departments, {} channels, {} seeded ambassadors", summary.departments, summary.channels,
                 summary.ambassadors);
    if (summary.unlinked > 0)
      spdlog::info("directory: {} channels the config no longer names are unlinked from their departments",
                   summary.unlinked);
    for (const auto& move : summary.followed_moves)
      spdlog::warn(
          "directory: the config names {} channel {} (department {}), which now has the id {}; {}. Please "
          "change the id in the config.",
          move.platform, move.configured_id, move.department, move.current_id,
          move.ignored ? "the config links that id already, so this entry is ignored" : "linking the new id");
    register_membership_commands(dispatcher);
    // The loader validated both lists, so parse_cidrs does not throw here.
    add_ops_routes(router, *store, metrics, shutting_down,
                   http::parse_cidrs(config.http.metrics_allow, "http.metrics_allow"));
    if (config.platforms.local.enabled) {
      add_webhook_routes(router, local_adapter, *store, clock, ingest, inbox);
      add_local_routes(router, *store);
      // A local channel is a table row: no platform limit to respect beyond the configured pace.
      outbox.add_platform(local_sender, RatePolicy{{config.platforms.local.rate_per_second, 1}, {}});
    }
    PlatformWiring wiring{config, clock, io, router, *store, http_client, outbox, ingest, inbox, platform_objects};
    if (config.platforms.slack.enabled) wire_slack(wiring);
    if (config.platforms.telegram.enabled) wire_telegram(wiring);
    if (config.platforms.teams.enabled) wire_teams(wiring);
    add_tracking_routes(router, *store, clock, public_base_url,
                        http::parse_cidrs(config.http.trusted_proxies, "http.trusted_proxies"));
    content::register_content_commands(dispatcher, public_base_url);
    ContentApi api{config, clock, *store, auth, [this] { scheduler.wake(); }, [this] { outbox.wake(); }};
    add_post_routes(router, api);
    add_idea_routes(router, api);
    add_stats_routes(router, api);
    add_dashboard_routes(router, DashboardApi{config, auth, sessions, public_base_url.starts_with("https://"),
                                              http::parse_cidrs(config.http.trusted_proxies, "http.trusted_proxies")});
    webcare::register_webcare_commands(dispatcher, [this] { webcare_timer.wake(); });
    rhythm::register_digest_commands(dispatcher);
    impact::register_impact_commands(dispatcher);
    add_question_routes(
        router, QuestionApi{config, clock, *store, auth, [this] { webcare_timer.wake(); }, [this] { outbox.wake(); }});
    rhythm::register_intervision_commands(dispatcher, [this] { meeting_reminders.wake(); });
    const MeetingApi meeting_api{
        config, clock, *store, auth, public_base_url, [this] { meeting_reminders.wake(); }, [this] { outbox.wake(); }};
    add_meeting_routes(router, meeting_api);
    add_calendar_route(router, meeting_api);
    add_metrics();
  }

  void add_metrics() {
    metrics.add_gauge("ambassador_http_connections", "Open HTTP connections.", [this] { return server.connections(); });
    metrics.add_gauge("ambassador_storage_write_queue", "Jobs waiting for the database writer.",
                      [this] { return static_cast<double>(store->write_queue_depth()); });
    metrics.add_gauge("ambassador_storage_read_queue", "Jobs waiting for the database reader.",
                      [this] { return static_cast<double>(store->read_queue_depth()); });
    metrics.add_counter("ambassador_storage_commits_total", "Write transactions committed (group commits).",
                        [this] { return static_cast<double>(store->transactions_committed()); });
    metrics.add_counter("ambassador_events_stored_total", "Webhook events stored in the inbox.",
                        [this] { return static_cast<double>(ingest.stored.load()); });
    metrics.add_counter("ambassador_events_duplicate_total", "Webhook events acknowledged as duplicates.",
                        [this] { return static_cast<double>(ingest.duplicates.load()); });
    metrics.add_counter("ambassador_events_rejected_total", "Webhook requests rejected (signature, format).",
                        [this] { return static_cast<double>(ingest.rejected.load()); });
    metrics.add_counter("ambassador_events_processed_total", "Inbox events handled.",
                        [this] { return static_cast<double>(inbox.processed()); });
    metrics.add_counter("ambassador_events_failed_total", "Inbox events whose handler failed.",
                        [this] { return static_cast<double>(inbox.failed()); });
    metrics.add_gauge("ambassador_outbox_in_flight", "Deliveries claimed and not yet settled.",
                      [this] { return static_cast<double>(outbox.in_flight()); });
    metrics.add_counter("ambassador_outbox_sent_total", "Deliveries sent.",
                        [this] { return static_cast<double>(outbox.stats().sent.load()); });
    metrics.add_counter("ambassador_outbox_retried_total", "Delivery attempts to retry later.",
                        [this] { return static_cast<double>(outbox.stats().retried.load()); });
    metrics.add_counter("ambassador_outbox_rate_limited_total", "Delivery attempts answered 429.",
                        [this] { return static_cast<double>(outbox.stats().rate_limited.load()); });
    metrics.add_counter("ambassador_outbox_failed_total", "Deliveries given up.",
                        [this] { return static_cast<double>(outbox.stats().failed.load()); });
    metrics.add_counter("ambassador_outbox_unanswered_total",
                        "Delivery attempts whose request reached the platform unanswered; looked up before a retry.",
                        [this] { return static_cast<double>(outbox.stats().unanswered.load()); });
    metrics.add_counter("ambassador_outbox_resent_unconfirmed_total",
                        "Deliveries that may have landed, sent again because the platform cannot be asked.",
                        [this] { return static_cast<double>(outbox.stats().resent_unconfirmed.load()); });
    metrics.add_counter("ambassador_outbox_write_retries_total", "Outbox writes that failed and were tried again.",
                        [this] { return static_cast<double>(outbox.stats().write_retries.load()); });
    metrics.add_labelled_gauge("ambassador_webcare_open_questions",
                               "Webcare questions and signals not yet answered "
                               "or closed, by department.",
                               "department", [this] { return labelled(webcare_timer.figures().open_by_department); });
    metrics.add_labelled_counter("ambassador_webcare_breaches_total",
                                 "Webcare deadlines missed (each escalation), "
                                 "by department.",
                                 "department",
                                 [this] { return labelled(webcare_timer.figures().breaches_by_department); });
    for (const auto table : storage::kSizedTables) {
      metrics.add_gauge("ambassador_table_rows_" + std::string(table),
                        "Rows in the " + std::string(table) + " table, as counted after the last retention pass.",
                        [this, table = std::string(table)] {
                          const auto sizes = retention.table_sizes();
                          const auto found = sizes.find(table);
                          return found == sizes.end() ? 0.0 : static_cast<double>(found->second);
                        });
    }
  }

  static http::Metrics::LabelledValues labelled(const std::map<std::string, int>& counts) {
    http::Metrics::LabelledValues values;
    for (const auto& [label, count] : counts) values.emplace_back(label, count);
    return values;
  }

  void start() {
    if (started) return;
    started = true;
    inbox.wake();  // events stored before a crash and not yet handled: before any new one
    server.start();
    outbox.start();
    scheduler.start();
    retention.start();
    webcare_timer.start();
    digest_timer.start();
    badge_timer.start();
    meeting_reminders.start();
    signals.add(SIGINT);
    signals.add(SIGTERM);
    signals.async_wait([this](boost::system::error_code ec, int signal) {
      if (ec) return;
      spdlog::info("received signal {}, shutting down", signal);
      shutdown();
    });
    spdlog::info("listening on http://{}:{}", config.http.address, server.port());
  }

  void shutdown() {
    if (shutting_down.exchange(true)) return;
    boost::system::error_code ignored;
    signals.cancel(ignored);
    scheduler.stop();
    retention.stop();
    webcare_timer.stop();
    digest_timer.stop();
    badge_timer.stop();
    meeting_reminders.stop();
    server.shutdown([this] {
      http_client.shutdown();
      outbox.stop(std::chrono::seconds(5), [this] {
        work.reset();
        io.stop();
      });
    });
  }

  void run() {
    start();
    const int threads = std::max(1, config.http.threads);
    std::vector<std::thread> extra;
    for (int i = 1; i < threads; ++i) extra.emplace_back([this] { io.run(); });
    io.run();
    for (auto& t : extra) t.join();
    store->stop();
    spdlog::info("stopped; database closed");
  }

  config::Config config;
  SystemClock system_clock;
  const Clock& clock;
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(io);
  std::unique_ptr<storage::Store> store;
  http::Router router;
  http::Metrics metrics;
  IngestCounters ingest;
  std::atomic<bool> shutting_down{false};
  bool started = false;
  EventDispatcher dispatcher;
  InboxProcessor inbox;
  OutboxDispatcher outbox;
  std::string public_base_url;
  SessionRegistry sessions;
  ApiAuth auth;
  content::PostFanout fanout;
  content::PostScheduler scheduler;
  RetentionJob retention;
  webcare::WebcareTimer webcare_timer;
  rhythm::DigestTimer digest_timer;
  impact::BadgeTimer badge_timer;
  rhythm::MeetingReminderTimer meeting_reminders;
  http::BeastHttpClient http_client{io};
  std::vector<std::shared_ptr<void>> platform_objects;
  adapters::local::LocalWebhookAdapter local_adapter;
  adapters::local::LocalSender local_sender;
  http::Server server;
  asio::signal_set signals;
};

Application::Application(config::Config config, ApplicationOptions options)
    : impl_(std::make_unique<Impl>(std::move(config), options)) {}
Application::~Application() = default;

void Application::start() { impl_->start(); }
void Application::run() { impl_->run(); }
void Application::shutdown() {
  asio::post(impl_->io, [impl = impl_.get()] { impl->shutdown(); });
}
std::uint16_t Application::port() const { return impl_->server.port(); }
storage::Store& Application::store() { return *impl_->store; }
const config::Config& Application::config() const { return impl_->config; }

}  // namespace ambassador::app
