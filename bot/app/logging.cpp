#include "bot/app/logging.hpp"

#include <chrono>
#include <stdexcept>

#include <fmt/chrono.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "encoding/json_text.hpp"

namespace ambassador::app {
namespace {

// One JSON object per line; the message is escaped properly (a pattern string cannot do that).
class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    nlohmann::json line{
        {"time", fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", std::chrono::floor<std::chrono::milliseconds>(msg.time))},
        {"level", spdlog::level::to_string_view(msg.level).data()},
        {"thread", msg.thread_id},
        {"message", std::string(msg.payload.data(), msg.payload.size())}};
    auto text = encoding::dump_json(line);
    dest.append(text.data(), text.data() + text.size());
    dest.push_back('\n');
  }
  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonFormatter>(); }
};

}  // namespace

void configure_logging(const std::string& level, const std::string& format) {
  const auto parsed = spdlog::level::from_str(level);
  if (parsed == spdlog::level::off && level != "off") throw std::invalid_argument("unknown log level '" + level + "'");
  spdlog::drop("ambassador");
  auto logger = spdlog::stderr_color_mt("ambassador");
  if (format == "json") {
    logger->set_formatter(std::make_unique<JsonFormatter>());
  } else if (format == "text") {
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
  } else {
    throw std::invalid_argument("unknown log format '" + format + "' (text or json)");
  }
  logger->set_level(parsed);
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
}

}  // namespace ambassador::app
