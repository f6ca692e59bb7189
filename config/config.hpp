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

struct OrganisationConfig {
  std::string name = "Ambassador Bot";
  std::string language = "nl";                 // "nl" or "en": every text the bot says
  std::string time_zone = "Europe/Amsterdam";  // IANA zone; departments inherit it
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
  std::string data_dir = "data";
  std::string database = "ambassador.sqlite3";  // relative to data_dir unless absolute
  int busy_timeout_ms = 5000;
};

struct LogConfig {
  std::string level = "info";   // trace, debug, info, warn, error, off
  std::string format = "text";  // text or json
};

struct ChannelConfig {
  std::string platform;                 // "local", "slack", "telegram", "teams"
  std::string workspace;                // Slack team id; empty for local/telegram
  std::string id;                       // the platform's channel/chat id
  std::string purpose = "ambassadors";  // ambassadors, webcare, editors, admins (told when the bot joins/leaves)
};

struct DepartmentConfig {
  std::string id;         // slug: "wijkbeheer"
  std::string name;       // "Wijkbeheer"
  std::string time_zone;  // IANA; defaults to the organisation's
  std::string language;   // "nl"/"en"; defaults to the organisation's
  std::vector<ChannelConfig> channels;
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

struct PlatformsConfig {
  LocalPlatformConfig local;
  SlackConfig slack;
  TelegramConfig telegram;
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
  PlatformsConfig platforms;

  const DepartmentConfig* find_department(std::string_view id) const;
  std::string database_path() const;  // storage.database resolved against storage.data_dir
};

}  // namespace ambassador::config
