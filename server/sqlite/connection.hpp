// An SQLite connection as an RAII value: closed when it goes out of scope, on every path (even when opening failed).
//
// One connection is used by one thread at a time (SQLite's "multi-thread" mode, SQLITE_OPEN_NOMUTEX). It knows
// nothing of what it is for: store::database opens the server's file with its pragmas, faq::faq_index an in-memory
// index. exec() and prepare() also exist for a handle borrowed from elsewhere (faq_index::build_in).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "sqlite/statement.hpp"

namespace helpchat::sqlite {

class connection {
 public:
  // sqlite3_open_v2(file, flags | SQLITE_OPEN_NOMUTEX) with extended result codes on.
  static result<connection> open(const std::string& file, int flags);

  status exec(std::string_view sql);
  result<statement> prepare(std::string_view sql) { return statement::prepare(handle(), sql); }
  std::int64_t last_insert_rowid() const;
  sqlite3* handle() const { return db_.get(); }

 private:
  struct closer {
    void operator()(sqlite3* db) const;
  };
  explicit connection(sqlite3* db) : db_(db) {}

  std::unique_ptr<sqlite3, closer> db_;
};

// Runs `sql` (one or more statements without results) on `db`.
status exec(sqlite3* db, std::string_view sql);

}  // namespace helpchat::sqlite
