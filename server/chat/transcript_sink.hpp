// Where events go to become durable (implemented by store/transcript_writer), and who hears when they are — or that
// they never will be.
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
  // Earlier events of the session whose public rendering this one replaces, in the same commit.
  std::vector<public_rewrite> rewrites = {};
};

class commit_listener {
 public:
  virtual ~commit_listener() = default;
  // A group of records is durable. Called on the sink's thread, in the order the records were appended.
  virtual void on_committed(std::vector<transcript_record>&& records) = 0;

  // These records will never be committed: storage failed under them (or under an earlier record of their help
  // session, which they followed). Nothing of them was published; their senders must hear `unavailable`.
  // `rewind` names the help sessions whose in-memory state ran ahead of the disk with them: each must refuse
  // commands until restore() brings it back to its committed history. Called on the sink's thread.
  virtual void on_dropped(std::vector<transcript_record>&& records, std::vector<help_session_id> rewind) = 0;

  // The committed history (seq 1..n) of a help session named in an earlier on_dropped's `rewind`: the session
  // returns to exactly this state and takes commands again. Called on the sink's thread.
  virtual void restore(help_session_id session, std::vector<transcript_record>&& history) = 0;
};

class transcript_sink {
 public:
  virtual ~transcript_sink() = default;
  // Queues a record. Records of one help session are appended in seq order from its strand; they commit in
  // that order. Thread-safe.
  virtual void append(transcript_record record) = 0;
};

}  // namespace helpchat::chat
