// Polls a condition that another thread makes true (a writer thread, a server process) and that gives the test no
// other signal: true as soon as it holds, false once `timeout` has passed. Bounded, so a test that waits for
// something that never happens fails instead of hanging.
#pragma once

#include <chrono>
#include <thread>

namespace helpchat::testing {

template <class Predicate>
bool eventually(Predicate done, std::chrono::milliseconds timeout,
                std::chrono::milliseconds every = std::chrono::milliseconds(5)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(every);
  }
  return true;
}

}  // namespace helpchat::testing
