#include "app/live/address_brake.hpp"

#include <gtest/gtest.h>

namespace helpchat::app {
namespace {

using namespace std::chrono_literals;

const address_brake::time_point start{std::chrono::hours(1)};

TEST(address_brake, an_address_never_slowed_joins_freely) {
  address_brake brake(10s, 30min);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(brake.admit("203.0.113.7", start));
  brake.slow("198.51.100.1", start);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(brake.admit("203.0.113.7", start)) << "only the slowed address waits";
}

TEST(address_brake, a_slowed_address_joins_once_per_spacing_until_the_slowdown_ends) {
  address_brake brake(10s, 30min);
  brake.slow("198.51.100.1", start);
  EXPECT_FALSE(brake.admit("198.51.100.1", start));
  EXPECT_FALSE(brake.admit("198.51.100.1", start + 9s));
  EXPECT_TRUE(brake.admit("198.51.100.1", start + 10s));
  EXPECT_FALSE(brake.admit("198.51.100.1", start + 11s)) << "that join took the turn";
  EXPECT_TRUE(brake.admit("198.51.100.1", start + 20s));
  EXPECT_TRUE(brake.admit("198.51.100.1", start + 30min));
  EXPECT_TRUE(brake.admit("198.51.100.1", start + 30min)) << "over: no more spacing";
}

TEST(address_brake, slowing_again_restarts_the_slowdown) {
  address_brake brake(10s, 1min);
  brake.slow("198.51.100.1", start);
  brake.slow("198.51.100.1", start + 50s);
  EXPECT_FALSE(brake.admit("198.51.100.1", start + 55s));
  EXPECT_TRUE(brake.admit("198.51.100.1", start + 60s));
  EXPECT_FALSE(brake.admit("198.51.100.1", start + 65s)) << "still slowed until 50 s + 1 min";
}

TEST(address_brake, a_spacing_of_zero_slows_nothing) {
  address_brake brake(0s, 30min);
  brake.slow("198.51.100.1", start);
  EXPECT_TRUE(brake.admit("198.51.100.1", start));
  EXPECT_TRUE(brake.admit("198.51.100.1", start));
}

}  // namespace
}  // namespace helpchat::app
