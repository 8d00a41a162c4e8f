#include "chat/event_log.hpp"

#include <cassert>

namespace helpchat::chat {

void event_log::append(const std::vector<committed_event>& events) {
  mutex_lock lock(mutex_);
  for (const auto& e : events) {
    assert(e.seq == static_cast<seq_t>(events_.size()) + 1 && "the log has no gaps");
    events_.push_back(e);
  }
}

void event_log::rewrite(const std::vector<public_rewrite>& rewrites) {
  mutex_lock lock(mutex_);
  for (const auto& r : rewrites) {
    if (r.seq < 1 || r.seq > static_cast<seq_t>(events_.size())) continue;
    events_[static_cast<std::size_t>(r.seq - 1)].redacted = r.redacted;
  }
}

std::vector<committed_event> event_log::since(seq_t after) const {
  mutex_lock lock(mutex_);
  if (after < 0) after = 0;
  if (after >= static_cast<seq_t>(events_.size())) return {};
  return {events_.begin() + after, events_.end()};
}

event_log::page event_log::page_after(seq_t after, std::size_t max_bytes) const {
  mutex_lock lock(mutex_);
  page out;
  std::size_t bytes = 0;
  for (auto i = static_cast<std::size_t>(std::max<seq_t>(after, 0)); i < events_.size(); ++i) {
    if (!out.events.empty() && bytes >= max_bytes) {
      out.complete = false;
      break;
    }
    bytes += events_[i].redacted->size();
    out.events.push_back(events_[i]);
  }
  return out;
}

seq_t event_log::last_seq() const {
  mutex_lock lock(mutex_);
  return static_cast<seq_t>(events_.size());
}

}  // namespace helpchat::chat
