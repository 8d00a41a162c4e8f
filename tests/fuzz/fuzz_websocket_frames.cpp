// Fuzzes net::frame_parser, our RFC 6455 reader of what WebSocket clients send (the first code that touches their
// bytes). Input: byte 0 chooses where the stream is cut into reads; the rest is the client's byte stream.
//
// Invariants beyond "no crash, no sanitizer report":
//   - cutting the stream into reads anywhere changes nothing: the events (messages, pings, pongs, close, error)
//     are the same, in the same order, as when the whole stream arrives in one read;
//   - nothing is delivered after a close frame or a protocol error, and parse() says it has stopped;
//   - a text message is valid UTF-8 and no message is over the size limit; control payloads are ≤ 125 bytes;
//   - a protocol error's close code is 1002, 1007 or 1009, and a peer's close code is one a peer may send;
//   - the parser's own buffer never grows past the limit (a header cannot make it allocate what it announces).
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "net/websocket_protocol.hpp"
#include "utf8.hpp"

namespace {

using namespace helpchat::net;

constexpr std::size_t max_message_bytes = 1024;  // small, so the fuzzer reaches the limit

class recording_sink final : public frame_sink {
 public:
  std::vector<std::string> events;
  bool stopped = false;

  void on_message(opcode kind, std::string_view payload) override {
    FUZZ_CHECK(!stopped);
    FUZZ_CHECK(kind == opcode::text || kind == opcode::binary);
    FUZZ_CHECK(payload.size() <= max_message_bytes);
    if (kind == opcode::text) FUZZ_CHECK(helpchat::fuzz::is_valid_utf8(payload));
    events.push_back((kind == opcode::text ? "text:" : "binary:") + std::string(payload));
  }
  void on_ping(std::string_view payload) override {
    FUZZ_CHECK(!stopped);
    FUZZ_CHECK(payload.size() <= max_control_payload);
    events.push_back("ping:" + std::string(payload));
  }
  void on_pong(std::string_view payload) override {
    FUZZ_CHECK(!stopped);
    FUZZ_CHECK(payload.size() <= max_control_payload);
    events.push_back("pong:" + std::string(payload));
  }
  void on_close(std::optional<std::uint16_t> code, std::string_view reason) override {
    FUZZ_CHECK(!stopped);
    if (code) {
      FUZZ_CHECK((*code >= 1000 && *code <= 1003) || (*code >= 1007 && *code <= 1014) ||
                 (*code >= 3000 && *code <= 4999));
    } else {
      FUZZ_CHECK(reason.empty());
    }
    FUZZ_CHECK(helpchat::fuzz::is_valid_utf8(reason));
    stopped = true;
    events.push_back("close:" + (code ? std::to_string(*code) : std::string("-")) + ":" + std::string(reason));
  }
  void on_protocol_error(std::uint16_t close_code, std::string_view) override {
    FUZZ_CHECK(!stopped);
    FUZZ_CHECK(close_code == 1002 || close_code == 1007 || close_code == 1009);
    stopped = true;
    events.push_back("error:" + std::to_string(close_code));
  }
};

// Feeds `stream` in reads whose lengths cycle through `cuts`; returns the events.
std::vector<std::string> parse_in_reads(std::string stream, const std::vector<std::size_t>& cuts) {
  frame_parser parser(max_message_bytes);
  recording_sink sink;
  std::size_t at = 0;
  for (std::size_t i = 0; at < stream.size(); ++i) {
    const std::size_t length = std::min(cuts[i % cuts.size()], stream.size() - at);
    const bool going = parser.parse(std::span<char>(stream.data() + at, length), sink);
    FUZZ_CHECK(going == !sink.stopped);
    FUZZ_CHECK(parser.stopped() == sink.stopped);
    // Bytes of the message in progress plus one cut control frame, and std::string's growth on top.
    FUZZ_CHECK(parser.pending_bytes_capacity() <= 2 * (max_message_bytes + max_control_payload) + 64);
    at += length;
  }
  return sink.events;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t seed = data[0];
  const std::string stream(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto whole = parse_in_reads(stream, {stream.size() + 1});
  // Read lengths from the seed: 1 to 16 bytes, changing every read, so headers, masks and payloads are cut at
  // every kind of place.
  std::vector<std::size_t> cuts;
  for (int i = 0; i < 4; ++i) cuts.push_back(1 + ((seed >> (2 * i)) & 0x3) * 5);
  FUZZ_CHECK(parse_in_reads(stream, cuts) == whole);
  FUZZ_CHECK(parse_in_reads(stream, {1}) == whole);
  return 0;
}
