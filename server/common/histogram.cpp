#include "common/histogram.hpp"

#include <algorithm>

namespace helpchat {

histogram::histogram(std::vector<double> upper_bounds)
    : bounds_(std::move(upper_bounds)), counts_(new std::atomic<std::uint64_t>[bounds_.size() + 1]) {
  for (std::size_t i = 0; i <= bounds_.size(); ++i) counts_[i] = 0;
}

void histogram::observe(double value) {
  auto bucket = static_cast<std::size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin());
  counts_[bucket].fetch_add(1, std::memory_order_relaxed);
  sum_micro_.fetch_add(static_cast<std::uint64_t>(std::max(0.0, value) * 1e6), std::memory_order_relaxed);
}

histogram::snapshot histogram::read() const {
  snapshot out;
  out.upper_bounds = bounds_;
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    out.cumulative_counts.push_back(running);
  }
  out.count = running;
  out.sum = static_cast<double>(sum_micro_.load(std::memory_order_relaxed)) / 1e6;
  return out;
}

double histogram::snapshot::quantile_bound(double fraction) const {
  if (count == 0) return 0;
  auto wanted = static_cast<std::uint64_t>(fraction * static_cast<double>(count) + 0.999999);
  for (std::size_t i = 0; i < upper_bounds.size(); ++i) {
    if (cumulative_counts[i] >= wanted) return upper_bounds[i];
  }
  return upper_bounds.empty() ? 0 : upper_bounds.back();
}

}  // namespace helpchat
