// The real wall clock, the one implementation of chat::clock outside tests. The server builds one (server::parts)
// and hands it to the domain; the CLI commands build their own from the same class. Thread-safe (stateless).
#pragma once

#include <chrono>

#include "chat/clock.hpp"

namespace helpchat::app {

class system_clock final : public chat::clock {
 public:
  utc_time now() const override {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  }
};

}  // namespace helpchat::app
