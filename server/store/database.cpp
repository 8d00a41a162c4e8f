#include "store/database.hpp"

#include <array>

#include "store/migrations.hpp"

namespace helpchat::store {
namespace {

error sqlite_error(sqlite3* db, std::string_view what) {
  std::string message(what);
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : "sqlite";
  return error::of(error_code::unavailable, std::move(message));
}

}  // namespace

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
  return sqlite_error(db_, "step");
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

std::string statement::column_text(int index) const {
  const auto* text = sqlite3_column_text(stmt_.get(), index);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), index))};
}

bool statement::column_is_null(int index) const { return sqlite3_column_type(stmt_.get(), index) == SQLITE_NULL; }

result<database> database::open(const std::filesystem::path& file, mode how) {
  sqlite3* raw = nullptr;
  int flags = how == mode::read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;  // one thread per connection at a time; see the header
  int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
  database db(raw);
  if (rc != SQLITE_OK) return sqlite_error(raw, "open " + file.string());
  sqlite3_busy_timeout(raw, 5000);
  sqlite3_extended_result_codes(raw, 1);
  // WAL lets readers run beside the one writer; FULL makes each commit durable (one sync per group commit).
  const char* setup = how == mode::read_only ? "PRAGMA foreign_keys=ON;"
                                             : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                                               "PRAGMA foreign_keys=ON;";
  if (auto ok = db.exec(setup); !ok) return ok.failure();
  return db;
}

status database::exec(std::string_view sql) {
  char* message = nullptr;
  std::string text(sql);
  if (sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string what = message != nullptr ? message : "exec";
    sqlite3_free(message);
    return error::of(error_code::unavailable, "sqlite: " + what);
  }
  return done{};
}

result<statement> database::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                         nullptr) != SQLITE_OK) {
    return sqlite_error(db_.get(), "prepare");
  }
  return statement(db_.get(), stmt);
}

std::int64_t database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_.get()); }

transaction::transaction(database& db) : db_(db), begun_(db.exec("BEGIN IMMEDIATE")) { open_ = begun_.ok(); }

transaction::~transaction() {
  if (open_) (void)db_.exec("ROLLBACK");
}

status transaction::commit() {
  auto committed = db_.exec("COMMIT");
  if (committed) open_ = false;
  return committed;
}

int latest_schema_version() { return static_cast<int>(migration_scripts.size()); }

status migrate(database& db) {
  auto read = db.prepare("PRAGMA user_version");
  if (!read) return read.failure();
  auto row = read->step();
  if (!row) return row.failure();
  int current = static_cast<int>(read->column_int(0));
  if (current > latest_schema_version()) {
    return error::of(error_code::unavailable, "the database has schema version " + std::to_string(current) +
                                                  ", newer than this helpchat (" +
                                                  std::to_string(latest_schema_version()) + ")");
  }
  for (int version = current + 1; version <= latest_schema_version(); ++version) {
    transaction tx(db);
    if (!tx.begun()) return tx.begun();
    if (auto ok = db.exec(migration_scripts[static_cast<std::size_t>(version - 1)]); !ok) return ok;
    if (auto ok = db.exec("PRAGMA user_version = " + std::to_string(version)); !ok) return ok;
    if (auto ok = tx.commit(); !ok) return ok;
  }
  return done{};
}

}  // namespace helpchat::store
