#include "common/utc_time.hpp"

#include <gtest/gtest.h>

namespace helpchat {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

// 2012-05-29T14:00:00Z, built without the code under test.
const utc_time two_pm = utc_time{sys_days{year{2012} / May / 29}.time_since_epoch() + 14h};

TEST(utc_time, formats_whole_seconds_without_milliseconds) {
  EXPECT_EQ(format_utc(two_pm), "2012-05-29T14:00:00Z");
  EXPECT_EQ(format_utc(utc_time{}), "1970-01-01T00:00:00Z");
}

TEST(utc_time, formats_milliseconds_when_not_zero) {
  EXPECT_EQ(format_utc(two_pm + 250ms), "2012-05-29T14:00:00.250Z");
  EXPECT_EQ(format_utc(two_pm + 1ms), "2012-05-29T14:00:00.001Z");
  EXPECT_EQ(format_utc(two_pm + 59s + 999ms), "2012-05-29T14:00:59.999Z");
}

TEST(utc_time, parse_reads_what_format_writes) {
  for (auto at : {two_pm, two_pm + 250ms, two_pm + 1ms, two_pm - 24h * 365 * 40 + 7ms, utc_time{}}) {
    auto text = format_utc(at);
    auto back = parse_utc(text);
    ASSERT_TRUE(back.has_value()) << text;
    EXPECT_EQ(*back, at) << text;
  }
}

TEST(utc_time, parse_refuses_anything_else) {
  for (std::string_view bad : {"", "2012-05-29", "2012-05-29T14:00:00", "2012-05-29 14:00:00Z", "2012-05-29T14:00:00Z ",
                               "2012-05-29T14:00:00+00:00", "2012-13-29T14:00:00Z", "ayer", "2012-05-29T14:00:00Zx"}) {
    EXPECT_FALSE(parse_utc(bad).has_value()) << bad;
  }
}

TEST(utc_time, bogota_local_time_is_five_hours_behind_utc) {
  auto at = parse_local("2012-05-29 09:00", "America/Bogota");
  ASSERT_TRUE(at.has_value());
  EXPECT_EQ(*at, two_pm) << format_utc(*at);
  EXPECT_EQ(format_utc(*at), "2012-05-29T14:00:00Z");
}

TEST(utc_time, local_time_follows_the_zone_rules_not_a_fixed_offset) {
  // Madrid is UTC+2 in May (summer time) and UTC+1 in January.
  EXPECT_EQ(format_utc(*parse_local("2012-05-29 09:00", "Europe/Madrid")), "2012-05-29T07:00:00Z");
  EXPECT_EQ(format_utc(*parse_local("2012-01-10 09:00", "Europe/Madrid")), "2012-01-10T08:00:00Z");
  EXPECT_EQ(format_utc(*parse_local("2012-05-29 09:00", "UTC")), "2012-05-29T09:00:00Z");
}

TEST(utc_time, unknown_zone_is_refused) {
  EXPECT_FALSE(is_known_time_zone("America/Medellin"));
  EXPECT_FALSE(is_known_time_zone(""));
  EXPECT_TRUE(is_known_time_zone("America/Bogota"));
  EXPECT_FALSE(parse_local("2012-05-29 09:00", "America/Medellin").has_value());
  EXPECT_FALSE(parse_local("2012-05-29 09:00", "GMT-5 más o menos").has_value());
}

TEST(utc_time, bad_local_text_is_refused) {
  for (std::string_view bad : {"", "2012-05-29", "2012-05-29T09:00", "2012-05-29 09:00:00", "29/05/2012 09:00",
                               "2012-05-29 9", "2012-05-29 09:00 am"}) {
    EXPECT_FALSE(parse_local(bad, "America/Bogota").has_value()) << bad;
  }
}

TEST(utc_time, format_local_shows_the_zone_time) {
  EXPECT_EQ(format_local(two_pm, "America/Bogota"), "2012-05-29 09:00");
  EXPECT_EQ(format_local(two_pm + 30min + 59s, "America/Bogota"), "2012-05-29 09:30") << "minutes, truncated";
  EXPECT_EQ(format_local(two_pm + 10h, "America/Bogota"), "2012-05-29 19:00");
  EXPECT_EQ(format_local(two_pm + 15h, "America/Bogota"), "2012-05-30 00:00") << "the date follows the zone";
  EXPECT_EQ(format_local(two_pm, "Europe/Madrid"), "2012-05-29 16:00");
}

TEST(utc_time, local_round_trip) {
  auto at = parse_local("2012-12-31 23:45", "America/Bogota");
  ASSERT_TRUE(at.has_value());
  EXPECT_EQ(format_utc(*at), "2013-01-01T04:45:00Z");
  EXPECT_EQ(format_local(*at, "America/Bogota"), "2012-12-31 23:45");
}

}  // namespace
}  // namespace helpchat
