// The Bot Framework's identity side for the Teams ingest benchmark: serves the OpenID metadata and the signing keys
// (JWKS) on loopback, as the tests' FakeBotFramework does, and prints one token for the activities a benchmark
// sends, valid for an hour, as the Bot Framework reuses one token for many activities:
//   metadata <url>     what [platforms.teams] openid_metadata_url must name
//   app_id <guid>      the App ID (the token's audience)
//   token <jwt>        for `Authorization: Bearer`, its serviceurl claim = SERVICE_URL
// then serves until SIGTERM or SIGINT. Usage: fake_bot_framework SERVICE_URL
#include <pthread.h>
#include <signal.h>

#include <chrono>
#include <iostream>

#include "fake_bot_framework.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: fake_bot_framework SERVICE_URL\n";
    return 2;
  }
  // Blocked before the server's thread starts, so only sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  ambassador::testing::FakeBotFramework identity;
  std::cout << "metadata " << identity.metadata_url() << "\n"
            << "app_id " << ambassador::testing::FakeBotFramework::kAppId << "\n"
            << "token " << identity.token(argv[1], std::chrono::system_clock::now()) << std::endl;
  int signal = 0;
  sigwait(&stop_signals, &signal);
  std::cout << "keys fetched " << identity.keys_fetches() << std::endl;
  return 0;
}
