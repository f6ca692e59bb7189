#pragma once
// The service's configuration, as loaded from TOML and validated (see loader.hpp).
// Secrets are never values here, only references ("env:NAME" or "file:/path") resolved at start-up.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ambassador::config {

// A reference to a secret: "env:SLACK_SIGNING_SECRET" or "file:/run/secrets/slack". Empty: not set.
class SecretRef {
 public:
  SecretRef() = default;
  explicit SecretRef(std::string reference) : reference_(std::move(reference)) {}
  bool empty() const { return reference_.empty(); }
  const std::string& reference() const { return reference_; }  // safe to log: names, not values
  // Reads the secret now. Throws std::runtime_error naming the reference (never the value) when the
  // variable is unset/empty or the file is unreadable. A file's trailing newline is dropped.
  std::string resolve() const;
  // Whether `text` is a well-formed reference; `why` says what is wrong when not.
  static bool is_valid_reference(const std::string& text, std::string& why);

 private:
  std::string reference_;
};

// When a department is at work: SLA clocks only run in these hours. Local time of the department's zone.
struct BusinessHoursConfig {
  std::string opens = "08:30";   // "HH:MM"
  std::string closes = "17:00";  // "HH:MM", after opens
  std::vector<std::string> days = {"mon", "tue", "wed", "thu", "fri"};
  std::vector<std::string> holidays;  // local dates "YYYY-MM-DD" without business hours
};

struct OrganisationConfig {
  std::string name = "Ambassador Bot";
  std::string language = "nl";                 // "nl" or "en": every text the bot says
  std::string time_zone = "Europe/Amsterdam";  // IANA zone; departments inherit it
  BusinessHoursConfig business_hours;          // departments inherit it; their holidays add to these
};

struct HttpConfig {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;    // 0: pick a free port (tests)
  std::string public_base_url;  // how the outside world reaches us (tracked links); default http://address:port
  std::size_t body_limit_bytes = 1024 * 1024;  // larger bodies get 413
  int read_timeout_seconds = 10;               // a request must arrive within this (slow clients)
  int idle_timeout_seconds = 60;               // keep-alive connections idle longer are closed
  int max_connections = 1024;                  // past this, new connections get 503 and are closed
  int threads = 1;                             // io_context threads
  // CIDRs of our own reverse proxies: only from these peers is X-Forwarded-For believed (tracked clicks).
  std::vector<std::string> trusted_proxies;
  // CIDRs allowed to read /metrics; other peers get 403.
  std::vector<std::string> metrics_allow = {"127.0.0.0/8", "::1/128"};
};

struct StorageConfig {
  std::string backend = "sqlite";  // "sqlite" (one instance, a file) or "postgres" (one or more instances)
  std::string data_dir = "data";
  std::string database = "ambassador.sqlite3";  // SQLite: relative to data_dir unless absolute
  // PostgreSQL: a secret, as its URL may hold a password: postgresql://user:password@host:5432/db?sslmode=...
  SecretRef postgres_url;
  int busy_timeout_ms = 5000;  // how long a statement waits for a lock held by another connection
};

struct LogConfig {
  std::string level = "info";   // trace, debug, info, warn, error, off
  std::string format = "text";  // text or json
};

struct ChannelConfig {
  std::string platform;   // "local", "slack", "telegram", "teams"
  std::string workspace;  // Slack team id; empty for local/telegram
  std::string id;         // the platform's channel/chat id
  // ambassadors (suggested posts), experts (escalated questions, when a department has one), leads (signals of
  // leads), webcare, editors, admins (told when the bot joins/leaves)
  std::string purpose = "ambassadors";
};

struct DepartmentConfig {
  std::string id;         // slug: "wijkbeheer"
  std::string name;       // "Wijkbeheer"
  std::string time_zone;  // IANA; defaults to the organisation's
  std::string language;   // "nl"/"en"; defaults to the organisation's
  std::vector<ChannelConfig> channels;
  BusinessHoursConfig business_hours;  // the organisation's, with this department's opens/closes/days if set and
                                       // its holidays added to the organisation's
  // Webcare routing: a question's topic naming the department (id or name), one of these keywords or one of these
  // themes goes to this department. Keywords are lowercase words or phrases; themes must be listed in `themes`.
  std::vector<std::string> keywords;
  std::vector<std::string> themes;
  // Escalation, as people addresses "platform:user_id" or "slack:T0123/U0456": a missed deadline goes to the
  // backup contacts first, the next one to the lead.
  std::vector<std::string> backup_contacts;
  std::string lead;
};

