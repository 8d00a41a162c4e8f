// The wall clock as the domain sees it: injected, so that help session transitions can be tested with a manual clock.
// The real one is app::system_clock (the domain reads no clock of its own).
#pragma once

#include "common/utc_time.hpp"

namespace helpchat::chat {

class clock {
 public:
  virtual ~clock() = default;
  virtual utc_time now() const = 0;
};

}  // namespace helpchat::chat
