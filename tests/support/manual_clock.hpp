// A chat::clock whose time the test sets, so that help session transitions happen at exact instants and a test
// never sleeps. Thread-safe: the time is one atomic, so a service may read it on its strand while the test sets it.
#pragma once

#include <atomic>
#include <chrono>

#include "chat/clock.hpp"

namespace helpchat::testing {

class manual_clock final : public chat::clock {
 public:
  explicit manual_clock(utc_time start) : now_(start) {}

  utc_time now() const override { return now_.load(); }
  void set(utc_time at) { now_.store(at); }
  void advance(std::chrono::milliseconds by) { now_.store(now_.load() + by); }

 private:
  std::atomic<utc_time> now_;
};

}  // namespace helpchat::testing
