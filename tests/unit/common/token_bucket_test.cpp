#include "common/token_bucket.hpp"

#include <gtest/gtest.h>

namespace helpchat {
namespace {

using namespace std::chrono_literals;

TEST(token_bucket, a_full_bucket_allows_its_burst_then_refuses) {
  token_bucket bucket({1.0, 3.0}, 0s);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(bucket.take(0s)) << i;
  EXPECT_FALSE(bucket.take(0s));
  EXPECT_DOUBLE_EQ(bucket.wait_seconds(0s), 1.0);
}

// Issue 11: time was counted in whole milliseconds, so at 10,000 a second nothing refilled between two takes
// less than a millisecond apart, however many tokens that time had earned.
TEST(token_bucket, refills_at_sub_millisecond_rates) {
  token_bucket bucket({10'000.0, 1.0}, 0s);  // a token every 100 µs
  EXPECT_TRUE(bucket.take(0us));
  EXPECT_FALSE(bucket.take(50us));
  EXPECT_TRUE(bucket.take(100us));
  EXPECT_FALSE(bucket.take(150us));
  EXPECT_TRUE(bucket.take(200us));
  int taken = 0;
  for (auto at = 201us; at < 1ms; at += 1us) taken += bucket.take(at) ? 1 : 0;
  EXPECT_EQ(taken, 7) << "one per 100 µs from 300 µs to 900 µs";
}

TEST(token_bucket, wait_seconds_counts_fractions_of_a_millisecond) {
  token_bucket bucket({4'000.0, 1.0}, 0s);  // a token every 250 µs
  EXPECT_TRUE(bucket.take(0ns));
  EXPECT_NEAR(bucket.wait_seconds(100us), 150e-6, 1e-9);
  EXPECT_EQ(bucket.wait_seconds(250us), 0.0);
}

TEST(token_bucket, the_burst_caps_what_a_quiet_spell_saves) {
  token_bucket bucket({1'000.0, 8.0}, 0s);
  for (int i = 0; i < 8; ++i) EXPECT_TRUE(bucket.take(0s)) << i;
  EXPECT_FALSE(bucket.take(0s));
  int taken = 0;
  for (int i = 0; i < 20; ++i) taken += bucket.take(1h) ? 1 : 0;
  EXPECT_EQ(taken, 8);
}

TEST(token_bucket, time_going_back_refills_nothing) {
  token_bucket bucket({1.0, 1.0}, 10s);
  EXPECT_TRUE(bucket.take(10s));
  EXPECT_FALSE(bucket.take(5s));
  EXPECT_FALSE(bucket.take(10s));
  EXPECT_TRUE(bucket.take(11s));
}

}  // namespace
}  // namespace helpchat
