#include "bot/channel_move.hpp"

#include "storage/outbox_repository.hpp"

namespace ambassador {

ChannelMoveResult follow_channel_move(storage::Connection& db, std::string_view platform, std::string_view workspace,
                                      std::string_view old_id, std::string_view new_id) {
  ChannelMoveResult result;
  result.row = storage::DirectoryRepository(db).move_channel(platform, workspace, old_id, new_id);
  result.redirected = storage::OutboxRepository(db).redirect_channel(platform, workspace, old_id, new_id);
  return result;
}

}  // namespace ambassador
