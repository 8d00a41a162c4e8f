#include "net/websocket_protocol.hpp"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cstring>

namespace helpchat::net {
namespace {

// ---- Frames --------------------------------------------------------------------------------------------------

constexpr std::string_view websocket_guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

std::uint16_t load_be16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }

std::uint64_t load_be64(const std::uint8_t* p) {
  std::uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = value << 8 | p[i];
  return value;
}

// XORs `bytes` with the 4-byte masking key, starting `phase` bytes into the key's cycle (RFC 6455 section 5.3).
// Eight bytes at a time: the key repeated twice, as bytes in memory, is endianness-neutral.
void unmask(std::span<char> bytes, const std::uint8_t* key, std::uint64_t phase) {
  std::uint8_t rotated[8];
  for (std::size_t i = 0; i < 8; ++i) rotated[i] = key[(phase + i) & 3];
  std::uint64_t word_key;
  std::memcpy(&word_key, rotated, sizeof word_key);
  char* p = bytes.data();
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t word;
    std::memcpy(&word, p + i, sizeof word);
    word ^= word_key;
    std::memcpy(p + i, &word, sizeof word);
  }
  for (; i < n; ++i) p[i] = static_cast<char>(p[i] ^ rotated[i & 7]);
}

// RFC 6455 section 7.4 and the IANA registry: 1004–1006 and 1015 are reserved or must never be sent, 1016–2999
// are unassigned, 3000–4999 belong to libraries and applications.
bool valid_close_code(std::uint16_t code) {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

bool is_control(opcode op) { return static_cast<std::uint8_t>(op) >= 8; }

bool known_opcode(std::uint8_t op) { return op <= 2 || (op >= 8 && op <= 10); }

}  // namespace

std::string websocket_accept_key(std::string_view client_key) {
  std::string input;
  input.reserve(client_key.size() + websocket_guid.size());
  input.append(client_key).append(websocket_guid);
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  unsigned char encoded[4 * ((SHA_DIGEST_LENGTH + 2) / 3) + 1];  // EVP_EncodeBlock adds a NUL
  const int length = EVP_EncodeBlock(encoded, digest, SHA_DIGEST_LENGTH);
  return std::string(reinterpret_cast<const char*>(encoded), static_cast<std::size_t>(length));
}

std::size_t encode_frame_header(std::span<std::uint8_t, 10> out, opcode op, std::uint64_t payload_length) {
  assert(payload_length >> 63 == 0);
  out[0] = static_cast<std::uint8_t>(0x80 | static_cast<std::uint8_t>(op));
  if (payload_length <= 125) {
    out[1] = static_cast<std::uint8_t>(payload_length);
    return 2;
  }
  if (payload_length <= 0xFFFF) {
    out[1] = 126;
    out[2] = static_cast<std::uint8_t>(payload_length >> 8);
    out[3] = static_cast<std::uint8_t>(payload_length);
    return 4;
  }
  out[1] = 127;
  for (int i = 0; i < 8; ++i) out[2 + i] = static_cast<std::uint8_t>(payload_length >> (56 - 8 * i));
  return 10;
}

std::string encode_close_payload(std::uint16_t code, std::string_view reason) {
  const std::size_t room = max_control_payload - 2;
  if (reason.size() > room) {
    std::size_t end = room;
    // Step back over continuation bytes (10xxxxxx) to the start of the sequence that would be cut.
    while (end > 0 && (static_cast<unsigned char>(reason[end]) & 0xC0) == 0x80) --end;
    reason = reason.substr(0, end);
  }
  std::string payload;
  payload.reserve(2 + reason.size());
  payload.push_back(static_cast<char>(code >> 8));
  payload.push_back(static_cast<char>(code & 0xFF));
  payload.append(reason);
  return payload;
}

frame_parser::frame_parser(std::size_t max_message_bytes) : max_message_bytes_(max_message_bytes) {}

