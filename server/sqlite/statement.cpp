#include "sqlite/statement.hpp"

#include <sqlite3.h>

namespace helpchat::sqlite {

error failure(sqlite3* db, std::string_view what) {
  std::string message(what);
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : "sqlite";
  return error::of(error_code::unavailable, std::move(message));
}

void statement::finalizer::operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }

result<statement> statement::prepare(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
      SQLITE_OK) {
    return failure(db, "prepare");
  }
  return statement(db, stmt);
}

statement& statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_.get(), index, value);
  return *this;
}

statement& statement::bind(int index, std::string_view value) {
  sqlite3_bind_text(stmt_.get(), index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}

statement& statement::bind(int index, std::nullopt_t) {
  sqlite3_bind_null(stmt_.get(), index);
  return *this;
}

result<bool> statement::step() {
  int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return failure(db_, "step");
}

status statement::run() {
  auto stepped = step();
  while (stepped && *stepped) stepped = step();
  if (!stepped) return stepped.failure();
  return done{};
}

void statement::reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
}

std::int64_t statement::column_int(int index) const { return sqlite3_column_int64(stmt_.get(), index); }

double statement::column_double(int index) const { return sqlite3_column_double(stmt_.get(), index); }

std::string statement::column_text(int index) const {
  const auto* text = sqlite3_column_text(stmt_.get(), index);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), index))};
}

bool statement::column_is_null(int index) const { return sqlite3_column_type(stmt_.get(), index) == SQLITE_NULL; }

}  // namespace helpchat::sqlite
