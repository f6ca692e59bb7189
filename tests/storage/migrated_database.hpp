#pragma once
// A fresh, fully migrated SQLite file in a temporary directory, for repository tests.
#include <gtest/gtest.h>

#include <string>

#include "storage/connection.hpp"
#include "storage/migrations.hpp"
#include "testing.hpp"

namespace ambassador::storage {

class MigratedDatabase : public ::testing::Test {
 protected:
  MigratedDatabase() : path_(dir_.file("test.sqlite3")), db_(path_, 1000) { migrate(db_); }

  std::int64_t count_rows(const std::string& sql) { return db_.db().execAndGet(sql).getInt64(); }

  ambassador::testing::TempDir dir_;
  std::string path_;
  Connection db_;
};

}  // namespace ambassador::storage
