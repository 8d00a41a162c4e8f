#include "sqlite/connection.hpp"

#include <sqlite3.h>

namespace helpchat::sqlite {

void connection::closer::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

result<connection> connection::open(const std::string& file, int flags) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(file.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  connection opened(raw);  // SQLite hands out a handle even when opening fails; it must be closed too
  if (rc != SQLITE_OK) return failure(raw, "open " + file);
  sqlite3_extended_result_codes(raw, 1);
  return opened;
}

status connection::exec(std::string_view sql) { return sqlite::exec(handle(), sql); }

std::int64_t connection::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_.get()); }

status exec(sqlite3* db, std::string_view sql) {
  char* message = nullptr;
  std::string text(sql);
  if (sqlite3_exec(db, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string what = message != nullptr ? message : "exec";
    sqlite3_free(message);
    return error::of(error_code::unavailable, "sqlite: " + what);
  }
  return done{};
}

}  // namespace helpchat::sqlite
