#include "store/backup.hpp"

#include "store/database.hpp"

namespace helpchat::store {
namespace {

status copy_all(database& from, database& to) {
  sqlite3_backup* backup = sqlite3_backup_init(to.handle(), "main", from.handle(), "main");
  if (backup == nullptr)
    return error::of(error_code::unavailable, std::string("backup: ") + sqlite3_errmsg(to.handle()));
  // All pages in one step: one read transaction, so the copy is a consistent snapshot even while events commit.
  int rc = sqlite3_backup_step(backup, -1);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) return error::of(error_code::unavailable, std::string("backup: ") + sqlite3_errstr(rc));
  return done{};
}

status check(database& db, const std::filesystem::path& file) {
  auto integrity = db.prepare("PRAGMA integrity_check");
  if (!integrity) return integrity.failure();
  auto row = integrity->step();
  if (!row || !*row || integrity->column_text(0) != "ok") {
    return error::of(error_code::unavailable, file.string() + " failed SQLite's integrity check");
  }
  auto version = db.prepare("PRAGMA user_version");
  if (!version) return version.failure();
  auto read = version->step();
  if (!read || !*read) return error::of(error_code::unavailable, "cannot read the schema version of " + file.string());
  if (version->column_int(0) < 1 || version->column_int(0) > latest_schema_version()) {
    return error::of(error_code::unavailable, file.string() + " is not a helpchat database this version can use");
  }
  return done{};
}

}  // namespace

status backup_database(const std::filesystem::path& source, const std::filesystem::path& target) {
  if (std::filesystem::exists(target)) {
    return error::of(error_code::invalid_message, target.string() + " exists already; choose a new file");
  }
  if (!std::filesystem::exists(source)) return error::of(error_code::not_found, "no database at " + source.string());
  auto from = database::open(source, database::mode::read_only);
  if (!from) return from.failure();
  auto to = database::open(target);
  if (!to) return to.failure();
  if (auto copied = copy_all(*from, *to); !copied) return copied;
  // A backup file should stand alone: no WAL beside it.
  if (auto ok = to->exec("PRAGMA journal_mode=DELETE"); !ok) return ok;
  return check(*to, target);
}

status restore_database(const std::filesystem::path& source, const std::filesystem::path& target) {
  auto from = database::open(source, database::mode::read_only);
  if (!from) return from.failure();
  if (auto ok = check(*from, source); !ok) return ok;
  std::filesystem::create_directories(target.parent_path());
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(target.string() + suffix, ignored);
  auto to = database::open(target);
  if (!to) return to.failure();
  if (auto copied = copy_all(*from, *to); !copied) return copied;
  return check(*to, target);
}

}  // namespace helpchat::store
