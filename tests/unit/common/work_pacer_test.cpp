#include "common/work_pacer.hpp"

#include <gtest/gtest.h>

namespace helpchat {
namespace {

using namespace std::chrono_literals;
using clock = work_pacer::clock;

const clock::time_point t0 = clock::time_point{} + 1000s;

TEST(work_pacer, within_the_budget_nothing_waits) {
  work_pacer pacer(50'000, 250ms);
  // 2,500 units ten times a second is half the budget.
  for (int i = 0; i < 100; ++i) {
    const auto now = t0 + i * 100ms;
    EXPECT_LE(pacer.next_start(), now) << "step " << i;
    pacer.spent(2'500, now);
  }
}

TEST(work_pacer, past_the_budget_work_is_spaced_to_the_rate) {
  work_pacer pacer(50'000, 250ms);
  // Work as soon as allowed, 2,500 units each time: after the allowance is spent, starts are 50 ms apart.
  clock::time_point now = t0;
  std::vector<clock::time_point> starts;
  for (int i = 0; i < 40; ++i) {
    now = std::max(now, pacer.next_start());
    starts.push_back(now);
    pacer.spent(2'500, now);
  }
  // The allowance lets the first ones go back to back.
  EXPECT_EQ(starts[1], starts[0]);
  EXPECT_EQ(starts[4], starts[0]);
  // Then the spacing is units / rate.
  EXPECT_EQ(starts[39] - starts[38], 50ms);
  EXPECT_EQ(starts[20] - starts[19], 50ms);
  // And the total stays within the budget plus the allowance.
  const double seconds = std::chrono::duration<double>(starts.back() - starts.front()).count();
  EXPECT_LE(40 * 2'500.0, 50'000 * (seconds + 0.25) + 2'500);
}

TEST(work_pacer, a_quiet_spell_restores_the_allowance) {
  work_pacer pacer(50'000, 250ms);
  for (int i = 0; i < 10; ++i) pacer.spent(2'500, t0);  // 500 ms of budget at once
  EXPECT_EQ(pacer.next_start(), t0 + 250ms);
  const auto later = t0 + 2s;
  EXPECT_LE(pacer.next_start(), later);
  pacer.spent(2'500, later);
  EXPECT_LE(pacer.next_start(), later);  // a single fan-out after the pause does not wait
}

TEST(work_pacer, a_rate_of_zero_never_holds_work_back) {
  work_pacer pacer(0, 250ms);
  for (int i = 0; i < 1000; ++i) pacer.spent(1'000'000, t0);
  EXPECT_LE(pacer.next_start(), t0);
}

}  // namespace
}  // namespace helpchat
