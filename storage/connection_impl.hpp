#pragma once
// What each backend implements behind storage::Connection.
#include <cstdint>
#include <string>

#include "storage/connection.hpp"

namespace ambassador::storage {

class Connection::Impl {
 public:
  virtual ~Impl() = default;
  virtual Statement& prepare(const std::string& sql) = 0;
  virtual void reset_statements() = 0;
  virtual void exec(const std::string& sql) = 0;
  virtual std::int64_t last_insert_id() = 0;
  virtual int changes() = 0;
  virtual bool in_transaction() = 0;
  virtual std::int64_t vm_steps() = 0;
  virtual SQLite::Database* sqlite() = 0;
};

std::unique_ptr<Connection::Impl> open_sqlite(const std::string& path, int busy_timeout_ms, Connection::Mode mode);
std::unique_ptr<Connection::Impl> open_postgres(const std::string& url, int busy_timeout_ms, Connection::Mode mode);

}  // namespace ambassador::storage