// Seed data: ambassadors known at start (demo, or an organisation's initial list).
struct AmbassadorSeed {
  std::string name;
  std::string department;  // a department id
  std::string platform;
  std::string workspace;
  std::string user_id;
  std::vector<std::string> roles;
  std::vector<std::string> themes;
};

struct ApiToken {
  std::string name;  // who holds it (logged), e.g. "comms-team"
  SecretRef token;
  std::string role;  // admin, editor, webcare, lead
};

struct DeliveryConfig {
  int daily_cap_per_ambassador = 3;         // direct messages per ambassador per local day
  std::string quiet_hours_start = "21:00";  // local time of the department; no DMs in between
  std::string quiet_hours_end = "08:00";
  int give_up_after_minutes = 60;      // a delivery still failing then is marked failed
  double global_rate_per_second = 30;  // per platform; adapters may lower it
  double channel_rate_per_second = 1;
};

// How long rows are kept, in days (at least 1). Raw clicks older than clicks_days are rolled up into per-link
// daily counts (the figures stay, the visitor hashes go); the others are deleted.
struct RetentionConfig {
  int clicks_days = 30;
  int outbox_days = 30;          // sent, failed and cancelled deliveries (kept while their post can be recalled)
  int local_messages_days = 30;  // the local platform's chat history
  int ideas_days = 180;          // approved and rejected ideas; pending ones stay
};

// An SLA step's length in business time: minutes, or whole business days (a business day is the department's
// opening hours, so "1 day" from Tuesday 10:00 is Wednesday 10:00). Both zero: the step has no deadline.
struct BusinessDuration {
  int minutes = 0;
  int days = 0;
  bool none() const { return minutes == 0 && days == 0; }
  bool operator==(const BusinessDuration&) const = default;
};

struct SlaConfig {
  BusinessDuration claim;   // from intake (or being sent back) until someone claims it
  BusinessDuration answer;  // from intake (or being sent back) until it is answered (signals: closed)
};

struct WebcareConfig {
  std::string default_department;      // questions whose topic matches no department; "" = the first department
  std::string reference_prefix = "W";  // questions: W-2027-0042
  std::string signal_prefix = "S";     // signals from ambassadors: S-2027-0007
  std::string digest_time = "08:30";   // dagstart in webcare's channels on working days; "" = none
  // The one reminder before a deadline fires when this share of its window has passed.
  int reminder_percent = 75;
  int retention_days = 90;  // the texts of a closed question are purged this many days after it closed
  SlaConfig high{{15, 0}, {120, 0}};
  SlaConfig normal{{120, 0}, {0, 1}};
  SlaConfig low{{0, 0}, {0, 3}};
  SlaConfig complaint{{120, 0}, {0, 1}};  // `signal complaint`: handled by webcare
  SlaConfig lead{{0, 1}, {0, 3}};         // `signal lead`: handled in the department's leads channel
};

// [digests]: the weekly digest to every ambassador (who may turn it off with `digest off`) and the monthly
// report to each department's lead, in the department's local time. A day that is no working day of the department
// moves to its next working day, a time in quiet hours to their end.
struct DigestsConfig {
  bool weekly_enabled = true;
  std::string weekly_day = "mon";  // "mon".."sun"
  std::string weekly_time = "09:00";
  bool monthly_enabled = true;
  int monthly_day = 1;  // day of the month, 1..28 (every month has it)
  std::string monthly_time = "09:00";
};

// [impact]: what the dashboard's estimated media value is made of, and what the programme is compared with.
// A unique click on a share is valued at what buying that click as an ad on the network would cost (euros).
struct ImpactBaselineMonth {
  std::string month;  // "YYYY-MM"
  std::int64_t shares = 0;
  std::int64_t unique_clicks = 0;
};

struct ImpactConfig {
  double cost_linkedin = 3.00;  // cost_per_unique_click.linkedin
  double cost_x = 0.80;
  double cost_facebook = 0.60;
  double cost_other = 0.50;
  // Either a period of the programme's own data (both dates, inclusive) or hand-entered months; neither: none.
  std::string baseline_from, baseline_to;  // "YYYY-MM-DD"
  std::vector<ImpactBaselineMonth> baseline_months;
};

