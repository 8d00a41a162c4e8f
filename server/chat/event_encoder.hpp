// Serializes an event for the wire and the transcript (implemented by protocol/). The domain calls it once per
// event, on the help session's strand, so that fan-out and storage share the same bytes.
#pragma once

#include "chat/event.hpp"
#include "chat/outbox.hpp"
#include "chat/question.hpp"

namespace helpchat::chat {

class event_encoder {
 public:
  virtual ~event_encoder() = default;
  // Fills `full`, `redacted` (the same pointer unless the event is private) and `audience`. Thread-safe.
  virtual committed_event encode(const event& e) const = 0;
  // What everyone but the moderators reads, from now on, for the question_asked event of `q`, a question hidden
  // when its asker was blocked: that a question was asked about its field, not its text or who asked.
  virtual std::shared_ptr<const std::string> encode_hidden_question(const question& q) const = 0;
};

}  // namespace helpchat::chat
