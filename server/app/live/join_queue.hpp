// The messages a connection sent while its join was being completed, kept in order to run once it is. Joining an
// official for the first time writes the official to the database (on the writer thread) before `welcome`; a
// client on a slow link sends its commands right after `join` instead of waiting a round trip for it
// (docs/protocol.md, "join"). They already passed the connection's command budget.
//
// Bounded in count and bytes (limits::max_commands_while_joining, max_bytes_while_joining); past either, push()
// keeps nothing and the caller refuses the command. The gateway holds one per connection only while it joins
// (socket_gateway::connection_state::joining), so a joined connection pays nothing for it.
// Thread-safety: only on the connection's shard, like the connection_state that owns it.
#pragma once

#include <cstddef>
#include <vector>

#include "protocol/client_message.hpp"

namespace helpchat::app {

class join_queue {
 public:
  join_queue(std::size_t max_messages, std::size_t max_bytes) : max_messages_(max_messages), max_bytes_(max_bytes) {}

  // Keeps `message` (decoded from a frame of `frame_bytes`), or returns false, keeping nothing, when that would
  // pass either bound.
  bool push(protocol::client_message message, std::size_t frame_bytes) {
    if (messages_.size() >= max_messages_ || frame_bytes > max_bytes_ - bytes_) return false;
    bytes_ += frame_bytes;
    messages_.push_back(std::move(message));
    return true;
  }

  // Everything kept, in the order it arrived.
  std::vector<protocol::client_message> take() { return std::move(messages_); }

 private:
  const std::size_t max_messages_;
  const std::size_t max_bytes_;
  std::size_t bytes_ = 0;  // frame bytes kept; never more than max_bytes_
  std::vector<protocol::client_message> messages_;
};

}  // namespace helpchat::app
