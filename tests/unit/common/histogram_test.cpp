#include "common/histogram.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace helpchat {
namespace {

TEST(histogram, starts_empty) {
  histogram h({1, 2, 5});
  auto s = h.read();
  EXPECT_EQ(s.count, 0u);
  EXPECT_EQ(s.sum, 0.0);
  EXPECT_EQ(s.upper_bounds, (std::vector<double>{1, 2, 5}));
  EXPECT_EQ(s.cumulative_counts, (std::vector<std::uint64_t>{0, 0, 0, 0}));
  EXPECT_EQ(s.quantile_bound(0.5), 0.0);
}

TEST(histogram, buckets_are_cumulative_with_an_implicit_infinity) {
  histogram h({1, 2, 5});
  for (double v : {0.5, 1.5, 1.7, 4.0, 100.0}) h.observe(v);
  auto s = h.read();
  EXPECT_EQ(s.cumulative_counts, (std::vector<std::uint64_t>{1, 3, 4, 5}));
  EXPECT_EQ(s.count, 5u);
  EXPECT_EQ(s.cumulative_counts.back(), s.count) << "+Inf equals the count";
}

TEST(histogram, a_value_on_a_bound_falls_in_that_bucket) {
  histogram h({1, 2});
  h.observe(1.0);
  h.observe(2.0);
  EXPECT_EQ(h.read().cumulative_counts, (std::vector<std::uint64_t>{1, 2, 2})) << "Prometheus buckets are le=";
}

TEST(histogram, sum_adds_the_observations) {
  histogram h({0.001, 0.01});
  h.observe(0.0005);
  h.observe(0.25);
  h.observe(2);
  EXPECT_NEAR(h.read().sum, 2.2505, 1e-9);
}

TEST(histogram, quantile_bound_is_the_first_bucket_holding_the_fraction) {
  histogram h({1, 2, 5, 10});
  for (int i = 0; i < 90; ++i) h.observe(0.5);
  for (int i = 0; i < 9; ++i) h.observe(4);
  h.observe(8);
  auto s = h.read();
  EXPECT_EQ(s.quantile_bound(0.5), 1.0);
  EXPECT_EQ(s.quantile_bound(0.9), 1.0);
  EXPECT_EQ(s.quantile_bound(0.95), 5.0);
  EXPECT_EQ(s.quantile_bound(0.99), 5.0);
  EXPECT_EQ(s.quantile_bound(1.0), 10.0);
}

TEST(histogram, quantile_beyond_the_last_bound_reports_the_last_bound) {
  histogram h({1, 2});
  h.observe(50);
  EXPECT_EQ(h.read().quantile_bound(0.5), 2.0);
}

TEST(histogram, concurrent_observers_lose_nothing) {
  histogram h({1, 10});
  constexpr int per_thread = 20000;
  std::thread a([&] {
    for (int i = 0; i < per_thread; ++i) h.observe(0.5);
  });
  std::thread b([&] {
    for (int i = 0; i < per_thread; ++i) h.observe(5);
  });
  a.join();
  b.join();
  auto s = h.read();
  EXPECT_EQ(s.count, 2u * per_thread);
  EXPECT_EQ(s.cumulative_counts, (std::vector<std::uint64_t>{per_thread, 2 * per_thread, 2 * per_thread}));
  EXPECT_NEAR(s.sum, per_thread * 5.5, 1e-6);
}

}  // namespace
}  // namespace helpchat
