// The WebSocket wire protocol (RFC 6455), server side, without I/O: the handshake's accept key, server→client frame
// headers and the parser of client→server frames (text checked with common/utf8.hpp). The connection owns the
// socket, timers and queues and calls into this; nothing here knows Asio or Beast. No extension is ever negotiated
// (in particular not permessage-deflate), so RSV1–3 must be zero.
//
// Thread-safety: frame_parser is a plain value with no shared state; each belongs to one connection and is used on
// that connection's thread only. The free functions are pure.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/utf8.hpp"

namespace helpchat::net {

enum class opcode : std::uint8_t { continuation = 0, text = 1, binary = 2, close = 8, ping = 9, pong = 10 };

// RFC 6455 section 5.5: control frames (close, ping, pong) carry at most this many payload bytes.
inline constexpr std::size_t max_control_payload = 125;

// Sec-WebSocket-Accept for the client's Sec-WebSocket-Key: base64(SHA-1(key + the RFC's GUID)). The key is used as
// sent; checking that it is 16 bytes in base64 is the handshake's business.
std::string websocket_accept_key(std::string_view client_key);

// Writes the header of an unfragmented, unmasked server→client frame (FIN set, RSV clear) carrying
// `payload_length` bytes, and returns its size: 2 (length ≤ 125), 4 (≤ 65535) or 10.
// Requires payload_length < 2^63 (the protocol's limit).
std::size_t encode_frame_header(std::span<std::uint8_t, 10> out, opcode op, std::uint64_t payload_length);

// The payload of a close frame: `code` big-endian, then as much of `reason` as fits in 125 bytes in all, cut on a
// code point boundary (so that valid UTF-8 stays valid).
std::string encode_close_payload(std::uint16_t code, std::string_view reason);

// Where frame_parser delivers what it parsed. Every string_view points into the bytes given to parse() or into the
// parser's own buffer: it is valid only during the call. A callback must not call parse() again.
class frame_sink {
 public:
  virtual ~frame_sink() = default;
  // A complete data message, fragments reassembled. `kind` is text (valid UTF-8, checked) or binary.
  virtual void on_message(opcode kind, std::string_view payload) = 0;
  virtual void on_ping(std::string_view payload) = 0;
  virtual void on_pong(std::string_view payload) = 0;
  // The peer's close frame (code and reason already checked); the parser stops after it.
  virtual void on_close(std::optional<std::uint16_t> code, std::string_view reason) = 0;
  // The peer broke the protocol: close with `close_code` (1002, 1007 or 1009). `why` is for the log. The parser
  // stops after it.
  virtual void on_protocol_error(std::uint16_t close_code, std::string_view why) = 0;
};

// Parses the client→server byte stream into messages and control frames, incrementally: bytes may be cut anywhere
// between parse() calls (inside a header, inside the mask, inside a payload).
//
// Memory: the connection reads into a large scratch buffer shared by its thread and hands it to parse(), which
// unmasks payloads in place. A message whose single frame lies whole in that buffer is delivered from it with no
// copy. Only what must outlive the call is copied into buffer_: the payload bytes of a frame cut by the end of the
// bytes, and the fragments of a fragmented message. A cut header (at most 14 bytes) is kept inline. Once what was
// pending has been delivered, buffer_ gives its memory back, so an idle connection's parser holds no heap memory.
// buffer_ grows with the bytes actually received, not with the length a header announces, and never beyond
// max_message_bytes plus one control frame. sizeof(frame_parser) is 80 bytes with libstdc++ on 64-bit.
//
// States (parse() drives every transition):
//
//   header ──read_header: header complete──▶ payload ──read_payload: payload complete──▶ header
//     │                                         │
//     └──────── bad header (on_protocol_error) ─┴── close frame (on_close) or bad payload ──▶ stopped
//
// In `header` the parser waits for the next frame header; in `payload` for the rest of the current frame's
// payload. `stopped` is final: parse() ignores its bytes (after a close frame the peer may send nothing more).
class frame_parser {
 public:
  // A data message (the sum of its fragments) longer than max_message_bytes is refused with 1009, as soon as a
  // frame header announces it, before any of its payload is buffered.
  explicit frame_parser(std::size_t max_message_bytes);

  // Consumes all of `bytes`, unmasking them in place, and calls `sink` for each complete message or control frame,
  // in order. Returns false once a close frame or a protocol error has been delivered (the parser is stopped);
  // the rest of `bytes` is then ignored.
  bool parse(std::span<char> bytes, frame_sink& sink);

  bool stopped() const { return phase_ == phase::stopped; }
  // Capacity of the buffer for pending payload bytes; equal to std::string().capacity() when the parser holds no
  // heap memory. For tests and metrics.
  std::size_t pending_bytes_capacity() const { return buffer_.capacity(); }

 private:
  enum class phase : std::uint8_t { header, payload, stopped };

  char* read_header(char* p, char* end, frame_sink& sink);
  char* fill_header(char* p, char* end, std::size_t target);
  bool check_frame_start(frame_sink& sink);
  bool check_payload_length(frame_sink& sink);
  char* read_payload(char* p, char* end, frame_sink& sink);
  void finish_data_frame(std::string_view payload, frame_sink& sink);
  void finish_control_frame(std::string_view payload, bool buffered, frame_sink& sink);
  void finish_close(std::string_view payload, frame_sink& sink);
  bool fail(std::uint16_t close_code, std::string_view why, frame_sink& sink);
  void stop();
  void release_buffer_if_empty();

  opcode frame_opcode() const { return static_cast<opcode>(header_[0] & 0x0F); }
  bool frame_fin() const { return (header_[0] & 0x80) != 0; }
  std::size_t extended_length_size() const;
  const std::uint8_t* mask_key() const { return header_ + 2 + extended_length_size(); }

  // Constant after construction.
  std::size_t max_message_bytes_;

  // Unmasked payload bytes that must outlive a parse() call: the fragments of the data message in progress, then
  // (only while a control frame is cut between calls) that control frame's bytes received so far. Released
  // whenever it becomes empty.
  std::string buffer_;
  std::uint64_t payload_length_ = 0;  // of the current frame, from its header
  std::uint64_t payload_done_ = 0;    // bytes of it consumed so far; also the mask's phase (payload_done_ % 4)
  std::uint8_t header_[14] = {};      // the current frame's header: 2 bytes, extended length, mask
  std::uint8_t header_size_ = 0;      // bytes of header_ received so far (in `header`)
  phase phase_ = phase::header;
  // text or binary while a data message is in progress (from its first frame's header to its FIN frame's last
  // byte); continuation when none is.
  opcode message_ = opcode::continuation;
  utf8_validator utf8_;  // over the text message in progress
};

}  // namespace helpchat::net
