// The wall clock as the domain sees it: injected, so that help session transitions can be tested with a manual clock.
#pragma once

#include "common/utc_time.hpp"

namespace helpchat::chat {

class clock {
 public:
  virtual ~clock() = default;
  virtual utc_time now() const = 0;
};

// The real one. Thread-safe (stateless).
class system_clock final : public clock {
 public:
  utc_time now() const override {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  }
};

}  // namespace helpchat::chat
