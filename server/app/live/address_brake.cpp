#include "app/live/address_brake.hpp"

namespace helpchat::app {

address_brake::address_brake(std::chrono::seconds spacing, std::chrono::seconds duration)
    : spacing_(spacing), duration_(duration) {}

void address_brake::slow(std::string_view address, time_point now) {
  if (spacing_.count() == 0) return;  // turned off
  mutex_lock lock(mutex_);
  // Blocking is rare: dropping what has expired here keeps the map small without a timer.
  std::erase_if(slowed_, [now](const auto& entry) { return entry.second.until <= now; });
  auto& entry = slowed_[std::string(address)];
  entry.until = now + duration_;
  entry.next_join = now + spacing_;
  any_ = true;
}

bool address_brake::admit(std::string_view address, time_point now) {
  if (!any_.load(std::memory_order_relaxed)) return true;
  mutex_lock lock(mutex_);
  auto it = slowed_.find(std::string(address));
  if (it == slowed_.end()) return true;
  if (it->second.until <= now) {
    slowed_.erase(it);
    any_ = !slowed_.empty();
    return true;
  }
  if (now < it->second.next_join) return false;
  it->second.next_join = now + spacing_;
  return true;
}

}  // namespace helpchat::app
