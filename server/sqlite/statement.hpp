// A prepared SQLite statement as an RAII value: finalized when it goes out of scope, on every path.
//
// Owns its sqlite3_stmt; borrows the connection it was prepared on, which must outlive it. Used by one thread at a
// time, like its connection (SQLite's "multi-thread" mode). Failures are `status` values carrying SQLite's message,
// with code `unavailable` (the storage could not do it); callers with another meaning re-word them.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace helpchat::sqlite {

class statement {
 public:
  statement() = default;
  // Prepares `sql` on `db` (owned elsewhere: a sqlite::connection, or a handle borrowed from the caller).
  static result<statement> prepare(sqlite3* db, std::string_view sql);

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
  double column_double(int index) const;
  std::string column_text(int index) const;
  bool column_is_null(int index) const;

 private:
  struct finalizer {
    void operator()(sqlite3_stmt* stmt) const;
  };
  statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}

  sqlite3* db_ = nullptr;
  std::unique_ptr<sqlite3_stmt, finalizer> stmt_;
};

// SQLite's message for the last failure on `db`, as an `unavailable` error: "what: message".
error failure(sqlite3* db, std::string_view what);

}  // namespace helpchat::sqlite
