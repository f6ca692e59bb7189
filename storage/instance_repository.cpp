#include "storage/instance_repository.hpp"

#include <string>

namespace ambassador::storage {
namespace {
constexpr std::int64_t kForgetAfterMs = 86'400'000;
}

void InstanceRepository::beat(std::string_view id, std::int64_t now_ms) {
  auto& upsert = db_.prepare(
      "INSERT INTO instances(id, started_at, heartbeat_at) VALUES (?1, ?2, ?2)"
      " ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at");
  upsert.bind(1, std::string(id));
  upsert.bind(2, static_cast<std::int64_t>(now_ms));
  upsert.exec();
}

int InstanceRepository::live(std::int64_t live_since_ms) {
  auto& select = db_.prepare("SELECT count(*) FROM instances WHERE heartbeat_at >= ?");
  select.bind(1, static_cast<std::int64_t>(live_since_ms));
  select.executeStep();
  const auto count = static_cast<int>(select.getColumn(0).getInt64());
  select.reset();
  return count;
}

void InstanceRepository::leave(std::string_view id) {
  auto& lanes = db_.prepare("DELETE FROM outbox_lanes WHERE instance_id = ?");
  lanes.bind(1, std::string(id));
  lanes.exec();
  auto& instance = db_.prepare("DELETE FROM instances WHERE id = ?");
  instance.bind(1, std::string(id));
  instance.exec();
}

void InstanceRepository::forget_others(std::string_view id) {
  auto& lanes = db_.prepare("DELETE FROM outbox_lanes WHERE instance_id <> ?");
  lanes.bind(1, std::string(id));
  lanes.exec();
  auto& instances = db_.prepare("DELETE FROM instances WHERE id <> ?");
  instances.bind(1, std::string(id));
  instances.exec();
}

void InstanceRepository::forget_dead(std::int64_t live_since_ms) {
  auto& lanes = db_.prepare(
      "DELETE FROM outbox_lanes WHERE instance_id NOT IN (SELECT id FROM instances WHERE heartbeat_at >= ?)");
  lanes.bind(1, static_cast<std::int64_t>(live_since_ms));
  lanes.exec();
  auto& instances = db_.prepare("DELETE FROM instances WHERE heartbeat_at < ?");
  instances.bind(1, static_cast<std::int64_t>(live_since_ms - kForgetAfterMs));
  instances.exec();
}

}  // namespace ambassador::storage
