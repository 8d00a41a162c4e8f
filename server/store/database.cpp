#include "store/database.hpp"

#include "store/migrations.hpp"

namespace helpchat::store {

result<database> database::open(const std::filesystem::path& file, mode how) {
  int flags = how == mode::read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  auto opened = sqlite::connection::open(file.string(), flags);
  if (!opened) return opened.failure();
  database db(std::move(*opened));
  sqlite3_busy_timeout(db.handle(), 5000);
  // WAL lets readers run beside the one writer; FULL makes each commit durable (one sync per group commit).
  const char* setup = how == mode::read_only ? "PRAGMA foreign_keys=ON;"
                                             : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                                               "PRAGMA foreign_keys=ON;";
  if (auto ok = db.exec(setup); !ok) return ok.failure();
  return db;
}

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
