#include "chat/presence.hpp"

#include <gtest/gtest.h>

namespace helpchat::chat {
namespace {

const utc_time started = parse_utc("2012-05-29T14:00:00Z").value_or(utc_time{});
const utc_time later = started + std::chrono::minutes(5);

participant someone(std::int64_t id, auth::role role, std::string agency = {}) {
  participant p;
  p.id = participant_id{id};
  p.role = role;
  p.name = "P" + std::to_string(id);
  p.agency = std::move(agency);
  return p;
}

TEST(presence, several_tabs_of_one_moderator_are_one_presence_until_the_last_closes) {
  presence room(started);
  auto mintic = someone(1, auth::role::moderator, "mintic-gel");
  EXPECT_TRUE(room.join(mintic)) << "first tab: arrived";
  EXPECT_FALSE(room.join(mintic)) << "second tab";
  EXPECT_EQ(room.staff().size(), 1U);
  EXPECT_EQ(room.staff().at(mintic.id).connections, 2);
  EXPECT_FALSE(room.leave(mintic.id, later)) << "one tab left open";
  EXPECT_TRUE(room.is_connected(mintic.id));
  EXPECT_TRUE(room.leave(mintic.id, later)) << "last tab: left";
  EXPECT_FALSE(room.is_connected(mintic.id));
  EXPECT_TRUE(room.staff().empty());
}

TEST(presence, officials_are_counted_once_each_and_are_not_staff) {
  presence room(started);
  room.join(someone(10, auth::role::official));
  room.join(someone(10, auth::role::official));
  room.join(someone(11, auth::role::official));
  room.join(someone(1, auth::role::admin, "dnp-pnsc"));
  EXPECT_EQ(room.officials(), 2U);
  ASSERT_EQ(room.staff().size(), 1U);
  EXPECT_EQ(room.staff().begin()->second.who.role, auth::role::admin);
  room.leave(participant_id{10}, later);
  EXPECT_EQ(room.officials(), 2U) << "official 10 still has a tab";
  room.leave(participant_id{10}, later);
  EXPECT_EQ(room.officials(), 1U);
}

TEST(presence, the_latest_join_says_who_they_are_now) {
  presence room(started);
  auto before = someone(1, auth::role::moderator, "mintic-gel");
  auto after = before;
  after.name = "Nombre nuevo";
  room.join(before);
  room.join(after);
  EXPECT_EQ(room.staff().at(before.id).who.name, "Nombre nuevo");
}

TEST(presence, a_leave_without_a_join_changes_nothing) {
  presence room(started);
  EXPECT_FALSE(room.leave(participant_id{5}, later));
  room.join(someone(1, auth::role::moderator, "dafp"));
  EXPECT_FALSE(room.leave(participant_id{5}, later));
  EXPECT_TRUE(room.is_connected(participant_id{1}));
}

TEST(presence, a_moderator_is_away_since_they_left_or_since_the_start_if_never_seen) {
  presence room(started);
  auto mintic = someone(1, auth::role::moderator, "mintic-gel");
  EXPECT_EQ(room.away_since(mintic.id), started) << "not seen since the server started";
  room.join(mintic);
  EXPECT_FALSE(room.away_since(mintic.id).has_value());
  room.leave(mintic.id, later);
  EXPECT_EQ(room.away_since(mintic.id), later);
  room.join(mintic);
  EXPECT_FALSE(room.away_since(mintic.id).has_value()) << "back: away no more";
}

}  // namespace
}  // namespace helpchat::chat