// Intervision meetings' reminders in the department's ambassadors channel. Either may be switched off.
struct IntervisionConfig {
  std::string reminder_day_before = "10:00";  // "HH:MM" on the working day before the meeting; "" = none
  int reminder_before_minutes = 60;           // this long before the start; 0 = none
};

// [recognition]: kudos between colleagues and the badges (milestones) the bot announces once per person. A badge
// counts either shares or unique clicks; without a name it is described by its threshold in the reader's language.
struct BadgeConfig {
  std::string id;  // slug; the key of "announced once", so never reuse one for another badge
  std::string name;
  std::int64_t shares = 0;         // reached at this many shares (0: not a shares badge)
  std::int64_t unique_clicks = 0;  // reached at this many unique clicks on the person's links
  std::string reward;              // optional: "lunch with the alderman"
};

struct RecognitionConfig {
  int kudos_per_day = 5;  // per giver, per day in the organisation's time zone
  std::vector<BadgeConfig> badges = {
      {"first-share", "", 1, 0, ""}, {"ten-shares", "", 10, 0, ""}, {"hundred-clicks", "", 0, 100, ""}};
};

// The built-in chat: anyone who reaches the HTTP port can act as any user there. Off unless a config turns it on.
struct LocalPlatformConfig {
  bool enabled = false;
  double rate_per_second = 1000;  // deliveries to local channels (a test or demo can slow a fan-out down)
};

struct SlackWorkspaceConfig {
  std::string team_id;
  SecretRef signing_secret;
  SecretRef bot_token;
};

struct SlackConfig {
  bool enabled = false;
  std::string api_base_url = "https://slack.com/api";
  std::vector<SlackWorkspaceConfig> workspaces;
};

struct TelegramConfig {
  bool enabled = false;
  std::string api_base_url = "https://api.telegram.org";
  std::string bot_username;  // for "/command@botname" in groups
  SecretRef bot_token;
  SecretRef webhook_secret;  // echoed back in X-Telegram-Bot-Api-Secret-Token
};

// Microsoft Teams through the Bot Framework. The URLs are configurable so tests run against fakes on loopback.
struct TeamsConfig {
  bool enabled = false;
  std::string app_id;         // the bot's Microsoft App ID: the audience of inbound tokens, client_id outbound
  SecretRef app_password;     // the App's client secret
  std::string app_tenant_id;  // empty: a multi-tenant App (tokens from botframework.com); set: single-tenant
  std::string openid_metadata_url = "https://login.botframework.com/v1/.well-known/openidconfiguration";
  std::string token_issuer = "https://api.botframework.com";                  // the `iss` inbound tokens must carry
  std::string login_base_url = "https://login.microsoftonline.com";           // {base}/{tenant}/oauth2/v2.0/token
  std::string default_service_url = "https://smba.trafficmanager.net/teams";  // until a conversation told us its own
};

struct PlatformsConfig {
  LocalPlatformConfig local;
  SlackConfig slack;
  TelegramConfig telegram;
  TeamsConfig teams;
};

// API tokens shorter than this are refused at start, except in a demo config (`demo = true`).
inline constexpr std::size_t kMinApiTokenLength = 32;

struct Config {
  bool demo = false;  // a demo or test install: demo conveniences (short API tokens) are allowed
  OrganisationConfig organisation;
  HttpConfig http;
  StorageConfig storage;
  LogConfig log;
  std::vector<std::string> themes;  // theme slugs posts and ambassadors can carry
  std::vector<std::string> roles = {"social_savvy", "expert", "thought_leader", "spokesperson"};
  std::vector<DepartmentConfig> departments;
  std::vector<AmbassadorSeed> ambassadors;
  std::vector<ApiToken> api_tokens;
  DeliveryConfig delivery;
  RetentionConfig retention;
  WebcareConfig webcare;
  DigestsConfig digests;
  IntervisionConfig intervision;
  RecognitionConfig recognition;
  ImpactConfig impact;
  PlatformsConfig platforms;

  const DepartmentConfig* find_department(std::string_view id) const;
  std::string database_path() const;
  // What storage::Connection opens: the SQLite file, or the PostgreSQL URL read from its secret (never log it).
  std::string database_address() const;
  // The database as a log line may name it: the file, or "PostgreSQL at env:NAME" (the reference, not the URL).
  std::string database_label() const;  // storage.database resolved against storage.data_dir
};

}  // namespace ambassador::config
