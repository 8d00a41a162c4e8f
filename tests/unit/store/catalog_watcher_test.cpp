#include "store/catalog_watcher.hpp"

#include <gtest/gtest.h>

#include "store/participant_store.hpp"
#include "store/session_store.hpp"
#include "support/sql_int.hpp"
#include "support/temp_directory.hpp"

namespace helpchat::store {
namespace {

using namespace std::chrono_literals;

const utc_time now = parse_utc("2012-05-29T14:00:00Z").value_or(utc_time{});

chat::participant moderator(std::string name, std::string agency) {
  chat::participant who;
  who.role = auth::role::moderator;
  who.name = std::move(name);
  who.agency = std::move(agency);
  return who;
}

// Two connections to one migrated file: `cli` writes as `helpchat session|moderator …` does from its own process;
// the watcher reads through its own.
class two_connections {
 public:
  two_connections() : cli(open()) {
    EXPECT_TRUE(migrate(cli).ok());
    EXPECT_TRUE(insert_help_session(cli, {{}, "Primera", {now, now, now + 2h, now + 24h}}, now).ok());
    EXPECT_TRUE(insert_account(cli, "marta", "$argon2id$uno", moderator("Marta Ruiz", "dafp"), now).ok());
  }

  database open() {
    auto opened = database::open(dir.path() / "helpchat.db");
    if (!opened) throw std::runtime_error(opened.failure().message);
    return std::move(opened).value();
  }

  catalog_watcher watcher() {
    auto opened = catalog_watcher::open(open());
    if (!opened) throw std::runtime_error(opened.failure().message);
    return std::move(opened).value();
  }

  std::int64_t marker() { return testing::sql_int(cli, "SELECT version FROM catalog_version"); }

