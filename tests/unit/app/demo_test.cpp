// `serve --demo` on a real SQLite file with the source tree's form: the live session, the admin and one moderator
// per agency, and what a second run reuses.
#include "app/demo.hpp"

#include <gtest/gtest.h>

#include "auth/passwords.hpp"
#include "store/participant_store.hpp"
#include "store/session_store.hpp"
#include "support/temp_directory.hpp"

namespace helpchat::app {
namespace {

const faq::form_model& real_form() {
  static const faq::form_model form = faq::form_model::load_file(HELPCHAT_SOURCE_DIR "/faq/form.json").value();
  return form;
}

utc_time now() { return parse_utc("2012-05-29T14:30:00Z").value(); }

store::account_row account(store::database& db, const std::string& username) {
  auto found = store::find_account(db, username).value();
  EXPECT_TRUE(found.has_value()) << username;
  return found.value_or(store::account_row{});
}

TEST(demo, a_live_session_an_admin_and_one_moderator_for_each_agency_but_triage) {
  testing::temp_directory data;
  auto db = store::database::open(data.path() / "helpchat.db").value();
  ASSERT_TRUE(store::migrate(db));
  auto demo = prepare_demo(db, now(), real_form()).value();

  auto admin = account(db, demo.username);
  EXPECT_EQ(admin.who.role, auth::role::admin);
  EXPECT_TRUE(auth::verify_password(demo.password, admin.password_hash));

  std::vector<std::string> agencies;
  for (const auto& moderator : demo.agency_moderators) {
    auto row = account(db, moderator.username);
    EXPECT_EQ(moderator.username, "demo-" + moderator.agency);
    EXPECT_EQ(row.who.role, auth::role::moderator) << "routing assigns moderators, never admins";
    EXPECT_EQ(row.who.agency, moderator.agency);
    EXPECT_TRUE(row.who.sections.empty()) << "every section of the agency";
    EXPECT_TRUE(auth::verify_password(moderator.password, row.password_hash));
    agencies.push_back(moderator.agency);
  }
  EXPECT_EQ(agencies, (std::vector<std::string>{"mintic-gel", "dnp-pnsc", "dafp"}));

  auto sessions = store::load_help_sessions(db).value();
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].id, demo.session);
  EXPECT_LE(sessions[0].when.starts_at, now());
  EXPECT_GT(sessions[0].when.ends_at, now());
}

TEST(demo, running_it_again_keeps_the_session_and_renews_every_password) {
  testing::temp_directory data;
  auto db = store::database::open(data.path() / "helpchat.db").value();
  ASSERT_TRUE(store::migrate(db));
  auto first = prepare_demo(db, now(), real_form()).value();
  ASSERT_TRUE(store::set_account_disabled(db, first.agency_moderators[0].username, true));
  auto second = prepare_demo(db, now() + std::chrono::minutes(10), real_form()).value();

  EXPECT_EQ(second.session, first.session);
  ASSERT_EQ(second.agency_moderators.size(), first.agency_moderators.size());
  for (std::size_t i = 0; i < second.agency_moderators.size(); ++i) {
    auto row = account(db, second.agency_moderators[i].username);
    EXPECT_FALSE(row.disabled) << "a demo account is enabled again";
    EXPECT_TRUE(auth::verify_password(second.agency_moderators[i].password, row.password_hash));
    EXPECT_FALSE(auth::verify_password(first.agency_moderators[i].password, row.password_hash));
  }
  EXPECT_EQ(store::load_accounts(db).value().size(), 4u) << "no account twice";
}

}  // namespace
}  // namespace helpchat::app
