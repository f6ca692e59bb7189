// ambassador-bot: parses the command line and hands over to the Application or a CLI command.
#include <malloc.h>

#include <cstdio>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "bot/app/application.hpp"
#include "bot/app/logging.hpp"
#include "bot/app/post_cli.hpp"
#include "bot/app/telegram_cli.hpp"
#include "config/demo.hpp"
#include "config/loader.hpp"
#include "storage/backup.hpp"
#include "storage/connection.hpp"
#include "storage/migrations.hpp"

namespace {
using namespace ambassador;

constexpr const char* kUsage = R"(ambassador-bot — employee advocacy in your team chats

Usage:
  ambassador-bot serve        [--config FILE] [--log-level LEVEL] [--log-format text|json]
  ambassador-bot check-config [--config FILE]
  ambassador-bot migrate      [--config FILE]
  ambassador-bot backup FILE  [--config FILE]   a consistent copy of the database, taken while the service runs
  ambassador-bot restore FILE [--config FILE]   the database replaced by a backup; stop the service first
  ambassador-bot post create --title T --link URL [...] | list [--status S] | cancel ID [--config FILE]
  ambassador-bot telegram set-webhook --url URL [--config FILE]
  ambassador-bot telegram delete-webhook [--drop-pending-updates] [--config FILE]
  ambassador-bot telegram webhook-info [--config FILE]
  ambassador-bot --version | --help

Without --config the built-in demo configuration (config/demo.toml) is used.
Exit codes: 0 ok, 1 runtime failure, 2 invalid configuration or usage.
)";

struct Options {
  std::string command;
  std::vector<std::string> arguments;  // the words after the command (backup and restore take a file)
  std::optional<std::string> config_file;
  std::optional<std::string> log_level;
  std::optional<std::string> log_format;
};

std::optional<Options> parse_options(int argc, char** argv, std::string& error) {
  Options options;
  std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& arg = args[i];
    auto value = [&](std::optional<std::string>& into) {
      if (i + 1 >= args.size()) {
        error = arg + " needs a value";
        return false;
      }
      into = args[++i];
      return true;
    };
    if (arg == "--config") {
      if (!value(options.config_file)) return std::nullopt;
    } else if (arg == "--log-level") {
      if (!value(options.log_level)) return std::nullopt;
    } else if (arg == "--log-format") {
      if (!value(options.log_format)) return std::nullopt;
    } else if (arg == "--help" || arg == "-h" || arg == "--version") {
      options.command = arg;
    } else if (options.command.empty() && !arg.starts_with("-")) {
      options.command = arg;
    } else if (!arg.starts_with("-")) {
      options.arguments.push_back(arg);
    } else {
      error = "unexpected argument '" + arg + "'";
      return std::nullopt;
    }
  }
  if (options.command.empty()) options.command = "--help";
  return options;
}

config::LoadResult load(const Options& options) {
  if (options.config_file) return config::load_config_file(*options.config_file);
  return config::parse_config(config::demo_config_toml(), "demo.toml (built in)");
}

// Prints every problem with its key path; returns the config when valid.
std::optional<config::Config> load_or_report(const Options& options) {
  auto result = load(options);
  if (result.ok()) return std::move(result.config);
  std::cerr << "configuration " << options.config_file.value_or("(built-in demo)") << " has " << result.errors.size()
            << " problem(s):\n";
  for (const auto& error : result.errors) std::cerr << "  " << error.to_string() << "\n";
  return std::nullopt;
}

int serve(const Options& options) {
  auto config = load_or_report(options);
  if (!config) return 2;
  app::configure_logging(options.log_level.value_or(config->log.level),
                         options.log_format.value_or(config->log.format));
  app::Application application(std::move(*config));
  application.start();
  const auto port = application.port();
  spdlog::info("Ambassador Bot {} is up: http://{}:{}/healthz", AMBASSADOR_VERSION, application.config().http.address,
               port);
  if (application.config().platforms.local.enabled) {
    spdlog::info(
        "try: curl -s -XPOST http://127.0.0.1:{}/local/messages -H 'Content-Type: application/json' "
        "-d '{{\"channel\":\"wijkbeheer-ambassadeurs\",\"user\":\"anna\",\"text\":\"/help\"}}'",
        port);
    spdlog::info("then: curl -s 'http://127.0.0.1:{}/local/channels/wijkbeheer-ambassadeurs/messages?user=anna'", port);
  }
  application.run();
  return 0;
}

