// An SQLite connection and its prepared statements, as RAII values.
//
// One `database` is one connection and is used by one thread at a time (SQLite's "multi-thread" mode): the
// transcript writer owns the write connection; readers open their own. Errors from SQLite are returned as
// `status` values with the SQLite message; exceptions are only thrown by open() at start-up paths.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace helpchat::store {

class statement {
 public:
  statement() = default;
  statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt, &sqlite3_finalize) {}

  // Binding is 1-based, as in SQLite.
  statement& bind(int index, std::int64_t value);
  statement& bind(int index, std::string_view value);
  statement& bind(int index, std::nullopt_t);

  // Steps once: true while a row is available, false when done. Failures are `status`.
  result<bool> step();
  // Steps to the end, for statements without results.
  status run();
  // Clears bindings and resets, ready for the next use.
  void reset();

  std::int64_t column_int(int index) const;
  std::string column_text(int index) const;
  bool column_is_null(int index) const;

 private:
  sqlite3* db_ = nullptr;
  std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> stmt_{nullptr, &sqlite3_finalize};
};

class database {
 public:
  enum class mode { read_write, read_only };

  // Opens (creating if needed) the database file, sets WAL, synchronous=FULL, foreign keys and a busy timeout.
  static result<database> open(const std::filesystem::path& file, mode how = mode::read_write);

  database(database&&) noexcept = default;
  database& operator=(database&&) noexcept = default;

  status exec(std::string_view sql);
  result<statement> prepare(std::string_view sql);
  std::int64_t last_insert_rowid() const;
  sqlite3* handle() const { return db_.get(); }

 private:
  explicit database(sqlite3* db) : db_(db, &sqlite3_close_v2) {}
  std::unique_ptr<sqlite3, decltype(&sqlite3_close_v2)> db_;
};

// BEGIN IMMEDIATE … COMMIT, rolled back unless commit() succeeded.
class transaction {
 public:
  explicit transaction(database& db);
  ~transaction();
  transaction(const transaction&) = delete;
  transaction& operator=(const transaction&) = delete;

  const status& begun() const { return begun_; }
  status commit();

 private:
  database& db_;
  status begun_;
  bool open_ = false;
};

// Applies the numbered migrations in store/migrations/ that the database has not seen (PRAGMA user_version).
status migrate(database& db);
// The schema version this build knows.
int latest_schema_version();

}  // namespace helpchat::store
