// Addresses a blocked official was connected from, and how often a new official's join (a registration; rejoins
// with a token are not slowed) from each may go ahead for a while after: an official blocked for abuse who
// registers again under another name has to wait between attempts.
// It slows rather than refuses, because an office of a gobernación may share one public address with colleagues
// who did nothing wrong. Thread-safe; a join from an address that was never slowed takes no lock.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/mutex.hpp"

namespace helpchat::app {

class address_brake {
 public:
  using time_point = std::chrono::steady_clock::time_point;

  // After slow(address), one join from it per `spacing`, for `duration`. A spacing of 0 slows nothing.
  address_brake(std::chrono::seconds spacing, std::chrono::seconds duration);

  void slow(std::string_view address, time_point now);
  // Whether a join from `address` may go ahead at `now` (and, if slowed, takes its turn).
  bool admit(std::string_view address, time_point now);

 private:
  struct slowed {
    time_point until;
    time_point next_join;
  };

  const std::chrono::seconds spacing_;
  const std::chrono::seconds duration_;
  std::atomic<bool> any_{false};  // whether slowed_ may hold an entry
  mutex mutex_;
  std::unordered_map<std::string, slowed> slowed_ HELPCHAT_GUARDED_BY(mutex_);
};

}  // namespace helpchat::app