bool frame_parser::parse(std::span<char> bytes, frame_sink& sink) {
  char* p = bytes.data();
  char* const end = p + bytes.size();
  // Each step either consumes bytes or moves to another phase, so this ends. A payload that is complete (possibly
  // empty) is finished even when no bytes are left.
  while (true) {
    if (phase_ == phase::header) {
      if (p == end) break;
      p = read_header(p, end, sink);
    } else if (phase_ == phase::payload) {
      if (p == end && payload_done_ < payload_length_) break;
      p = read_payload(p, end, sink);
    } else {
      break;
    }
  }
  return !stopped();
}

std::size_t frame_parser::extended_length_size() const {
  const std::uint8_t length7 = header_[1] & 0x7F;
  return length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
}

char* frame_parser::fill_header(char* p, char* end, std::size_t target) {
  if (header_size_ >= target) return p;
  const std::size_t take = std::min<std::size_t>(target - header_size_, static_cast<std::size_t>(end - p));
  std::memcpy(header_ + header_size_, p, take);
  header_size_ = static_cast<std::uint8_t>(header_size_ + take);
  return p + take;
}

// The header arrives in three parts, each checked as soon as it is whole: the first two bytes, the extended
// length, the mask. When a header is cut between parse() calls the checks of the parts already whole run again;
// they depend only on the header and on message_, which cannot change meanwhile, so they pass again.
char* frame_parser::read_header(char* p, char* end, frame_sink& sink) {
  p = fill_header(p, end, 2);
  if (header_size_ < 2 || !check_frame_start(sink)) return p;
  const std::size_t mask_at = 2 + extended_length_size();
  p = fill_header(p, end, mask_at);
  if (header_size_ < mask_at || !check_payload_length(sink)) return p;
  p = fill_header(p, end, mask_at + 4);
  if (header_size_ < mask_at + 4) return p;

  if (frame_opcode() == opcode::text || frame_opcode() == opcode::binary) message_ = frame_opcode();
  payload_done_ = 0;
  header_size_ = 0;  // header_ keeps the opcode, FIN and mask until the next header overwrites them
  phase_ = phase::payload;
  return p;
}

bool frame_parser::check_frame_start(frame_sink& sink) {
  if ((header_[0] & 0x70) != 0) return fail(1002, "reserved bit set (no extension was negotiated)", sink);
  if (!known_opcode(header_[0] & 0x0F)) return fail(1002, "unknown opcode", sink);
  if ((header_[1] & 0x80) == 0) return fail(1002, "client frame not masked", sink);
  const opcode op = frame_opcode();
  if (is_control(op)) {
    if (!frame_fin()) return fail(1002, "fragmented control frame", sink);
    if ((header_[1] & 0x7F) > max_control_payload) return fail(1002, "control frame longer than 125 bytes", sink);
  } else if (op == opcode::continuation) {
    if (message_ == opcode::continuation) return fail(1002, "continuation frame without a message", sink);
  } else if (message_ != opcode::continuation) {
    return fail(1002, "new message inside a fragmented one", sink);
  }
  return true;
}

bool frame_parser::check_payload_length(frame_sink& sink) {
  const std::uint8_t length7 = header_[1] & 0x7F;
  std::uint64_t length = length7;
  // RFC 6455 section 5.2: "the minimal number of bytes MUST be used to encode the length" (Beast enforces it too).
  if (length7 == 126) {
    length = load_be16(header_ + 2);
    if (length <= 125) return fail(1002, "length not minimally encoded", sink);
  } else if (length7 == 127) {
    length = load_be64(header_ + 2);
    if (length >> 63 != 0) return fail(1002, "64-bit length with the top bit set", sink);
    if (length <= 0xFFFF) return fail(1002, "length not minimally encoded", sink);
  }
  if (!is_control(frame_opcode())) {
    // A message in progress holds all of its earlier fragments in buffer_ (control frames are never pending
    // between frames).
    const std::size_t earlier = frame_opcode() == opcode::continuation ? buffer_.size() : 0;
    assert(earlier <= max_message_bytes_);
    if (length > max_message_bytes_ - earlier) return fail(1009, "message too big", sink);
  }
  payload_length_ = length;
  return true;
}

