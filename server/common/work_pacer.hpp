// Spaces out bursts of work so that, over time, at most `per_second` units are done per second, with up to
// `allowance` of that budget spent ahead. A generic cell rate algorithm (GCRA): `budget_used_until_` is when the
// work done so far would be paid for at the rate; work may start while that is less than `allowance` ahead of now.
//
// Used by room_hub to bound each io thread's writes per second (docs/decisions.md, "Write coalescing"): under a
// light load it never holds anything back; past the budget it spaces fan-outs so that each carries more events.
// Time is passed in, so tests drive it without sleeping. Not thread-safe: one owner (a shard).
#pragma once

#include <algorithm>
#include <chrono>

namespace helpchat {

class work_pacer {
 public:
  using clock = std::chrono::steady_clock;

  // `per_second` 0: no budget (work is never held back).
  work_pacer(double per_second, clock::duration allowance) : per_second_(per_second), allowance_(allowance) {}

  // The earliest time the next piece of work may start: `now` or earlier while within the budget.
  clock::time_point next_start() const { return budget_used_until_ - allowance_; }

  // `units` of work were done at `now`.
  void spent(double units, clock::time_point now) {
    if (per_second_ <= 0) return;
    const auto cost = std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(units / per_second_));
    budget_used_until_ = std::max(budget_used_until_, now) + cost;
  }

 private:
  const double per_second_;
  const clock::duration allowance_;
  clock::time_point budget_used_until_{};
};

}  // namespace helpchat
