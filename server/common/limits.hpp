// Every size, count, rate and timeout of helpchat, in one place (docs/operations.md lists them with the close
// code or error a client gets past each one). The operator may change the values through configuration; the
// defaults are what a two-hour help session on the open internet needs.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace helpchat {

// Texts people type, in Unicode code points after trimming (docs/protocol.md). Part of the protocol contract, so
// not configurable.
inline constexpr std::size_t max_name_chars = 120;
inline constexpr std::size_t max_question_chars = 2000;
inline constexpr std::size_t max_answer_chars = 4000;
inline constexpr std::size_t max_reason_chars = 500;
inline constexpr std::size_t max_cid_chars = 64;
inline constexpr std::size_t max_search_query_chars = 500;

// A token bucket's shape: `burst` actions at once, refilled at `per_second`.
struct rate {
  double per_second;
  double burst;
};

struct limits {
  // Transport.
  std::size_t max_frame_bytes = 64 * 1024;         // a client frame over this closes with 1009
  std::size_t max_queued_bytes = 4 * 1024 * 1024;  // per connection; a reader this far behind is closed with 1013
  std::size_t max_http_body_bytes = 64 * 1024;     // 413 past it
  std::size_t max_http_header_bytes = 16 * 1024;
  std::size_t max_connections_per_address = 500;  // TCP connections from one IP; more are closed at accept
  std::chrono::seconds handshake_timeout{10};     // an HTTP request or a WebSocket upgrade must arrive within it
  std::chrono::seconds http_idle_timeout{30};     // a keep-alive HTTP connection with no request
  // No frame from the client for this long and the connection is closed; a ping goes out half way. ≤ 90 s, so
  // a reverse proxy with a 60 s read timeout sees traffic and keeps the socket.
  std::chrono::seconds websocket_idle_timeout{60};
  std::chrono::milliseconds accept_backoff{100};  // after EMFILE/ENFILE, before accepting again
  // Messages sent after `join` and before its `welcome`, kept to run once the join completes; past either bound a
  // message is refused with rate_limited.
  std::size_t max_commands_while_joining = 16;
  std::size_t max_bytes_while_joining = 64 * 1024;
  // A room's fan-outs on one io thread are at least this far apart: what commits in between leaves together, in
  // one frame and one write per member, instead of one write each (docs/decisions.md, "Write coalescing").
  // 0: every commit batch is fanned out as soon as it arrives.
  std::chrono::milliseconds fanout_interval{10};
  // Writes (one per member per fan-out) one io thread may start per second, on average; past it, fan-outs are
  // spaced further apart so that each carries more events. A write to a socket is what costs (≈ 6 µs of kernel
  // time on loopback), whatever it carries. 0: no budget (docs/decisions.md, "Write coalescing").
  double fanout_writes_per_second = 50'000;

  // Rates.
  rate commands_per_connection{5.0, 20.0};        // any command on one WebSocket; past it: rate_limited
  std::uint32_t refusals_before_close = 20;       // consecutive rate_limited refusals, then close 1008
  rate questions_per_official{10.0 / 60.0, 5.0};  // questions one official may ask (10 a minute, 5 at once)
  rate logins_per_address{10.0 / 60.0, 10.0};     // POST /api/login from one IP (10 a minute, 10 at once); 429
  // After an official is blocked, joins from the addresses they were connected from: one per spacing, for the
  // duration (app/live/address_brake.hpp).
  std::chrono::seconds blocked_address_join_spacing{10};
  std::chrono::seconds blocked_address_slowdown{30 * 60};
};

}  // namespace helpchat
