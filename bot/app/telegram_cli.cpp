#include "bot/app/telegram_cli.hpp"

#include <exception>
#include <iostream>
#include <optional>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "adapters/telegram/message_renderer.hpp"
#include "bot/app/telegram_platform.hpp"
#include "bot/http/beast_http_client.hpp"
#include "encoding/json_text.hpp"

namespace ambassador::app {
namespace {

namespace telegram = adapters::telegram;

constexpr const char* kUsage = R"(Usage:
  ambassador-bot telegram set-webhook --url URL [--config FILE]
  ambassador-bot telegram delete-webhook [--drop-pending-updates] [--config FILE]
  ambassador-bot telegram webhook-info [--config FILE]

URL is where Telegram posts updates: https://YOUR-HOST/telegram/webhook (ports 443, 80, 88 or 8443).
The bot token and webhook secret come from [platforms.telegram] of the configuration.
)";

struct Command {
  std::string name;
  std::string url;
  bool drop_pending_updates = false;
};

std::optional<Command> parse(const std::vector<std::string>& args, std::string& error) {
  Command command;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--url") {
      if (i + 1 >= args.size()) {
        error = "--url needs a value";
        return std::nullopt;
      }
      command.url = args[++i];
    } else if (arg == "--drop-pending-updates") {
      command.drop_pending_updates = true;
    } else if (command.name.empty() && !arg.starts_with("-")) {
      command.name = arg;
    } else {
      error = "unexpected argument '" + arg + "'";
      return std::nullopt;
    }
  }
  if (command.name.empty()) {
    error = "missing the telegram command";
    return std::nullopt;
  }
  if (command.name != "set-webhook" && command.name != "delete-webhook" && command.name != "webhook-info") {
    error = "unknown telegram command '" + command.name + "'";
    return std::nullopt;
  }
  if (command.name == "set-webhook" && command.url.empty()) error = "set-webhook needs --url URL";
  if (command.name != "set-webhook" && !command.url.empty()) error = "--url belongs to set-webhook only";
  if (command.name != "delete-webhook" && command.drop_pending_updates)
    error = "--drop-pending-updates belongs to delete-webhook only";
  if (!error.empty()) return std::nullopt;
  return command;
}

// Blanks every occurrence of the token (the API never echoes it, but a transport error might carry the URL).
std::string redact(std::string text, const std::string& token) {
  if (token.empty()) return text;
  for (auto at = text.find(token); at != std::string::npos; at = text.find(token, at))
    text.replace(at, token.size(), "<bot token>");
  return text;
}

http::ClientResponse exchange(http::ClientRequest request) {
  boost::asio::io_context io;
  http::BeastHttpClient client(io);
  http::ClientResponse answer;
  client.send(std::move(request), [&answer, &client](http::ClientResponse response) {
    answer = std::move(response);
    client.shutdown();  // closes the kept-alive connection, so io.run() returns
  });
  io.run();
  return answer;
}

}  // namespace

int run_telegram_cli(const std::vector<std::string>& args, const config::Config& config) {
  return run_telegram_cli(args, config, std::cout, std::cerr);
}

int run_telegram_cli(const std::vector<std::string>& args, const config::Config& config, std::ostream& out,
                     std::ostream& err) {
  if (!args.empty() && (args.front() == "--help" || args.front() == "-h" || args.front() == "help")) {
    out << kUsage;
    return 0;
  }
  std::string error;
  const auto command = parse(args, error);
  if (!command) {
    err << "ambassador-bot telegram: " << error << "\n\n" << kUsage;
    return 2;
  }

  const auto& settings = config.platforms.telegram;
  std::string token;
  http::ClientRequest request;
  try {
    token = resolve_telegram_bot_token(settings);
    if (command->name == "set-webhook") {
      request = telegram::render_set_webhook(settings.api_base_url, token, command->url,
                                             resolve_telegram_webhook_secret(settings));
    } else if (command->name == "delete-webhook") {
      request = telegram::render_delete_webhook(settings.api_base_url, token, command->drop_pending_updates);
    } else {
      request = telegram::render_get_webhook_info(settings.api_base_url, token);
    }
  } catch (const std::exception& e) {
    err << "ambassador-bot telegram: " << redact(e.what(), token) << "\n";
    return 1;
  }
  if (!settings.enabled) err << "note: [platforms.telegram] is not enabled in this configuration\n";

  const auto response = exchange(std::move(request));
  if (response.status == 0) {
    err << "ambassador-bot telegram: no answer from " << http::redacted_url(settings.api_base_url) << ": "
        << redact(response.error, token) << "\n";
    return 1;
  }
  const auto body = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) {
    err << "ambassador-bot telegram: HTTP " << response.status << " without a Bot API answer:\n"
        << redact(response.body, token) << "\n";
    return 1;
  }
  out << redact(encoding::dump_json(body, 2), token) << "\n";
  const auto ok_field = body.is_object() ? body.find("ok") : body.end();
  const bool ok = response.status >= 200 && response.status < 300 && ok_field != body.end() && ok_field->is_boolean() &&
                  ok_field->get<bool>();
  if (!ok) err << "ambassador-bot telegram: " << command->name << " failed (HTTP " << response.status << ")\n";
  return ok ? 0 : 1;
}

}  // namespace ambassador::app
