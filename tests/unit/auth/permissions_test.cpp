#include "auth/permissions.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>

namespace helpchat::auth {
namespace {

struct row {
  action what;
  const char* name;
  bool official;
  bool moderator;
  bool admin;
};

// The role × action table as DESIGN.md and docs/protocol.md describe it.
constexpr std::array<row, 17> table{{
    {action::ask, "ask", true, false, false},
    {action::resolve_by_faq, "resolve_by_faq", true, false, false},
    {action::join_question, "join_question", true, false, false},
    {action::claim, "claim", false, true, true},
    {action::answer, "answer", false, true, true},
    {action::transfer, "transfer", false, true, true},
    {action::merge, "merge", false, true, true},
    {action::dismiss, "dismiss", false, true, true},
    {action::reopen, "reopen", false, true, true},
    {action::correct_answer, "correct_answer", false, true, true},
    {action::pause_assignment, "pause_assignment", false, true, true},
    {action::consult, "consult", false, true, true},
    {action::suggest, "suggest", false, true, true},
    {action::block, "block", false, true, true},
    {action::unblock, "unblock", false, false, true},
    {action::manage_faq, "manage_faq", false, true, true},
    {action::manage_sessions, "manage_sessions", false, false, true},
}};

TEST(permissions, role_by_action_table) {
  for (const auto& r : table) {
    EXPECT_EQ(is_allowed(role::official, r.what), r.official) << "official × " << r.name;
    EXPECT_EQ(is_allowed(role::moderator, r.what), r.moderator) << "moderator × " << r.name;
    EXPECT_EQ(is_allowed(role::admin, r.what), r.admin) << "admin × " << r.name;
  }
}

TEST(permissions, table_is_usable_at_compile_time) {
  static_assert(is_allowed(role::official, action::ask));
  static_assert(!is_allowed(role::moderator, action::manage_sessions));
  static_assert(may_act_on_queue(role::moderator, "dafp", triage_agency));
  EXPECT_TRUE(is_allowed(role::admin, action::manage_sessions));
}

TEST(permissions, moderator_works_own_agency_and_triage_queues) {
  EXPECT_TRUE(may_act_on_queue(role::moderator, "dafp", "dafp"));
  EXPECT_TRUE(may_act_on_queue(role::moderator, "dafp", "triage"));
  EXPECT_FALSE(may_act_on_queue(role::moderator, "dafp", "mintic-gel"));
  EXPECT_FALSE(may_act_on_queue(role::moderator, "dafp", "dnp-pnsc"));
  EXPECT_FALSE(may_act_on_queue(role::moderator, "", "dafp")) << "a moderator without an agency works only triage";
  EXPECT_TRUE(may_act_on_queue(role::moderator, "", "triage"));
}

TEST(permissions, admin_works_every_queue) {
  for (const char* queue : {"mintic-gel", "dnp-pnsc", "dafp", "triage"}) {
    EXPECT_TRUE(may_act_on_queue(role::admin, "dnp-pnsc", queue)) << queue;
  }
}

TEST(permissions, officials_work_no_queue) {
  for (const char* queue : {"mintic-gel", "dnp-pnsc", "dafp", "triage"}) {
    EXPECT_FALSE(may_act_on_queue(role::official, queue, queue)) << queue;
  }
}

TEST(permissions, role_names_round_trip) {
  for (auto r : {role::official, role::moderator, role::admin}) {
    auto back = role_from_string(to_string(r));
    ASSERT_TRUE(back.has_value()) << to_string(r);
    EXPECT_EQ(*back, r);
  }
  EXPECT_EQ(to_string(role::moderator), "moderator");
  EXPECT_FALSE(role_from_string("Admin").has_value());
  EXPECT_FALSE(role_from_string("").has_value());
}

}  // namespace
}  // namespace helpchat::auth
