// A token bucket for rate limits: take() succeeds while tokens remain; tokens refill continuously.
// Time is passed in (as a duration since any fixed epoch: steady_clock's or the domain clock's), so tests drive it
// without sleeping. It is kept in nanoseconds: at thousands of actions a second a token refills in less than a
// millisecond, and a coarser clock would hold back whole bursts of them. Not thread-safe: each bucket belongs to
// one owner (a connection on its shard, a help session on its strand, or a map guarded by its owner's mutex).
#pragma once

#include <algorithm>
#include <chrono>

#include "common/limits.hpp"

namespace helpchat {

class token_bucket {
 public:
  using time_point = std::chrono::nanoseconds;

  // steady_clock's time, for the buckets that are not on the domain clock.
  static time_point steady_now() { return std::chrono::steady_clock::now().time_since_epoch(); }

  explicit token_bucket(rate shape, time_point now = {}) : shape_(shape), tokens_(shape.burst), updated_(now) {}

  bool take(time_point now) {
    refill(now);
    if (tokens_ < 1.0) return false;
    tokens_ -= 1.0;
    return true;
  }

  // Seconds until one token is available (0 when one is).
  double wait_seconds(time_point now) {
    refill(now);
    return tokens_ >= 1.0 ? 0.0 : (1.0 - tokens_) / shape_.per_second;
  }

 private:
  void refill(time_point now) {
    if (now <= updated_) return;
    double elapsed = std::chrono::duration<double>(now - updated_).count();
    tokens_ = std::min(shape_.burst, tokens_ + elapsed * shape_.per_second);
    updated_ = now;
  }

  rate shape_;
  double tokens_;
  time_point updated_;
};

}  // namespace helpchat
