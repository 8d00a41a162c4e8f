// The server's database file: a sqlite::connection opened with the settings every connection to it needs.
//
// One `database` is one connection and is used by one thread at a time (SQLite's "multi-thread" mode): the
// transcript writer owns the write connection; readers open their own. Errors from SQLite are returned as
// `status` values with the SQLite message; exceptions are only thrown by open() at start-up paths.
#pragma once

#include <sqlite3.h>

#include <filesystem>

#include "common/result.hpp"
#include "sqlite/connection.hpp"

namespace helpchat::store {

class database : public sqlite::connection {
 public:
  enum class mode { read_write, read_only };

  // Opens (creating if needed) the database file, sets WAL, synchronous=FULL, foreign keys and a busy timeout.
  static result<database> open(const std::filesystem::path& file, mode how = mode::read_write);

 private:
  explicit database(sqlite::connection opened) : sqlite::connection(std::move(opened)) {}
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
