#pragma once
// Where each Teams conversation's connector lives (its serviceUrl), kept across restarts so a proactive message
// (a suggested post, a reminder) after a restart goes to the region that serves the team, not to the default.
#include <cstdint>
#include <string>
#include <vector>

#include "storage/connection.hpp"

namespace ambassador::storage {

struct TeamsConversation {
  std::string tenant_id, conversation_id, service_url;
};

class TeamsConversationRepository {
 public:
  explicit TeamsConversationRepository(Connection& connection) : db_(connection) {}

  void upsert(const TeamsConversation& conversation, std::int64_t now_ms);
  // Oldest first, so a tenant's latest URL is the last one a loader sees.
  std::vector<TeamsConversation> all();

 private:
  Connection& db_;
};

}  // namespace ambassador::storage
