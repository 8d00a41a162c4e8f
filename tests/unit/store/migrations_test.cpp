#include <gtest/gtest.h>

#include "store/database.hpp"
#include "store/migrations.hpp"
#include "store/participant_store.hpp"
#include "store/session_store.hpp"
#include "support/sql_int.hpp"
#include "support/temp_directory.hpp"

namespace helpchat::store {
namespace {

database open_in(const testing::temp_directory& dir) {
  auto db = database::open(dir.path() / "helpchat.db");
  if (!db) throw std::runtime_error(db.failure().message);
  return std::move(db).value();
}

std::int64_t single_int(database& db, const std::string& sql) { return testing::sql_int(db, sql); }

std::string single_text(database& db, const std::string& sql) {
  auto query = db.prepare(sql);
  EXPECT_TRUE(query.ok()) << sql;
  if (!query) return {};
  auto row = query->step();
  EXPECT_TRUE(row.ok() && *row) << sql;
  return query->column_text(0);
}

std::int64_t table_count(database& db) {
  return single_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'");
}

TEST(migrations, fresh_database_gets_the_latest_schema_version) {
  testing::temp_directory dir;
  auto db = open_in(dir);
  EXPECT_EQ(single_int(db, "PRAGMA user_version"), 0);
  ASSERT_TRUE(migrate(db).ok());
  EXPECT_GE(latest_schema_version(), 1);
  EXPECT_EQ(single_int(db, "PRAGMA user_version"), latest_schema_version());
  for (const char* table : {"help_sessions", "participants", "accounts", "login_tokens", "events", "catalog_version"}) {
    EXPECT_EQ(single_int(db, std::string("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '") +
                                 table + "'"),
              1)
        << table;
  }
  EXPECT_EQ(single_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'events_by_command'"), 1);
}

TEST(migrations, rerunning_migrate_is_a_no_op) {
  testing::temp_directory dir;
  {
    auto db = open_in(dir);
    ASSERT_TRUE(migrate(db).ok());
    chat::help_session_info info{{}, "Sesión", {}};
    ASSERT_TRUE(insert_help_session(db, info, utc_time{}).ok());
  }
  auto db = open_in(dir);
  auto tables = table_count(db);
  auto migrated = migrate(db);
  ASSERT_TRUE(migrated.ok()) << migrated.failure().message;
  ASSERT_TRUE(migrate(db).ok());
  EXPECT_EQ(single_int(db, "PRAGMA user_version"), latest_schema_version());
  EXPECT_EQ(table_count(db), tables);
  EXPECT_EQ(single_int(db, "SELECT count(*) FROM help_sessions"), 1) << "data survives";
}

// A database written before moderator sections (schema 4: the first four scripts as released) with accounts in it
// migrates in place: every account answers every section of its agency, as before, and editing one tells a running
// server (the change marker moves for account rows, never for officials').
TEST(migrations, a_schema_4_database_with_accounts_migrates_to_moderator_sections) {
  testing::temp_directory dir;
  {
    auto db = open_in(dir);
    for (std::size_t script = 0; script < 4; ++script) ASSERT_TRUE(db.exec(migration_scripts[script]).ok()) << script;
    ASSERT_TRUE(db.exec("PRAGMA user_version = 4").ok());
    ASSERT_TRUE(db.exec("INSERT INTO participants (id, role, name, agency, created_at) "
                        "VALUES (1, 'moderator', 'Marta Ruiz', 'dafp', '2012-05-29T14:00:00Z'), "
                        "       (2, 'official', 'Ana Gómez', NULL, '2012-05-29T14:00:00Z');"
                        "INSERT INTO accounts (username, password_hash, participant_id, created_at) "
                        "VALUES ('marta', '$argon2id$marta', 1, '2012-05-29T14:00:00Z')")
                    .ok());
  }
  auto db = open_in(dir);
  auto migrated = migrate(db);
  ASSERT_TRUE(migrated.ok()) << migrated.failure().message;
  EXPECT_EQ(single_int(db, "PRAGMA user_version"), latest_schema_version());

  auto marta = find_account(db, "marta");
  ASSERT_TRUE(marta.ok() && marta->has_value());
  EXPECT_EQ((*marta)->who.name, "Marta Ruiz");
  EXPECT_EQ((*marta)->who.agency, "dafp");
  EXPECT_EQ((*marta)->password_hash, "$argon2id$marta");
  EXPECT_TRUE((*marta)->who.sections.empty()) << "every section of the agency, as before";

  auto marker = single_int(db, "SELECT version FROM catalog_version");
  ASSERT_TRUE(db.exec("UPDATE participants SET name = 'Ana María Gómez' WHERE id = 2").ok());
  EXPECT_EQ(single_int(db, "SELECT version FROM catalog_version"), marker) << "officials leave the marker alone";
  auto who = (*marta)->who;
  who.sections = {"rendicion_cuentas"};
  ASSERT_TRUE(set_account_profile(db, "marta", who).ok());
  EXPECT_GT(single_int(db, "SELECT version FROM catalog_version"), marker);
  EXPECT_EQ((*find_account(db, "marta"))->who.sections, std::vector<std::string>{"rendicion_cuentas"});
}

TEST(migrations, database_from_a_newer_helpchat_is_refused) {
  testing::temp_directory dir;
  auto db = open_in(dir);
  auto newer = latest_schema_version() + 1;
  ASSERT_TRUE(db.exec("PRAGMA user_version = " + std::to_string(newer)).ok());
  auto migrated = migrate(db);
  ASSERT_FALSE(migrated.ok());
  EXPECT_NE(migrated.failure().message.find(std::to_string(newer)), std::string::npos) << migrated.failure().message;
  EXPECT_EQ(single_int(db, "PRAGMA user_version"), newer) << "left as it was";
  EXPECT_EQ(table_count(db), 0) << "nothing created in a schema we do not know";
}

TEST(migrations, open_sets_wal_and_foreign_keys) {
  testing::temp_directory dir;
  auto db = open_in(dir);
  EXPECT_EQ(single_text(db, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(single_int(db, "PRAGMA foreign_keys"), 1);
  EXPECT_EQ(single_int(db, "PRAGMA synchronous"), 2) << "FULL";
  ASSERT_TRUE(migrate(db).ok());
  auto orphan = db.exec("INSERT INTO events (help_session_id, seq, at, type, body) VALUES (99, 1, 'x', 'y', '{}')");
  EXPECT_FALSE(orphan.ok()) << "an event of an unknown help session breaks a foreign key";
}

TEST(migrations, open_refuses_a_missing_directory) {
  testing::temp_directory dir;
  auto db = database::open(dir.path() / "no-such-dir" / "helpchat.db");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.failure().code, error_code::unavailable);
}

TEST(migrations, a_failed_transaction_rolls_back) {
  testing::temp_directory dir;
  auto db = open_in(dir);
  ASSERT_TRUE(migrate(db).ok());
  {
    transaction tx(db);
    ASSERT_TRUE(tx.begun().ok());
    ASSERT_TRUE(db.exec("INSERT INTO help_sessions (title, opens_at, starts_at, ends_at, archives_at, created_at) "
                        "VALUES ('t', 'a', 'b', 'c', 'd', 'e')")
                    .ok());
  }  // no commit()
  EXPECT_EQ(single_int(db, "SELECT count(*) FROM help_sessions"), 0);
  {
    transaction tx(db);
    ASSERT_TRUE(db.exec("INSERT INTO help_sessions (title, opens_at, starts_at, ends_at, archives_at, created_at) "
                        "VALUES ('t', 'a', 'b', 'c', 'd', 'e')")
                    .ok());
    ASSERT_TRUE(tx.commit().ok());
  }
  EXPECT_EQ(single_int(db, "SELECT count(*) FROM help_sessions"), 1);
}

}  // namespace
}  // namespace helpchat::store