char* frame_parser::read_payload(char* p, char* end, frame_sink& sink) {
  const std::uint64_t left = payload_length_ - payload_done_;
  const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(left, static_cast<std::uint64_t>(end - p)));
  const std::span<char> chunk(p, take);
  const bool whole = take == payload_length_;  // the entire payload lies in this call's bytes
  unmask(chunk, mask_key(), payload_done_);
  payload_done_ += take;
  p += take;
  const bool complete = payload_done_ == payload_length_;
  const std::string_view bytes(chunk.data(), chunk.size());

  if (is_control(frame_opcode())) {
    if (whole) {
      finish_control_frame(bytes, false, sink);
    } else {
      buffer_.append(bytes);
      if (complete)
        finish_control_frame(std::string_view(buffer_).substr(buffer_.size() - payload_length_), true, sink);
    }
    return p;
  }

  if (message_ == opcode::text && !utf8_.feed(bytes)) {
    fail(1007, "invalid UTF-8 in a text message", sink);
    return p;
  }
  // Zero copy: an unfragmented message lying whole in the caller's bytes.
  if (whole && frame_fin() && frame_opcode() != opcode::continuation) {
    finish_data_frame(bytes, sink);
    return p;
  }
  buffer_.append(bytes);
  if (complete) finish_data_frame(buffer_, sink);
  return p;
}

void frame_parser::finish_data_frame(std::string_view payload, frame_sink& sink) {
  phase_ = phase::header;
  if (!frame_fin()) return;
  if (message_ == opcode::text && !utf8_.complete()) {
    fail(1007, "text message ends inside a UTF-8 sequence", sink);
    return;
  }
  const opcode kind = message_;
  message_ = opcode::continuation;
  utf8_.reset();
  sink.on_message(kind, payload);
  // `payload` may point into buffer_: only now may it go.
  std::string().swap(buffer_);
}

void frame_parser::finish_control_frame(std::string_view payload, bool buffered, frame_sink& sink) {
  phase_ = phase::header;
  switch (frame_opcode()) {
    case opcode::ping:
      sink.on_ping(payload);
      break;
    case opcode::pong:
      sink.on_pong(payload);
      break;
    default:
      finish_close(payload, sink);
      return;  // stopped: buffer_ is already released
  }
  if (buffered) {
    // Drop the control frame's bytes; what remains is the fragmented message in progress, if any.
    buffer_.resize(buffer_.size() - static_cast<std::size_t>(payload_length_));
    release_buffer_if_empty();
  }
}

void frame_parser::finish_close(std::string_view payload, frame_sink& sink) {
  assert(frame_opcode() == opcode::close);
  if (payload.empty()) {
    sink.on_close(std::nullopt, {});
    stop();
    return;
  }
  if (payload.size() == 1) {
    fail(1002, "close payload of 1 byte", sink);
    return;
  }
  const std::uint16_t code = load_be16(reinterpret_cast<const std::uint8_t*>(payload.data()));
  if (!valid_close_code(code)) {
    fail(1002, "invalid close code", sink);
    return;
  }
  const std::string_view reason = payload.substr(2);
  if (!is_valid_utf8(reason)) {
    fail(1007, "close reason is not valid UTF-8", sink);
    return;
  }
  sink.on_close(code, reason);
  stop();
}

// Always false, so that a check can `return fail(...)`.
bool frame_parser::fail(std::uint16_t close_code, std::string_view why, frame_sink& sink) {
  sink.on_protocol_error(close_code, why);
  stop();
  return false;
}

void frame_parser::stop() {
  phase_ = phase::stopped;
  std::string().swap(buffer_);
}

void frame_parser::release_buffer_if_empty() {
  if (buffer_.empty()) std::string().swap(buffer_);
}

}  // namespace helpchat::net
