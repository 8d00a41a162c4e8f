// What a plain WebSocket connection (net::websocket_connection) has to send besides its data frames: the 101
// response, its keep-alive ping, and the answer to the peer's pings. A plain value of the connection's outgoing
// block, used on its thread only.
//
// Bounded by construction: at most one pong waits at a time. RFC 6455 5.5.3 lets an endpoint answer only the most
// recent ping, so a ping that arrives before the previous pong left replaces that pong's payload. A peer that pings
// without reading therefore has at most one 127-byte pong queued for it, however many pings it sends (before,
// every ping queued a pong: megabytes for a client that never read). The rest is one 101 response and at most one
// keep-alive ping per idle period.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "net/websocket_protocol.hpp"

namespace helpchat::net {

class control_frames {
 public:
  // Bytes sent as they are, before the frames (the 101 response).
  void queue_raw(std::string_view bytes) { raw_.append(bytes); }
  void queue_ping(std::string_view payload) { append_frame(raw_, opcode::ping, payload); }
  // Requires payload.size() <= max_control_payload (the parser enforces it).
  void queue_pong(std::string_view payload) {
    pong_.assign(payload);
    pong_due_ = true;
  }

  bool empty() const { return raw_.empty() && !pong_due_; }
  // What take() would hand out.
  std::size_t size() const { return raw_.size() + (pong_due_ ? 2 + pong_.size() : 0); }

  // Moves everything waiting to the end of `out`, in wire form, and leaves this empty.
  void take(std::string& out) {
    out.append(raw_);
    std::string().swap(raw_);
    if (pong_due_) append_frame(out, opcode::pong, pong_);
    pong_due_ = false;
    std::string().swap(pong_);
  }

 private:
  static void append_frame(std::string& out, opcode op, std::string_view payload) {
    std::array<std::uint8_t, 10> header{};
    const std::size_t length = encode_frame_header(header, op, payload.size());
    out.append(reinterpret_cast<const char*>(header.data()), length).append(payload);
  }

  std::string raw_;   // the 101 response and our pings, in wire form
  std::string pong_;  // the payload of the pong due, if pong_due_
  bool pong_due_ = false;
};

}  // namespace helpchat::net
