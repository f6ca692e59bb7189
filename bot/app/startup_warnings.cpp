#include "bot/app/startup_warnings.hpp"

#include "config/checks.hpp"

namespace ambassador::app {

std::vector<std::string> startup_warnings(const config::Config& config) {
  std::vector<std::string> warnings;
  const auto& platforms = config.platforms;
  if (platforms.local.enabled) {
    if (platforms.slack.enabled || platforms.telegram.enabled || platforms.teams.enabled)
      warnings.push_back(
          "platforms.local is enabled beside a real chat platform: anyone who reaches the HTTP port can act as any "
          "user through /local/messages; turn it off in production");
    if (!config::checks::is_loopback_host(config.http.address))
      warnings.push_back("platforms.local is enabled and the service listens on " + config.http.address +
                         ", not on loopback: anyone who reaches it can act as any user through /local/messages");
  }
  if (config.demo)
    warnings.push_back("this is a demo configuration (demo = true): API tokens shorter than " +
                       std::to_string(config::kMinApiTokenLength) + " characters are accepted");
  return warnings;
}

}  // namespace ambassador::app
