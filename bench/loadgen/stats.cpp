#include "stats.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace bench {

int latency_histogram::index_of(std::uint64_t value) {
  // Values below 2^sub_bits map one to one; above, the top sub_bits+1 bits pick the bucket.
  if (value < (1u << sub_bits)) return static_cast<int>(value);
  const int magnitude = std::bit_width(value) - sub_bits - 1;  // >= 0
  const int index = ((magnitude + 1) << sub_bits) + static_cast<int>((value >> magnitude) & ((1u << sub_bits) - 1));
  return std::min(index, bucket_count - 1);
}

std::uint64_t latency_histogram::upper_edge(int index) {
  if (index < (1 << sub_bits)) return static_cast<std::uint64_t>(index);
  const int magnitude = (index >> sub_bits) - 1;
  const std::uint64_t sub = static_cast<std::uint64_t>(index & ((1 << sub_bits) - 1)) | (1u << sub_bits);
  return ((sub + 1) << magnitude) - 1;
}

void latency_histogram::record(std::int64_t nanoseconds) {
  const std::uint64_t value = nanoseconds < 0 ? 0 : static_cast<std::uint64_t>(nanoseconds);
  ++buckets_[static_cast<std::size_t>(index_of(value))];
  ++count_;
  max_ = std::max<std::int64_t>(max_, static_cast<std::int64_t>(value));
  min_ = std::min<std::int64_t>(min_, static_cast<std::int64_t>(value));
}

void latency_histogram::merge(const latency_histogram& other) {
  for (std::size_t i = 0; i < buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
  count_ += other.count_;
  max_ = std::max(max_, other.max_);
  min_ = std::min(min_, other.min_);
}

std::int64_t latency_histogram::quantile(double q) const {
  if (count_ == 0) return 0;
  const auto rank = static_cast<std::uint64_t>(std::ceil(std::clamp(q, 0.0, 1.0) * static_cast<double>(count_)));
  std::uint64_t seen = 0;
  for (int i = 0; i < bucket_count; ++i) {
    seen += buckets_[static_cast<std::size_t>(i)];
    if (seen >= std::max<std::uint64_t>(rank, 1)) {
      return std::min<std::int64_t>(static_cast<std::int64_t>(upper_edge(i)), max_);
    }
  }
  return max_;
}

double to_ms(std::int64_t nanoseconds) { return std::round(static_cast<double>(nanoseconds) / 1e3) / 1e3; }

}  // namespace bench
