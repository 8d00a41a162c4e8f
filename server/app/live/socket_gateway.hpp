// The application's side of every WebSocket: decodes each frame (protocol/), completes joins (officials by their
// details or token, moderators by their login cookie), tells the chat_service who joined and left, and hands it
// commands. Whether a command is allowed is the domain's decision (help_session::decide); the gateway refuses only
// what never reaches it: frames it cannot decode, too many too fast, commands before a join. Refusals go straight
// back to the connection; nothing is written for them.
// Thread-safety: the net::connection_handler callbacks run on the connection's shard; a join that must write a
// new participant continues on the writer thread and returns to the shard by posting.
//
// Each connection's state here is the gateway's own (connection_state, one table per shard, touched only on that
// shard like room_hub's rooms): its command budget, the refusals in a row past it, and the messages that arrived
// while its join was being completed. room_hub keeps who the connection is and which room it is in (member).
//
// A connection's join (member::who, connection_state::joining):
//
//   on_open ──▶ not joined ──join (moderator, token): complete_join──▶ joined
//       │  join (new official): register_official
//       ▼
//   joining: messages wait in connection_state::joining ──written: complete_join──▶ joined, then they run in order
//       └──not written: fail_join──▶ not joined; the join and each waiting command refused with the same error
//
// In every state each message and ping is charged to connection_state::command_budget (charge_budget); past it
// the message is refused with rate_limited, and after `limits.refusals_before_close` refusals in a row the
// connection is closed with 1008. on_close forgets the state, whatever it was.
#pragma once

#include <atomic>
#include <memory>
#include <unordered_map>
#include <vector>

#include "app/live/join_queue.hpp"
#include "app/live/participant_directory.hpp"
#include "app/live/room_hub.hpp"
#include "chat/chat_service.hpp"
#include "common/logger.hpp"
#include "common/token_bucket.hpp"
#include "faq/entity_directory.hpp"
#include "net/connection.hpp"
#include "net/io_shards.hpp"
#include "protocol/client_message.hpp"
#include "store/transcript_writer.hpp"

namespace helpchat::app {

class socket_gateway final : public net::connection_handler {
 public:
  struct dependencies {
    net::io_shards& shards;
    room_hub& hub;
    address_brake& brake;  // joins from where a blocked official connected
    chat::chat_service& chat;
    participant_directory& directory;
    store::transcript_writer& writer;
    const faq::entity_directory& entities;
    const chat::clock& clock;
    const helpchat::limits& limits;
    logger& log;
  };
  explicit socket_gateway(dependencies deps);

  void on_open(net::connection& c) override;
  void on_message(net::connection& c, std::string_view text) override;
  bool on_ping(net::connection& c) override;
  void on_close(net::connection& c) override;
  void on_drained(net::connection& c) override;

  // Shutdown: from now on every command is refused with `unavailable` (clients resend it, same cid, after
  // reconnecting to the next server). Thread-safe.
  void stop_taking_commands() { taking_commands_ = false; }

 private:
  // What the gateway keeps per connection, beside room_hub's member. Only on the connection's shard.
  struct connection_state {
    connection_state(net::connection& c, member& m, rate commands)
        : connection(c), membership(m), command_budget(commands, token_bucket::steady_now()) {}

    net::connection& connection;
    member& membership;                   // room_hub's, valid until on_close() disconnects it
    std::unique_ptr<join_queue> joining;  // set while a join is being completed: what arrived meanwhile
    token_bucket command_budget;          // commands this connection may send
    std::uint32_t refusals_in_a_row = 0;  // rate_limited answers since the last accepted command
  };
  struct shard_connections {
    std::unordered_map<connection_id, connection_state> states;
  };

  // The connection's state, or nullptr once it has closed. On the connection's shard.
  connection_state* find(connection_id id);

  // on_message() without the guard that turns an exception into an `internal` error frame.
  void handle_message(net::connection& c, std::string_view text);
  // A decoded message, on a connection that is not joining.
  void handle(connection_state& s, protocol::client_message message);
  // What charging one message or ping to a connection's command budget did.
  enum class charge { taken, refused, flood_closed };
  // Past the budget, the connection is closed with 1008 after `limits.refusals_before_close` refusals in a row.
  charge charge_budget(connection_state& s);
  void start_join(connection_state& s, protocol::join_request join);
  void register_official(connection_state& s, protocol::join_request join);
  // On the connection's shard, once `who` is known.
  // Then runs what arrived while joining, in order.
  void complete_join(connection_id id, std::shared_ptr<const chat::participant> who, const protocol::join_request& join,
                     const std::string& token);
  // Refuses the join with `why`, and every command that arrived while joining with it too.
  void fail_join(connection_id id, const std::string& join_cid, const error& why);
  void refuse(net::connection& c, const std::string& cid, const error& why);

  dependencies deps_;
  std::atomic<bool> taking_commands_{true};
  // One per shard, each only on its shard's thread (apart in memory, so that shards do not share cache lines).
  std::vector<std::unique_ptr<shard_connections>> connections_;
};

}  // namespace helpchat::app
