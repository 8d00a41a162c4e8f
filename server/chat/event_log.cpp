#include "chat/event_log.hpp"

#include <cassert>

namespace helpchat::chat {

void event_log::append(const std::vector<committed_event>& events) {
  std::lock_guard lock(mutex_);
  for (const auto& e : events) {
    assert(e.seq == static_cast<seq_t>(events_.size()) + 1 && "the log has no gaps");
    events_.push_back(e);
  }
}

std::vector<committed_event> event_log::since(seq_t after) const {
  std::lock_guard lock(mutex_);
  if (after < 0) after = 0;
  if (after >= static_cast<seq_t>(events_.size())) return {};
  return {events_.begin() + after, events_.end()};
}

seq_t event_log::last_seq() const {
  std::lock_guard lock(mutex_);
  return static_cast<seq_t>(events_.size());
}

}  // namespace helpchat::chat
