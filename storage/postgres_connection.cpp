// storage::Connection on a PostgreSQL server, through libpq. Statements are written once for both backends: `?` and
// `?N` placeholders become `$N` here. Each statement is prepared on the server once per shape of its parameters
// (an integer is sent as int8 so that arithmetic on it is 64-bit; text as "unknown", typed by its context).
#include <libpq-fe.h>

#include <charconv>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "storage/connection_impl.hpp"
#include "storage/postgres_sql.hpp"

namespace ambassador::storage {
namespace {

constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kFloat8Oid = 701;

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

[[noreturn]] void fail(PGconn* conn, const PGresult* result, const std::string& sql) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(conn);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  throw DatabaseError("postgres: " + message + " (in: " + sql.substr(0, 200) + ")", state != nullptr ? state : "");
}

Result check(PGconn* conn, PGresult* raw, const std::string& sql) {
  Result result(raw);
  const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(conn, result.get(), sql);
  return result;
}

// The rows an INSERT, UPDATE or DELETE changed; 0 for anything else (libpq gives "" then).
int rows_changed(PGresult* result) {
  const char* tuples = PQcmdTuples(result);
  return tuples[0] != '\0' ? std::atoi(tuples) : 0;
}

struct ConnDeleter {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};

struct Session {
  std::unique_ptr<PGconn, ConnDeleter> owner;
  PGconn* conn = nullptr;
  int changes = 0;
  int next_statement = 0;
};

class PostgresStatement final : public Statement {
 public:
  PostgresStatement(Session& session, std::string sql)
      : session_(session), sql_(postgres_sql(sql)), count_(placeholder_count(sql_)) {
    values_.resize(static_cast<std::size_t>(count_));
    types_.assign(static_cast<std::size_t>(count_), 0);
    // A number the SQL skips (?2 alone) still is a parameter, and the server cannot guess its type from nowhere.
    for (int i = 1; i <= count_; ++i) {
      if (!mentions(sql_, i)) unreferenced_.push_back(i - 1);
    }
    formats_.assign(static_cast<std::size_t>(count_), 0);
  }

  bool executeStep() override {
    if (!result_) run();
    if (row_ >= PQntuples(result_.get())) return false;
    ++row_;
    return true;
  }

  int exec() override {
    run();
    return session_.changes;
  }

  void reset() override {
    result_.reset();
    row_ = 0;
  }

  void clear() {
    reset();
    for (auto& value : values_) value.reset();
    types_.assign(types_.size(), 0);
    formats_.assign(formats_.size(), 0);
  }

 protected:
  void bind_null(int index) override { set(index, std::nullopt, 0, 0); }
  void bind_int64(int index, std::int64_t value) override { set(index, std::to_string(value), kInt8Oid, 0); }
  void bind_double(int index, double value) override {
    char text[32];
    const auto [end, ec] = std::to_chars(text, text + sizeof text, value);
    set(index, std::string(text, end), kFloat8Oid, 0);
  }
  void bind_text(int index, const std::string& text, bool) override { set(index, text, 0, 0); }
  void bind_bytes(int index, std::string_view bytes) override { set(index, std::string(bytes), kByteaOid, 1); }

  bool column_null(int index) const override { return PQgetisnull(result_.get(), row_ - 1, index) != 0; }
  std::int64_t column_int64(int index) const override {
    const char* text = PQgetvalue(result_.get(), row_ - 1, index);
    if (PQftype(result_.get(), index) == kBoolOid) return text[0] == 't' ? 1 : 0;
    const char* end = text + PQgetlength(result_.get(), row_ - 1, index);
    std::int64_t value = 0;
    const auto parsed = std::from_chars(text, end, value);
    if (parsed.ec == std::errc() && parsed.ptr == end) return value;
    return static_cast<std::int64_t>(std::strtod(text, nullptr));  // numeric or float: truncated, as SQLite does
  }
  double column_double(int index) const override {
    return std::strtod(PQgetvalue(result_.get(), row_ - 1, index), nullptr);
  }
  std::string column_string(int index) const override {
    const char* text = PQgetvalue(result_.get(), row_ - 1, index);
    if (PQftype(result_.get(), index) != kByteaOid)
      return {text, static_cast<std::size_t>(PQgetlength(result_.get(), row_ - 1, index))};
    std::size_t length = 0;
    unsigned char* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &length);
    std::string out(reinterpret_cast<const char*>(bytes), length);
    PQfreemem(bytes);
    return out;
  }
  const char* column_text(int index) const override { return PQgetvalue(result_.get(), row_ - 1, index); }

 private:
  void set(int index, std::optional<std::string> value, Oid type, int format) {
    if (index < 1 || index > count_) throw std::out_of_range("postgres: no parameter " + std::to_string(index));
    const auto i = static_cast<std::size_t>(index - 1);
    values_[i] = std::move(value);
    types_[i] = type;
    formats_[i] = format;
  }