int migrate(const Options& options) {
  auto config = load_or_report(options);
  if (!config) return 2;
  storage::Connection connection(config->database_address(), config->storage.busy_timeout_ms);
  const auto applied = storage::migrate(connection);
  std::cout << "database " << config->database_label() << ": schema v" << storage::schema_version(connection)
            << (applied.empty() ? " (up to date)" : " (applied " + std::to_string(applied.size()) + ")") << "\n";
  return 0;
}

// backup FILE / restore FILE: SQLite's online backup either way (storage/backup.hpp says why not cp).
int backup_or_restore(const Options& options) {
  if (options.arguments.size() != 1) {
    std::cerr << "ambassador-bot: " << options.command << " needs one FILE\n\n" << kUsage;
    return 2;
  }
  auto config = load_or_report(options);
  if (!config) return 2;
  const auto& file = options.arguments.front();
  if (config->storage.backend == "postgres") {
    std::cerr << "ambassador-bot: " << options.command << " copies an SQLite database; on PostgreSQL use pg_dump and "
              << "pg_restore (README, Operations)\n";
    return 2;
  }
  const auto database = config->database_path();
  if (options.command == "backup") {
    const auto report = storage::backup_database(database, file, config->storage.busy_timeout_ms);
    std::cout << "backed up " << database << " to " << file << ": " << report.bytes << " bytes, schema v"
              << report.schema_version << ", integrity checked\n";
  } else {
    const auto report = storage::restore_database(file, database, config->storage.busy_timeout_ms);
    std::cout << "restored " << database << " from " << file << ": " << report.bytes << " bytes, schema v"
              << report.schema_version << "\n";
  }
  return 0;
}

// "telegram <command> ..." and "post <command> ...": the words after the command are its own, so only --config
// is taken out here.
int sub_command(int argc, char** argv) {
  Options options;
  options.command = argv[1];
  std::vector<std::string> rest;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg != "--config") {
      rest.push_back(arg);
    } else if (i + 1 < argc) {
      options.config_file = argv[++i];
    } else {
      std::cerr << "ambassador-bot: --config needs a value\n\n" << kUsage;
      return 2;
    }
  }
  auto config = load_or_report(options);
  if (!config) return 2;
  app::configure_logging("warn", "text");
  return options.command == "post" ? app::run_post_cli(rest, *config) : app::run_telegram_cli(rest, *config);
}

// SQLite builds small temporary b-trees for some statements (a query's IN list of three or more values; until
// migration 13 also every CHECK and partial index written that way, on each row written), each with its own page
// cache that is freed when the statement ends. glibc then trims the writer thread's arena with madvise(MADV_DONTNEED),
// and every madvise flushes the TLB on every core: perf showed half of the answered workload's CPU there
// (bench/wrk_bench.sh slack-mentions). Keeping up to 32 MB of freed memory per arena stops that; RSS stays far below
// the 50 MB target. Fixed thresholds also stop glibc from moving the mmap threshold around at run time.
void keep_freed_memory_for_reuse() {
  mallopt(M_TRIM_THRESHOLD, 32 * 1024 * 1024);
  mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
}

}  // namespace

int main(int argc, char** argv) {
  keep_freed_memory_for_reuse();
  if (argc >= 2 && (std::strcmp(argv[1], "telegram") == 0 || std::strcmp(argv[1], "post") == 0)) {
    try {
      return sub_command(argc, argv);
    } catch (const std::exception& e) {
      std::cerr << "ambassador-bot: " << e.what() << "\n";
      return 1;
    }
  }
  std::string error;
  auto options = parse_options(argc, argv, error);
  if (!options) {
    std::cerr << "ambassador-bot: " << error << "\n\n" << kUsage;
    return 2;
  }
  try {
    if (options->command == "--help" || options->command == "-h" || options->command == "help") {
      std::cout << kUsage;
      return 0;
    }
    if (options->command == "--version") {
      std::cout << "ambassador-bot " << AMBASSADOR_VERSION << "\n";
      return 0;
    }
    if (options->command == "backup" || options->command == "restore") return backup_or_restore(*options);
    if (!options->arguments.empty()) {
      std::cerr << "ambassador-bot: unexpected argument '" << options->arguments.front() << "'\n\n" << kUsage;
      return 2;
    }
    if (options->command == "serve") return serve(*options);
    if (options->command == "check-config") {
      if (!load_or_report(*options)) return 2;
      std::cout << "configuration " << options->config_file.value_or("(built-in demo)") << " is valid\n";
      return 0;
    }
    if (options->command == "migrate") return migrate(*options);
    std::cerr << "ambassador-bot: unknown command '" << options->command << "'\n\n" << kUsage;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "ambassador-bot: " << e.what() << "\n";
    return 1;
  }
}
