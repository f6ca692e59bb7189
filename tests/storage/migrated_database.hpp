#pragma once
// A fresh, fully migrated SQLite file in a temporary directory, for repository tests.
#include <gtest/gtest.h>

#include <string>

#include "storage/connection.hpp"
#include "storage/migrations.hpp"
#include "test_database.hpp"
#include "testing.hpp"

namespace ambassador::storage {

class MigratedDatabase : public ::testing::Test {
 protected:
  MigratedDatabase() : path_(ambassador::testing::database(dir_, "test.sqlite3")), db_(path_, 1000) { migrate(db_); }

  std::int64_t count_rows(const std::string& sql) { return db_.query_int64(sql); }

  ambassador::testing::TempDir dir_;
  std::string path_;
  Connection db_;
};

}  // namespace ambassador::storage
