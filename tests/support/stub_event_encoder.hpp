// A chat::event_encoder for domain tests that must not depend on protocol/: each event becomes a short readable
// string ("seq=3 kind=2"), and a private answer also gets a distinct redacted string and its asker as audience —
// the contract chat_service relies on, without the JSON. Thread-safe (no state).
#pragma once

#include <memory>
#include <string>

#include "chat/event_encoder.hpp"

namespace helpchat::testing {

class stub_event_encoder final : public chat::event_encoder {
 public:
  chat::committed_event encode(const chat::event& e) const override {
    chat::committed_event out;
    out.seq = e.seq;
    std::string text = "seq=" + std::to_string(e.seq) + " kind=" + std::to_string(e.body.index());
    if (chat::is_private(e)) {
      out.full = std::make_shared<const std::string>(text + " private");
      out.redacted = std::make_shared<const std::string>(text + " redacted");
      out.audience = chat::private_audience_of(e);
    } else {
      out.full = std::make_shared<const std::string>(text);
      out.redacted = out.full;
    }
    return out;
  }
  std::shared_ptr<const std::string> encode_hidden_question(const chat::question& q) const override {
    return std::make_shared<const std::string>("seq=" + std::to_string(q.id.value) + " hidden");
  }
};

}  // namespace helpchat::testing
