// Who is in which help session's room, per io thread, and delivery to them: the chat::outbox of this server.
//
// Each shard (io thread) keeps its own members and rooms, touched by that thread only, so fan-out takes no lock
// that publishers share (DESIGN.md invariant 5). publish() runs on the transcript writer's thread after a commit:
// it serializes the batch once — one chunk for officials, one for moderators when the batch holds a private
// answer — and posts it to every shard; each shard hands the same immutable chunk to each member's connection,
// whose writes coalesce (net::websocket_connection).
//
// A shard fans out at most once per `limits::fanout_interval`: a batch that arrives sooner after the last fan-out
// waits for the rest of the interval, with whatever else commits meanwhile. Each member then gets one write for all
// of them. At low rates nothing waits; at high rates the writes per member per second are bounded, which is what
// the kernel charges for. The shard's writes per second are bounded too (`limits::fanout_writes_per_second`, a
// work_pacer): a large room under a high event rate has its fan-outs spaced further, each carrying more events
// (docs/decisions.md, "Write coalescing").
//
// A member that joined while a batch was in flight may already have some of its events from the history replay:
// `delivered_upto` makes delivery exactly-once and in order.
//
// Per-connection state that is not about rooms (the command budget, what waits while a connection joins) belongs
// to socket_gateway: this class keeps membership, history replay and fan-out only.
//
// Thread-safety: publish/acknowledge/refuse/send_to from any thread; connect/disconnect/enter/drained/refuse_now
// only on the connection's shard (they are called from net::connection_handler callbacks).
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <unordered_map>
#include <vector>

#include "app/live/address_brake.hpp"
#include "chat/event_log.hpp"
#include "chat/outbox.hpp"
#include "chat/participant.hpp"
#include "common/limits.hpp"
#include "net/connection.hpp"
#include "net/io_shards.hpp"

namespace helpchat::app {

// A connection as its room sees it. What the gateway keeps per connection (its command budget, what waits while it
// joins) is the gateway's (socket_gateway::connection_state), not here: fan-out touches only this.
struct member {
  explicit member(net::connection* c) : connection(c) {}

  net::connection* connection = nullptr;         // valid until disconnect()
  std::shared_ptr<const chat::participant> who;  // set once joined
  help_session_id session;
  seq_t delivered_upto = 0;    // the last seq this connection has been given
  std::size_t room_index = 0;  // position in its room's vector, for O(1) removal
  // Set while the history is being replayed, a page per drained write; live events wait (they are in the log).
  std::shared_ptr<const chat::event_log> replaying;
};

class room_hub final : public chat::outbox {
 public:
  // Uses `limits.fanout_interval`, `limits.fanout_writes_per_second` and `limits.max_queued_bytes` (the
  // connections' send-queue bound: replay pages are a quarter of it). expel() slows the addresses it closes in
  // `brake`, which must outlive the hub.
  room_hub(net::io_shards& shards, const limits& limits, address_brake& brake);
  ~room_hub() override;

  // On the connection's shard. The member returned stays where it is until disconnect(c).
  member& connect(net::connection& c);
  void disconnect(net::connection& c);
  // Puts the member in its session's room and sends `welcome`, the events after `since` as `who` may see them
  // (a page at a time, each once the previous one is written, so a long history never overflows the send queue),
  // and `synced`. Live events follow with no gap and no duplicate.
  void enter(member& m, std::shared_ptr<const chat::participant> who, help_session_id session,
             const std::string& welcome, std::shared_ptr<const chat::event_log> log, seq_t since);
  // The member's connection has written everything queued: the next page of its replay, if any.
  void drained(net::connection& c);

  // From any thread: closes every connection (shutdown).
  void close_all(net::close_code code, std::string reason);
  // From any thread: closes every connection joined as `who` (a moderator whose account was disabled). A join
  // completed on a shard before this reaches it is closed too.
  void close_connections_of(participant_id who, net::close_code code, std::string reason);

  // From any thread: queue one JSON message to a connection, if it is still there.
  void send_to(connection_id id, std::string message);

  void publish(std::shared_ptr<const chat::published_batch> batch) override;
  void acknowledge(chat::acknowledgement ack) override;
  void refuse(connection_id connection, std::string cid, error why) override;
  // Closes the official's connections with 1008 and `reason`, and slows joins from their addresses.
  void expel(participant_id official, std::string reason) override;
  // The same for a connection at hand, on its shard.
  void refuse_now(net::connection& c, const std::string& cid, const error& why);

  // Refusals sent, by error code, for /metrics.
  std::uint64_t refusals(error_code code) const { return refusals_[static_cast<std::size_t>(code)].load(); }

  std::uint64_t connections() const { return connections_.load(); }
  std::uint64_t deliveries() const { return deliveries_.load(); }

  static std::size_t shard_of(connection_id id) { return id.value & 0xFF; }

 private:
  struct prepared_batch;
  struct shard_rooms;

  // On the connection's shard: its member, or nullptr once it has disconnected.
  member* find(connection_id id);
  // On the shard: `batch` is delivered now or at the end of the current fan-out interval.
  void arrive(shard_rooms& shard, std::shared_ptr<const prepared_batch> batch);
  void fan_out(shard_rooms& shard);
  void deliver(shard_rooms& shard, const prepared_batch& batch);
  // Sends the next page of `m`'s replay after `prefix` (the welcome, on the first page); ends it with `synced`.
  void continue_replay(member& m, std::string prefix);

  net::io_shards& shards_;
  address_brake& brake_;
  const std::chrono::milliseconds fanout_interval_;
  const std::size_t replay_page_bytes_;              // history sent per page while replaying
  std::vector<std::unique_ptr<shard_rooms>> rooms_;  // one per shard; each only on its shard's thread
  std::atomic<std::uint64_t> connections_{0};
  std::atomic<std::uint64_t> deliveries_{0};  // events handed to connections
  std::array<std::atomic<std::uint64_t>, static_cast<std::size_t>(error_code::payload_too_large) + 1> refusals_{};
};

}  // namespace helpchat::app
