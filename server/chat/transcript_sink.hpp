// Where events go to become durable (implemented by store/transcript_writer), and who hears when they are.
#pragma once

#include <optional>
#include <vector>

#include "chat/event.hpp"
#include "chat/outbox.hpp"

namespace helpchat::chat {

struct transcript_record {
  help_session_id session;
  event e;
  committed_event json;                 // the serialized forms, stored and later broadcast as they are
  std::optional<connection_id> ack_to;  // the connection that sent the command, acknowledged after commit
};

class commit_listener {
 public:
  virtual ~commit_listener() = default;
  // A group of records is durable. Called on the sink's thread, in the order the records were appended.
  virtual void on_committed(std::vector<transcript_record>&& records) = 0;
};

class transcript_sink {
 public:
  virtual ~transcript_sink() = default;
  // Queues a record. Records of one help session are appended in seq order from its strand; they commit in
  // that order. Thread-safe.
  virtual void append(transcript_record record) = 0;
};

}  // namespace helpchat::chat
