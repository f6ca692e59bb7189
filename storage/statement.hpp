#pragma once
// A prepared statement and its result columns, the same for every backend: repositories bind parameters by their
// 1-based position (`?` in the SQL), step through rows, and read columns by 0-based index.
#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>

namespace ambassador::storage {

class Statement;

// One column of the current row. Valid until the statement steps again or is reset.
class Column {
 public:
  Column(Statement& statement, int index) : statement_(&statement), index_(index) {}
  bool isNull() const;
  std::int64_t getInt64() const;
  int getInt() const { return static_cast<int>(getInt64()); }
  double getDouble() const;
  std::string getString() const;  // text, or a BLOB's bytes
  const char* getText() const;    // "" for NULL

 private:
  Statement* statement_;
  int index_;
};

class Statement {
 public:
  virtual ~Statement() = default;

  void bind(int index) { bind_null(index); }
  template <std::integral T>
  void bind(int index, T value) {
    bind_int64(index, static_cast<std::int64_t>(value));
  }
  void bind(int index, double value) { bind_double(index, value); }
  void bind(int index, std::string_view text) { bind_text(index, std::string(text), true); }
  void bind(int index, const std::string& text) { bind_text(index, text, true); }
  void bind(int index, const char* text) { bind_text(index, std::string(text), true); }
  // The caller keeps `text` alive and unchanged until the statement has run (saves a copy on hot paths).
  void bindNoCopy(int index, const std::string& text) { bind_text(index, text, false); }
  void bind_blob(int index, std::string_view bytes) { bind_bytes(index, bytes); }

  // Runs the statement on its first call; true while a row is there to read.
  virtual bool executeStep() = 0;
  // Runs a statement that returns no rows; the number of rows it changed.
  virtual int exec() = 0;
  // Ends a pending step (an SQLite statement left on a row holds its read snapshot).
  virtual void reset() = 0;
  Column getColumn(int index) { return Column(*this, index); }

 protected:
  friend class Column;
  virtual void bind_null(int index) = 0;
  virtual void bind_int64(int index, std::int64_t value) = 0;
  virtual void bind_double(int index, double value) = 0;
  virtual void bind_text(int index, const std::string& text, bool copy) = 0;
  virtual void bind_bytes(int index, std::string_view bytes) = 0;
  virtual bool column_null(int index) const = 0;
  virtual std::int64_t column_int64(int index) const = 0;
  virtual double column_double(int index) const = 0;
  virtual std::string column_string(int index) const = 0;
  virtual const char* column_text(int index) const = 0;
};

inline bool Column::isNull() const { return statement_->column_null(index_); }
inline std::int64_t Column::getInt64() const { return statement_->column_int64(index_); }
inline double Column::getDouble() const { return statement_->column_double(index_); }
inline std::string Column::getString() const { return statement_->column_string(index_); }
inline const char* Column::getText() const { return statement_->column_text(index_); }

}  // namespace ambassador::storage
