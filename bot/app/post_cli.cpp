#include "bot/app/post_cli.hpp"

#include <algorithm>
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>
#include "storage/transaction.hpp"

#include "bot/app/api_support.hpp"
#include "bot/clock.hpp"
#include "bot/command.hpp"
#include "bot/content/post_input.hpp"
#include "bot/content/post_withdrawal.hpp"
#include "storage/migrations.hpp"
#include "storage/outbox_repository.hpp"
#include "storage/post_repository.hpp"

namespace ambassador::app {
namespace {
using nlohmann::json;

constexpr const char* kUsage = R"(Usage:
  ambassador-bot post create --title T --link URL [--body B] [--text SUGGESTED] [--themes a,b]
                             [--departments x,y] [--roles r,s] [--dm] [--publish-at TIME] [--expires-at TIME]
                             [--time-zone ZONE] [--draft]
  ambassador-bot post list [--status S] [--theme T] [--department D]
  ambassador-bot post cancel ID
TIME is ISO 8601 with an offset (2026-12-01T09:00:00+01:00) or a local time read in the department's zone.
)";

// --flag value pairs and bare --switches; positional words in `positional`.
struct Flags {
  std::map<std::string, std::string> values;
  std::vector<std::string> positional;
  std::string error;
};

Flags parse_flags(const std::vector<std::string>& args, std::size_t from, const std::vector<std::string>& switches) {
  Flags flags;
  for (std::size_t i = from; i < args.size(); ++i) {
    const auto& arg = args[i];
    if (!arg.starts_with("--")) {
      flags.positional.push_back(arg);
    } else if (std::find(switches.begin(), switches.end(), arg) != switches.end()) {
      flags.values[arg] = "true";
    } else if (i + 1 < args.size()) {
      flags.values[arg] = args[++i];
    } else {
      flags.error = arg + " needs a value";
    }
  }
  return flags;
}

json post_json_from(const Flags& flags, std::string& unknown) {
  static const std::map<std::string, std::string> kText{
      {"--title", "title"},         {"--link", "link_url"},         {"--body", "body"},
      {"--text", "suggested_text"}, {"--publish-at", "publish_at"}, {"--expires-at", "expires_at"},
      {"--time-zone", "time_zone"}, {"--image", "image_url"}};
  static const std::map<std::string, std::string> kLists{
      {"--themes", "themes"}, {"--departments", "departments"}, {"--roles", "roles"}};
  json body = json::object();
  for (const auto& [flag, value] : flags.values) {
    if (auto it = kText.find(flag); it != kText.end())
      body[it->second] = value;
    else if (auto list = kLists.find(flag); list != kLists.end())
      body[list->second] = split_list(value);
    else if (flag == "--dm")
      body["direct_messages"] = true;
    else if (flag == "--draft")
      body["status"] = "draft";
    else
      unknown = flag;
  }
  return body;
}

storage::Connection open_database(const config::Config& config) {
  storage::Connection db(config.database_address(), config.storage.busy_timeout_ms);
  storage::migrate(db);
  return db;
}

// Where a subcommand writes, and the time it goes by.
struct Io {
  const Clock& clock;
  std::ostream& out;
  std::ostream& err;
};

int create(const std::vector<std::string>& args, const config::Config& config, Io io) {
  auto flags = parse_flags(args, 1, {"--dm", "--draft"});
  std::string unknown;
  auto body = post_json_from(flags, unknown);
  if (!flags.error.empty() || !unknown.empty() || !flags.positional.empty()) {
    io.err << (flags.error.empty() ? "unknown option " + unknown : flags.error) << "\n" << kUsage;
    return 2;
  }
  storage::PostRecord post;
  auto problems = content::apply_post_input(body, post, config, io.clock.now_ms(), content::InputMode::create);
  if (!problems.empty()) {
    io.err << "the post is not valid:\n";
    for (const auto& problem : problems) io.err << "  " << problem << "\n";
    return 2;
  }
  post.created_by = "cli";
  post.created_at_ms = post.updated_at_ms = io.clock.now_ms();
  auto db = open_database(config);
  post.id = storage::PostRepository(db).insert(post);
  io.out << content::post_to_json(post).dump(2) << "\n";
  return 0;
}

int list(const std::vector<std::string>& args, const config::Config& config, Io io) {
  auto flags = parse_flags(args, 1, {});
  // A mistyped filter must not list every post as if they all matched.
  const bool unknown_option = std::any_of(flags.values.begin(), flags.values.end(), [](const auto& flag) {
    return flag.first != "--status" && flag.first != "--theme" && flag.first != "--department";
  });
  if (!flags.error.empty() || unknown_option || !flags.positional.empty()) {
    io.err << (flags.error.empty() ? "post list takes --status, --theme and --department" : flags.error) << "\n"
           << kUsage;
    return 2;
  }
  storage::PostFilter filter;
  filter.status = flags.values["--status"];
  filter.theme = flags.values["--theme"];
  filter.department = flags.values["--department"];
  filter.limit = 1000;
  auto db = open_database(config);
  for (const auto& post : storage::PostRepository(db).list(filter)) {
    const auto json = content::post_to_json(post);
    io.out << post.id << "\t" << post.status << "\t"
           << (json["publish_at"].is_string() ? json["publish_at"].get<std::string>() : "-") << "\t" << post.title
           << "\n";
  }
  return 0;
}

int cancel(const std::vector<std::string>& args, const config::Config& config, Io io) {
  auto id = args.size() == 2 ? path_id(args[1]) : std::nullopt;
  if (!id) {
    io.err << kUsage;
    return 2;
  }
  auto db = open_database(config);
  storage::PostRepository posts(db);
  auto post = posts.find(*id);
  if (!post) return io.err << "no post " << *id << "\n", 1;
  storage::Transaction transaction(db);
  const auto cancelled = content::cancel_post(db, *post, io.clock, config.delivery);
  transaction.commit();
  // A running service picks the withdrawals up from the outbox on its next poll.
  io.out << "post " << *id << " cancelled (" << cancelled.stopped << " deliveries stopped, " << cancelled.withdrawn
         << " delivered messages to withdraw)\n";
  return 0;
}

}  // namespace

int run_post_cli(const std::vector<std::string>& args, const config::Config& config) {
  return run_post_cli(args, config, SystemClock(), std::cout, std::cerr);
}

int run_post_cli(const std::vector<std::string>& args, const config::Config& config, const Clock& clock,
                 std::ostream& out, std::ostream& err) {
  const Io io{clock, out, err};
  if (args.empty()) return err << kUsage, 2;
  if (args[0] == "create") return create(args, config, io);
  if (args[0] == "list") return list(args, config, io);
  if (args[0] == "cancel") return cancel(args, config, io);
  err << "unknown post command '" << args[0] << "'\n" << kUsage;
  return 2;
}

}  // namespace ambassador::app
