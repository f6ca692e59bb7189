#pragma once
// A channel that lives on under another id (a Telegram group upgraded to a supergroup): its directory row and
// the deliveries still waiting for it move together, whoever learns of the move first (the platform's update, or
// a send answered "upgraded").
#include <string_view>

#include "storage/connection.hpp"
#include "storage/directory_repository.hpp"

namespace ambassador {

struct ChannelMoveResult {
  storage::ChannelMove row = storage::ChannelMove::not_found;
  int redirected = 0;  // pending or claimed deliveries now addressed to the new id
};

ChannelMoveResult follow_channel_move(storage::Connection& db, std::string_view platform, std::string_view workspace,
                                      std::string_view old_id, std::string_view new_id);

}  // namespace ambassador
