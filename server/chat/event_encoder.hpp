// Serializes an event for the wire and the transcript (implemented by protocol/). The domain calls it once per
// event, on the help session's strand, so that fan-out and storage share the same bytes.
#pragma once

#include "chat/event.hpp"
#include "chat/outbox.hpp"

namespace helpchat::chat {

class event_encoder {
 public:
  virtual ~event_encoder() = default;
  // Fills `full`, `redacted` (the same pointer unless the event is private) and `audience`. Thread-safe.
  virtual committed_event encode(const event& e) const = 0;
};

}  // namespace helpchat::chat
