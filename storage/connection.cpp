#include "storage/connection.hpp"

#include "storage/connection_impl.hpp"

namespace ambassador::storage {

Backend backend_of(const std::string& address) {
  return address.starts_with("postgresql://") || address.starts_with("postgres://") ? Backend::postgres
                                                                                    : Backend::sqlite;
}

const char* sql_for(const Connection& db, const char* sqlite, const char* postgres) {
  return db.backend() == Backend::postgres ? postgres : sqlite;
}

Connection::Connection(const std::string& address, int busy_timeout_ms, Mode mode)
    : backend_(backend_of(address)),
      impl_(backend_ == Backend::postgres ? open_postgres(address, busy_timeout_ms, mode)
                                          : open_sqlite(address, busy_timeout_ms, mode)) {}

Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&&) noexcept = default;
Connection::~Connection() = default;

Statement& Connection::prepare(const std::string& sql) { return impl_->prepare(sql); }
void Connection::reset_statements() { impl_->reset_statements(); }
void Connection::exec(const std::string& sql) { impl_->exec(sql); }
std::int64_t Connection::last_insert_id() { return impl_->last_insert_id(); }
int Connection::changes() { return impl_->changes(); }
bool Connection::in_transaction() { return impl_->in_transaction(); }
std::int64_t Connection::vm_steps() { return impl_->vm_steps(); }

std::int64_t Connection::query_int64(const std::string& sql) {
  auto& query = prepare(sql);
  const std::int64_t value = query.executeStep() ? query.getColumn(0).getInt64() : 0;
  query.reset();
  return value;
}

std::string Connection::query_text(const std::string& sql) {
  auto& query = prepare(sql);
  std::string value = query.executeStep() ? query.getColumn(0).getString() : std::string();
  query.reset();
  return value;
}

SQLite::Database& Connection::sqlite() {
  auto* db = impl_->sqlite();
  if (db == nullptr) throw std::logic_error("this needs an SQLite database; the service is on PostgreSQL");
  return *db;
}

}  // namespace ambassador::storage
