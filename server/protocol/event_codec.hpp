// Events ⇄ JSON (docs/protocol.md, "Events"). The JSON written here is what is stored in the transcript and sent
// to clients, byte for byte; decode_event() reads it back to rebuild a help session after a restart.
// Thread-safe (no state).
#pragma once

#include <string_view>

#include "chat/event.hpp"
#include "chat/event_encoder.hpp"
#include "common/result.hpp"

namespace helpchat::protocol {

class json_event_encoder final : public chat::event_encoder {
 public:
  chat::committed_event encode(const chat::event& e) const override;
  std::shared_ptr<const std::string> encode_hidden_question(const chat::question& q) const override;
};

// Reads back the `full` JSON of an event; `origin` comes from the transcript's own columns.
result<chat::event> decode_event(std::string_view full_json, std::optional<chat::event_origin> origin);

// The event type's wire name, e.g. "question_asked".
std::string_view type_name(const chat::event_body& body);

}  // namespace helpchat::protocol
