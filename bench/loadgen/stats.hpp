// Latency histogram and delivery counters of the load generator.
//
// latency_histogram is log-linear (HdrHistogram's layout, 32 sub-buckets per power of two, so any percentile is
// within ~3 % of the true value) over nanoseconds up to ~70 s; recording is a few instructions and no allocation.
// It is not thread-safe: each io thread records into its own and the controller merges them once the thread has
// been quiesced (see scenario.cpp).
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace bench {

class latency_histogram {
 public:
  void record(std::int64_t nanoseconds);
  void merge(const latency_histogram& other);
  void clear() { *this = latency_histogram{}; }

  std::uint64_t count() const { return count_; }
  // Value at quantile q in [0, 1], in nanoseconds (upper edge of its bucket; 0 when empty).
  std::int64_t quantile(double q) const;
  std::int64_t max() const { return max_; }
  std::int64_t min() const { return count_ ? min_ : 0; }

 private:
  static constexpr int sub_bits = 5;     // 32 sub-buckets per power of two
  static constexpr int magnitudes = 37;  // up to 2^37 ns ≈ 137 s
  static constexpr int bucket_count = magnitudes << sub_bits;
  static int index_of(std::uint64_t value);
  static std::uint64_t upper_edge(int index);

  std::array<std::uint32_t, bucket_count> buckets_{};
  std::uint64_t count_ = 0;
  std::int64_t max_ = 0;
  std::int64_t min_ = INT64_MAX;
};

// Milliseconds with three decimals, for reports.
double to_ms(std::int64_t nanoseconds);

}  // namespace bench
