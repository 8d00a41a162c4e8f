// How the domain reaches connections: by connection id, through this interface (implemented by app::room_hub).
// The domain never holds a connection; one may be gone by the time a message is sent, and that is fine.
#pragma once

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "common/ids.hpp"
#include "common/result.hpp"

namespace helpchat::chat {

// An event as it travels after its commit: serialized once, shared by every recipient.
struct committed_event {
  seq_t seq = 0;
  std::vector<participant_id> audience;         // a private answer's asker and co-askers; empty for public events
  std::shared_ptr<const std::string> full;      // JSON for the audience and the moderators
  std::shared_ptr<const std::string> redacted;  // JSON for everyone else; the same pointer as `full` when public

  bool is_private() const { return full != redacted; }
  bool is_addressed_to(participant_id who) const {
    return std::find(audience.begin(), audience.end(), who) != audience.end();
  }
};

// A committed event's public rendering replaced by a later event: a blocked official's question, hidden from the
// room and the archive.
struct public_rewrite {
  seq_t seq = 0;
  std::shared_ptr<const std::string> redacted;
};

struct acknowledgement {
  connection_id connection;
  std::string cid;
  seq_t seq = 0;
};

// One help session's share of one commit: its events in seq order, then the acks of the commands that caused them.
struct published_batch {
  help_session_id session;
  std::vector<committed_event> events;
  std::vector<acknowledgement> acks;
};

class outbox {
 public:
  virtual ~outbox() = default;
  // Delivers the events to every member of the session, then the acks to their senders. Called in seq order.
  virtual void publish(std::shared_ptr<const published_batch> batch) = 0;
  // Acknowledges a repeated command whose event is already committed.
  virtual void acknowledge(acknowledgement ack) = 0;
  // Tells one connection why its command was refused.
  virtual void refuse(connection_id connection, std::string cid, error why) = 0;
  // Closes every connection of `official`, blocked in a help session, telling them `reason`; new joins from where
  // they connected are slowed for a while.
  virtual void expel(participant_id official, std::string reason) = 0;
};

}  // namespace helpchat::chat