  static bool mentions(const std::string& sql, int number) {
    const std::string placeholder = "$" + std::to_string(number);
    for (auto at = sql.find(placeholder); at != std::string::npos; at = sql.find(placeholder, at + 1)) {
      const auto next = at + placeholder.size();
      if (next == sql.size() || sql[next] < '0' || sql[next] > '9') return true;
    }
    return false;
  }

  // The server-side statement for this shape of parameters, prepared on first use. A number the SQL skips gets
  // int8 here, whatever was bound to it, so that no binding can leave the server guessing.
  const std::string& prepared_name() {
    for (const auto i : unreferenced_) types_[i] = kInt8Oid;
    std::string shape(reinterpret_cast<const char*>(types_.data()), types_.size() * sizeof(Oid));
    auto it = prepared_.find(shape);
    if (it != prepared_.end()) return it->second;
    std::string name = "s" + std::to_string(session_.next_statement++);
    check(session_.conn, PQprepare(session_.conn, name.c_str(), sql_.c_str(), count_, types_.data()), sql_);
    return prepared_.emplace(std::move(shape), std::move(name)).first->second;
  }

  void run() {
    const std::string& name = prepared_name();
    std::vector<const char*> values(values_.size());
    std::vector<int> lengths(values_.size());
    for (std::size_t i = 0; i < values_.size(); ++i) {
      values[i] = values_[i] ? values_[i]->data() : nullptr;
      lengths[i] = values_[i] ? static_cast<int>(values_[i]->size()) : 0;
    }
    result_ = check(
        session_.conn,
        PQexecPrepared(session_.conn, name.c_str(), count_, values.data(), lengths.data(), formats_.data(), 0), sql_);
    row_ = 0;
    session_.changes = rows_changed(result_.get());
  }

  Session& session_;
  std::string sql_;
  int count_;
  std::vector<std::optional<std::string>> values_;
  std::vector<Oid> types_;
  std::vector<int> formats_;
  std::vector<std::size_t> unreferenced_;
  std::map<std::string, std::string> prepared_;
  Result result_;
  int row_ = 0;
};

class PostgresConnection final : public Connection::Impl {
 public:
  PostgresConnection(const std::string& url, int busy_timeout_ms, Connection::Mode mode) {
    session_.owner.reset(PQconnectdb(url.c_str()));
    session_.conn = session_.owner.get();
    if (session_.conn == nullptr) throw std::bad_alloc();
    if (PQstatus(session_.conn) != CONNECTION_OK) {
      // The message names host and user, never the password; the URL itself is not repeated.
      std::string message = PQerrorMessage(session_.conn);
      while (!message.empty() && message.back() == '\n') message.pop_back();
      throw DatabaseError("postgres: cannot connect: " + message, "08001");
    }
    // Notices ("relation already exists, skipping") are not the service's to print.
    PQsetNoticeProcessor(
        session_.conn, [](void*, const char*) {}, nullptr);
    exec("SET lock_timeout = " + std::to_string(busy_timeout_ms));
    exec("SET TIME ZONE 'UTC'");
    if (mode == Connection::Mode::read_only) exec("SET default_transaction_read_only = on");
  }

  Statement& prepare(const std::string& sql) override {
    auto it = statements_.find(sql);
    if (it == statements_.end()) {
      it = statements_.emplace(sql, std::make_unique<PostgresStatement>(session_, sql)).first;
    } else {
      it->second->clear();
    }
    return *it->second;
  }

  // Results are read whole when a statement runs: nothing stays open between jobs.
  void reset_statements() override {}

  void exec(const std::string& sql) override {
    auto result = check(session_.conn, PQexec(session_.conn, sql.c_str()), sql);
    session_.changes = rows_changed(result.get());
  }

  std::int64_t last_insert_id() override {
    auto result = check(session_.conn, PQexec(session_.conn, "SELECT lastval()"), "SELECT lastval()");
    return std::strtoll(PQgetvalue(result.get(), 0, 0), nullptr, 10);
  }

  int changes() override { return session_.changes; }
  bool in_transaction() override { return PQtransactionStatus(session_.conn) != PQTRANS_IDLE; }
  std::int64_t vm_steps() override { return 0; }
  SQLite::Database* sqlite() override { return nullptr; }

 private:
  Session session_;  // first: closed after the statements that point into it
  std::unordered_map<std::string, std::unique_ptr<PostgresStatement>> statements_;
};

}  // namespace

std::unique_ptr<Connection::Impl> open_postgres(const std::string& url, int busy_timeout_ms, Connection::Mode mode) {
  return std::make_unique<PostgresConnection>(url, busy_timeout_ms, mode);
}

}  // namespace ambassador::storage