  testing::temp_directory dir;
  database cli;
};

catalog_watcher::changes must_poll(catalog_watcher& watcher) {
  auto polled = watcher.poll();
  EXPECT_TRUE(polled.ok()) << polled.failure().message;
  return polled ? std::move(polled).value() : catalog_watcher::changes{};
}

TEST(catalog_watcher, what_is_there_at_open_is_known_and_not_reported) {
  two_connections db;
  auto watcher = db.watcher();
  EXPECT_TRUE(must_poll(watcher).empty());
}

TEST(catalog_watcher, a_help_session_added_by_another_connection_is_reported_once) {
  two_connections db;
  auto watcher = db.watcher();
  auto added = insert_help_session(db.cli, {{}, "Segunda", {now, now + 1h, now + 3h, now + 24h}}, now);
  ASSERT_TRUE(added.ok());

  auto changes = must_poll(watcher);
  ASSERT_EQ(changes.added_sessions.size(), 1u);
  EXPECT_EQ(changes.added_sessions[0].id, added->id);
  EXPECT_EQ(changes.added_sessions[0].title, "Segunda");
  EXPECT_EQ(changes.added_sessions[0].when.starts_at, now + 1h);
  EXPECT_TRUE(changes.changed_accounts.empty());
  EXPECT_TRUE(must_poll(watcher).empty());
}

TEST(catalog_watcher, an_added_account_a_new_password_and_a_disable_are_each_reported_once) {
  two_connections db;
  auto watcher = db.watcher();

  ASSERT_TRUE(insert_account(db.cli, "luisa", "$argon2id$dos", moderator("Luisa Martínez", "mintic-gel"), now).ok());
  auto added = must_poll(watcher);
  ASSERT_EQ(added.changed_accounts.size(), 1u);
  EXPECT_EQ(added.changed_accounts[0].username, "luisa");
  EXPECT_EQ(added.changed_accounts[0].who.name, "Luisa Martínez");
  EXPECT_FALSE(added.changed_accounts[0].disabled);
  EXPECT_TRUE(must_poll(watcher).empty());

  ASSERT_TRUE(set_account_password(db.cli, "marta", "$argon2id$tres").ok());
  auto changed = must_poll(watcher);
  ASSERT_EQ(changed.changed_accounts.size(), 1u);
  EXPECT_EQ(changed.changed_accounts[0].username, "marta");
  EXPECT_EQ(changed.changed_accounts[0].password_hash, "$argon2id$tres");

  ASSERT_TRUE(set_account_disabled(db.cli, "marta", true).ok());
  auto disabled = must_poll(watcher);
  ASSERT_EQ(disabled.changed_accounts.size(), 1u);
  EXPECT_EQ(disabled.changed_accounts[0].username, "marta");
  EXPECT_TRUE(disabled.changed_accounts[0].disabled);
  EXPECT_TRUE(disabled.added_sessions.empty());
  EXPECT_TRUE(must_poll(watcher).empty());
}

// `helpchat moderator edit` writes the participant row, not the account row (migration 005's trigger).
TEST(catalog_watcher, an_edited_name_agency_or_sections_is_reported_once) {
  two_connections db;
  auto watcher = db.watcher();
  auto marta = find_account(db.cli, "marta");
  ASSERT_TRUE(marta.ok() && marta->has_value());
  auto who = (*marta)->who;
  who.agency = "mintic-gel";
  who.sections = {"gel_fases"};
  ASSERT_TRUE(set_account_profile(db.cli, "marta", who).ok());

  auto edited = must_poll(watcher);
  ASSERT_EQ(edited.changed_accounts.size(), 1u);
  EXPECT_EQ(edited.changed_accounts[0].username, "marta");
  EXPECT_EQ(edited.changed_accounts[0].who.agency, "mintic-gel");
  EXPECT_EQ(edited.changed_accounts[0].who.sections, std::vector<std::string>{"gel_fases"});
  EXPECT_TRUE(must_poll(watcher).empty());

  who.sections = {};
  ASSERT_TRUE(set_account_profile(db.cli, "marta", who).ok());
  auto widened = must_poll(watcher);
  ASSERT_EQ(widened.changed_accounts.size(), 1u) << "sections alone are a change";
  EXPECT_TRUE(widened.changed_accounts[0].who.sections.empty());

  ASSERT_TRUE(set_account_profile(db.cli, "marta", who).ok());
  EXPECT_TRUE(must_poll(watcher).empty()) << "the same profile again is no change";
}

TEST(catalog_watcher, an_update_that_changes_nothing_is_not_reported) {
  two_connections db;
  auto watcher = db.watcher();
  ASSERT_TRUE(set_account_disabled(db.cli, "marta", false).ok());
  EXPECT_TRUE(must_poll(watcher).empty());
}

// The transcript writer commits all the time; only the catalog tables may move the marker, or every poll would
// re-read them.
TEST(catalog_watcher, participants_logins_and_events_leave_the_marker_alone) {
  two_connections db;
  auto before = db.marker();
  chat::participant ana;
  ana.name = "Ana Gómez";
  ASSERT_TRUE(insert_official(db.cli, ana, help_session_id{1}, std::string(64, 'a'), now).ok());
  auto marta = find_account(db.cli, "marta");
  ASSERT_TRUE(marta.ok() && marta->has_value());
  ASSERT_TRUE(insert_login(db.cli, {std::string(64, 'b'), (*marta)->id, now + 12h}, now).ok());
  ASSERT_TRUE(db.cli
                  .exec("INSERT INTO events (help_session_id, seq, at, type, body) "
                        "VALUES (1, 1, '2012-05-29T14:00:00Z', 'session_state_changed', '{}')")
                  .ok());
  EXPECT_EQ(db.marker(), before);
}

TEST(catalog_watcher, a_change_read_during_a_failed_poll_is_reported_by_the_next) {
  two_connections db;
  auto watcher = db.watcher();
  auto added = insert_help_session(db.cli, {{}, "Segunda", {now, now, now + 2h, now + 24h}}, now);
  ASSERT_TRUE(added.ok());
  // The sessions are read, then the accounts fail: the poll must not take the session as seen.
  ASSERT_TRUE(db.cli.exec("ALTER TABLE accounts RENAME TO accounts_aside").ok());
  EXPECT_FALSE(watcher.poll().ok());
  ASSERT_TRUE(db.cli.exec("ALTER TABLE accounts_aside RENAME TO accounts").ok());

  auto changes = must_poll(watcher);
  ASSERT_EQ(changes.added_sessions.size(), 1u);
  EXPECT_EQ(changes.added_sessions[0].id, added->id);
}

}  // namespace
}  // namespace helpchat::store
