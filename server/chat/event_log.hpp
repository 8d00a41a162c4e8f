// The committed events of one help session, kept in memory so that a (re)joining client is served its history
// without touching the database. Appended by the transcript writer's thread after each commit; read by io threads
// when a client joins. Thread-safe: a mutex held only to append or to copy pointers (never during I/O); the event
// bytes themselves are immutable and shared.
#pragma once

#include <vector>

#include "chat/outbox.hpp"
#include "common/mutex.hpp"

namespace helpchat::chat {

class event_log {
 public:
  void append(const std::vector<committed_event>& events);
  // Replaces the public renderings of committed events (a blocked official's hidden questions). A replay already
  // past them is not changed: the block event that follows tells that client to hide them.
  void rewrite(const std::vector<public_rewrite>& rewrites);
  // The events with seq in (after, last_seq()], in order.
  std::vector<committed_event> since(seq_t after) const;
  // The events after `after`, in order, stopping once their public renderings reach `max_bytes` (at least one
  // event when there is one); `complete` tells whether they reach the end of the log.
  struct page {
    std::vector<committed_event> events;
    bool complete = true;
  };
  page page_after(seq_t after, std::size_t max_bytes) const;
  seq_t last_seq() const;

 private:
  mutable mutex mutex_;
  std::vector<committed_event> events_ HELPCHAT_GUARDED_BY(mutex_);  // events_[i].seq == i + 1
};

}  // namespace helpchat::chat
