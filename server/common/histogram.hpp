// A fixed-bucket histogram for /metrics (Prometheus "histogram" semantics: cumulative buckets, sum, count) that
// writers update without a lock. Thread-safe: every counter is an atomic; a snapshot may be a few updates behind.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace helpchat {

class histogram {
 public:
  // `upper_bounds` ascending; an implicit +Inf bucket follows.
  explicit histogram(std::vector<double> upper_bounds);

  void observe(double value);

  struct snapshot {
    std::vector<double> upper_bounds;
    std::vector<std::uint64_t> cumulative_counts;  // one per bound, then +Inf (== count)
    double sum = 0;
    std::uint64_t count = 0;
    // The smallest bucket bound under which at least `fraction` of the observations fall (+Inf → last bound).
    double quantile_bound(double fraction) const;
  };
  snapshot read() const;

 private:
  std::vector<double> bounds_;                            // constant after construction
  std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;  // bounds_.size() + 1 buckets, not cumulative
  std::atomic<std::uint64_t> sum_micro_{0};               // sum × 1e6, so it can be an integer atomic
};

}  // namespace helpchat
