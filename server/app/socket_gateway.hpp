// The application's side of every WebSocket: decodes each frame (protocol/), completes joins (officials by their
// details or token, moderators by their login cookie), resolves a question's form field to its queue, and hands
// commands to the chat_service. Refusals go straight back to the connection; nothing is written for them.
// Thread-safety: the net::connection_handler callbacks run on the connection's shard; a join that must write a
// new participant continues on the writer thread and returns to the shard by posting.
//
// A connection's join (member::who, member::joining):
//
//   not joined ──join (moderator, token): complete_join──▶ joined
//       │  join (new official): register_official
//       ▼
//   joining: messages wait in member::joining ──written: complete_join──▶ joined, then they run in order
//       └──not written: fail_join──▶ not joined; the join and each waiting command refused with the same error
#pragma once

#include <atomic>

#include "app/faq_library.hpp"
#include "app/participant_directory.hpp"
#include "app/room_hub.hpp"
#include "chat/chat_service.hpp"
#include "common/logger.hpp"
#include "faq/entity_directory.hpp"
#include "faq/form_model.hpp"
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
    chat::chat_service& chat;
    participant_directory& directory;
    const faq_library& faq;
    store::transcript_writer& writer;
    const faq::form_model& form;
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
  // on_message() without the guard that turns an exception into an `internal` error frame.
  void handle_message(net::connection& c, std::string_view text);
  // A decoded message, on a connection that is not joining.
  void handle(net::connection& c, member& m, protocol::client_message message);
  // What charging one message or ping to a connection's command budget did.
  enum class charge { taken, refused, flood_closed };
  // Past the budget, the connection is closed with 1008 after `limits.refusals_before_close` refusals in a row.
  charge charge_budget(net::connection& c, member& m);
  void start_join(net::connection& c, member& m, protocol::join_request join);
  void register_official(net::connection& c, member& m, protocol::join_request join);
  // On the connection's shard, once `who` is known.
  // Then runs what arrived while joining, in order.
  void complete_join(connection_id id, std::shared_ptr<const chat::participant> who, const protocol::join_request& join,
                     const std::string& token);
  // Refuses the join with `why`, and every command that arrived while joining with it too.
  void fail_join(connection_id id, const std::string& join_cid, const error& why);
  void refuse(net::connection& c, const std::string& cid, const error& why);

  dependencies deps_;
  std::atomic<bool> taking_commands_{true};
};

}  // namespace helpchat::app
