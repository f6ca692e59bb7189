#include "storage/teams_conversation_repository.hpp"

namespace ambassador::storage {

void TeamsConversationRepository::upsert(const TeamsConversation& conversation, std::int64_t now_ms) {
  auto& statement = db_.prepare(
      "INSERT INTO teams_conversations (conversation_id, tenant_id, service_url, updated_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (conversation_id) DO UPDATE SET tenant_id = excluded.tenant_id, "
      "service_url = excluded.service_url, updated_at = excluded.updated_at");
  statement.bind(1, conversation.conversation_id);
  statement.bind(2, conversation.tenant_id);
  statement.bind(3, conversation.service_url);
  statement.bind(4, static_cast<std::int64_t>(now_ms));
  statement.exec();
}

std::vector<TeamsConversation> TeamsConversationRepository::all() {
  auto& query = db_.prepare(
      "SELECT tenant_id, conversation_id, service_url FROM teams_conversations ORDER BY updated_at, conversation_id");
  std::vector<TeamsConversation> out;
  while (query.executeStep()) {
    out.push_back({query.getColumn(0).getString(), query.getColumn(1).getString(), query.getColumn(2).getString()});
  }
  return out;
}

}  // namespace ambassador::storage
