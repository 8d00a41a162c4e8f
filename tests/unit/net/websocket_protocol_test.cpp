#include "net/websocket_protocol.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace helpchat::net {
namespace {

using events = std::vector<std::string>;

// Records what the parser delivers as one readable line per event, so that tests compare whole sequences.
class recording_sink final : public frame_sink {
 public:
  void on_message(opcode kind, std::string_view payload) override {
    last_payload = payload;
    log.push_back((kind == opcode::text ? "text " : kind == opcode::binary ? "binary " : "?? ") + std::string(payload));
  }
  void on_ping(std::string_view payload) override { log.push_back("ping " + std::string(payload)); }
  void on_pong(std::string_view payload) override { log.push_back("pong " + std::string(payload)); }
  void on_close(std::optional<std::uint16_t> code, std::string_view reason) override {
    log.push_back(code ? "close " + std::to_string(*code) + " " + std::string(reason) : "close -");
  }
  void on_protocol_error(std::uint16_t close_code, std::string_view why) override {
    log.push_back("error " + std::to_string(close_code));
    last_why = why;
  }

  events log;
  std::string_view last_payload;  // valid only during on_message; kept to check where it pointed
  std::string last_why;
};

constexpr std::array<std::uint8_t, 4> rfc_mask = {0x37, 0xfa, 0x21, 0x3d};

// A client→server frame: `first` is the first header byte (FIN, RSV, opcode), the length is minimally encoded.
std::string raw_frame(std::uint8_t first, std::string_view payload, bool masked = true,
                      std::array<std::uint8_t, 4> mask = rfc_mask) {
  std::string out(1, static_cast<char>(first));
  const std::uint8_t mask_bit = masked ? 0x80 : 0;
  if (payload.size() <= 125) {
    out.push_back(static_cast<char>(mask_bit | payload.size()));
  } else if (payload.size() <= 0xFFFF) {
    out.push_back(static_cast<char>(mask_bit | 126));
    out.push_back(static_cast<char>(payload.size() >> 8));
    out.push_back(static_cast<char>(payload.size()));
  } else {
    out.push_back(static_cast<char>(mask_bit | 127));
    for (int i = 7; i >= 0; --i)
      out.push_back(static_cast<char>(static_cast<std::uint64_t>(payload.size()) >> (8 * i)));
  }
  if (!masked) return out.append(payload);
  out.append(mask.begin(), mask.end());
  for (std::size_t i = 0; i < payload.size(); ++i) out.push_back(static_cast<char>(payload[i] ^ mask[i % 4]));
  return out;
}

std::string frame(opcode op, std::string_view payload, bool fin = true, std::array<std::uint8_t, 4> mask = rfc_mask) {
  return raw_frame(static_cast<std::uint8_t>((fin ? 0x80 : 0) | static_cast<std::uint8_t>(op)), payload, true, mask);
}

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

std::string close_payload(std::uint16_t code, std::string_view reason = {}) {
  return bytes({code >> 8, code & 0xFF}).append(reason);
}

// Feeds `stream` cut at `cuts` (ascending offsets), each piece in a buffer of its own, as the connection would.
events parse_in_pieces(frame_parser& parser, std::string_view stream, const std::vector<std::size_t>& cuts = {}) {
  recording_sink sink;
  std::size_t from = 0;
  for (std::size_t i = 0; i <= cuts.size(); ++i) {
    const std::size_t to = i < cuts.size() ? cuts[i] : stream.size();
    std::vector<char> piece(stream.begin() + static_cast<std::ptrdiff_t>(from),
                            stream.begin() + static_cast<std::ptrdiff_t>(to));
    parser.parse(piece, sink);
    from = to;
  }
  return sink.log;
}

events parse_in_pieces(std::string_view stream, const std::vector<std::size_t>& cuts = {},
                       std::size_t max_message_bytes = 1 << 20) {
  frame_parser parser(max_message_bytes);
  return parse_in_pieces(parser, stream, cuts);
}

const std::size_t no_heap_capacity = std::string().capacity();

// ---- Handshake -----------------------------------------------------------------------------------------------

// RFC 6455 section 1.3 (the same key and answer as the MDN page on Sec-WebSocket-Accept).
TEST(websocket_protocol, accept_key_matches_the_rfc_example) {
  EXPECT_EQ(websocket_accept_key("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(websocket_protocol, accept_key_matches_the_wikipedia_example) {
  EXPECT_EQ(websocket_accept_key("x3JJHMbDL1EzLkh9GBhXDw=="), "HSmrc0sMlYUkAGmm5OPpG2HaGWk=");
}

// ---- Frames the server sends ---------------------------------------------------------------------------------

// Decodes a header written by encode_frame_header: {opcode byte, payload length}.
std::pair<std::uint8_t, std::uint64_t> decode_server_header(const std::array<std::uint8_t, 10>& h, std::size_t size) {
  EXPECT_EQ(h[1] & 0x80, 0) << "server frames are not masked";
  const std::uint8_t length7 = h[1] & 0x7F;
  if (length7 <= 125) {
    EXPECT_EQ(size, 2u);
    return {h[0], length7};
  }
  if (length7 == 126) {
    EXPECT_EQ(size, 4u);
    return {h[0], static_cast<std::uint64_t>(h[2]) << 8 | h[3]};
  }
  EXPECT_EQ(size, 10u);
  std::uint64_t length = 0;
  for (int i = 2; i < 10; ++i) length = length << 8 | h[i];
  return {h[0], length};
}

TEST(encode_frame_header, writes_the_rfc_examples) {
  std::array<std::uint8_t, 10> h{};
  ASSERT_EQ(encode_frame_header(h, opcode::text, 5), 2u);
  EXPECT_EQ(h[0], 0x81);
  EXPECT_EQ(h[1], 0x05);
  ASSERT_EQ(encode_frame_header(h, opcode::binary, 256), 4u);
  EXPECT_EQ((std::array<std::uint8_t, 4>{h[0], h[1], h[2], h[3]}),
            (std::array<std::uint8_t, 4>{0x82, 0x7E, 0x01, 0x00}));
  ASSERT_EQ(encode_frame_header(h, opcode::binary, 65536), 10u);
  EXPECT_EQ(h, (std::array<std::uint8_t, 10>{0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0}));
  ASSERT_EQ(encode_frame_header(h, opcode::pong, 0), 2u);
  EXPECT_EQ(h[0], 0x8A) << "FIN set, RSV clear";
  EXPECT_EQ(h[1], 0x00);
}

TEST(encode_frame_header, round_trips_every_length_form) {
  const std::uint64_t lengths[] = {0, 1, 125, 126, 127, 65535, 65536, 1ULL << 32, (1ULL << 63) - 1};
  const std::size_t sizes[] = {2, 2, 2, 4, 4, 4, 10, 10, 10};
  for (std::size_t i = 0; i < std::size(lengths); ++i) {
    std::array<std::uint8_t, 10> h{};
    const std::size_t size = encode_frame_header(h, opcode::text, lengths[i]);
    EXPECT_EQ(size, sizes[i]) << lengths[i];
    const auto [first, length] = decode_server_header(h, size);
    EXPECT_EQ(first, 0x81);
    EXPECT_EQ(length, lengths[i]);
  }
}

TEST(encode_frame_header, is_read_back_by_the_parser_once_masked) {
  for (std::size_t length : {0, 125, 126, 65535, 65536}) {
    std::array<std::uint8_t, 10> h{};
    const std::size_t size = encode_frame_header(h, opcode::binary, length);
    std::string stream(h.begin(), h.begin() + static_cast<std::ptrdiff_t>(size));
    stream[1] = static_cast<char>(stream[1] | 0x80);
    stream.append(4, '\0');  // an all-zero mask leaves the payload as it is
    stream.append(length, 'z');
    EXPECT_EQ(parse_in_pieces(stream), events{"binary " + std::string(length, 'z')}) << length;
  }
}

TEST(encode_close_payload, is_the_code_big_endian_then_the_reason) {
  EXPECT_EQ(encode_close_payload(1000, ""), bytes({0x03, 0xE8}));
  EXPECT_EQ(encode_close_payload(4001, "bye"), bytes({0x0F, 0xA1}) + "bye");
}

TEST(encode_close_payload, cuts_a_long_reason_on_a_code_point_boundary) {
  EXPECT_EQ(encode_close_payload(1000, std::string(200, 'a')).size(), 125u);
  EXPECT_EQ(encode_close_payload(1000, std::string(123, 'a')).size(), 125u) << "exactly full is not cut";

  // "ñ" is two bytes: placed across byte 123 of the reason, it must go whole.
  const std::string reason = std::string(122, 'a') + "ñ" + "tail";
  const std::string payload = encode_close_payload(1000, reason);
  EXPECT_EQ(payload, close_payload(1000, std::string(122, 'a')));
  EXPECT_TRUE(is_valid_utf8(std::string_view(payload).substr(2)));

  const std::string emoji = std::string(121, 'a') + "😀";  // four bytes at 121..124
  EXPECT_EQ(encode_close_payload(1000, emoji), close_payload(1000, std::string(121, 'a')));
}

TEST(encode_close_payload, is_accepted_by_the_parser) {
  const std::string reason = std::string(120, 'x') + "€€";
  EXPECT_EQ(parse_in_pieces(frame(opcode::close, encode_close_payload(1001, reason))),
            events{"close 1001 " + std::string(120, 'x') + "€"})
      << "123 bytes of reason fit; the second € would not";
}

// ---- The parser: RFC 6455 section 5.7 ------------------------------------------------------------------------

TEST(frame_parser, reads_a_single_masked_text_frame) {
  const std::string rfc = bytes({0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58});
  EXPECT_EQ(rfc, frame(opcode::text, "Hello")) << "the test helper agrees with the RFC";
  EXPECT_EQ(parse_in_pieces(rfc), events{"text Hello"});
}

TEST(frame_parser, refuses_the_rfc_unmasked_frame_from_a_client) {
  EXPECT_EQ(parse_in_pieces(bytes({0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f})), events{"error 1002"});
}

TEST(frame_parser, reassembles_a_fragmented_text_message) {
  const std::string stream = frame(opcode::text, "Hel", false) + frame(opcode::continuation, "lo");
  EXPECT_EQ(parse_in_pieces(stream), events{"text Hello"});
}

TEST(frame_parser, reads_ping_and_pong) {
  EXPECT_EQ(parse_in_pieces(frame(opcode::ping, "Hello")), events{"ping Hello"});
  const std::string rfc_pong = bytes({0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58});
  EXPECT_EQ(parse_in_pieces(rfc_pong), events{"pong Hello"});
}

TEST(frame_parser, reads_16_and_64_bit_lengths) {
  std::string payload_256(256, '\0');
  for (std::size_t i = 0; i < payload_256.size(); ++i) payload_256[i] = static_cast<char>(i);
  const std::string frame_256 = frame(opcode::binary, payload_256);
  EXPECT_EQ(frame_256.substr(0, 4), bytes({0x82, 0xFE, 0x01, 0x00}));
  EXPECT_EQ(parse_in_pieces(frame_256), events{"binary " + payload_256});

  std::string payload_64k(65536, '\0');
  for (std::size_t i = 0; i < payload_64k.size(); ++i) payload_64k[i] = static_cast<char>(i * 7 + 3);
  const std::string frame_64k = frame(opcode::binary, payload_64k);
  EXPECT_EQ(frame_64k.substr(0, 10), bytes({0x82, 0xFF, 0, 0, 0, 0, 0, 1, 0, 0}));
  EXPECT_EQ(parse_in_pieces(frame_64k), events{"binary " + payload_64k});
}

// ---- The parser: streams cut anywhere ------------------------------------------------------------------------

// Every frame kind and length form, masks of all kinds, a ping between fragments, a code point split between
// fragments, empty frames.
std::string mixed_stream() {
  std::string binary_300(300, '\0');
  for (std::size_t i = 0; i < binary_300.size(); ++i) binary_300[i] = static_cast<char>(255 - i);
  std::string stream = frame(opcode::text, "Hello");
  stream += frame(opcode::text, "ni\xC3", false, {0x01, 0x02, 0x03, 0x04});
  stream += frame(opcode::ping, "in between", true, {0xFF, 0x00, 0xAA, 0x55});
  stream += frame(opcode::continuation, "", false);
  stream += frame(opcode::continuation, "\xB1o \xF0\x9F\x98", false, {0x80, 0x80, 0x80, 0x80});
  stream += frame(opcode::pong, "");
  stream += frame(opcode::continuation, "\x80!", true, {0x00, 0x00, 0x00, 0x00});
  stream += frame(opcode::binary, binary_300, true, {0x12, 0x34, 0x56, 0x78});
  stream += frame(opcode::text, "");
  stream += frame(opcode::ping, std::string(125, 'p'));
  stream += frame(opcode::close, close_payload(1000, "adiós"));
  return stream;
}

events mixed_stream_events() {
  std::string binary_300(300, '\0');
  for (std::size_t i = 0; i < binary_300.size(); ++i) binary_300[i] = static_cast<char>(255 - i);
  return {"text Hello",
          "ping in between",
          "pong ",
          "text ni\xC3\xB1o \xF0\x9F\x98\x80!",
          "binary " + binary_300,
          "text ",
          "ping " + std::string(125, 'p'),
          "close 1000 adiós"};
}

TEST(frame_parser, a_mixed_stream_in_one_piece) { EXPECT_EQ(parse_in_pieces(mixed_stream()), mixed_stream_events()); }

TEST(frame_parser, a_stream_cut_at_any_one_position_gives_the_same_events) {
  const std::string stream = mixed_stream();
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    ASSERT_EQ(parse_in_pieces(stream, {cut}), mixed_stream_events()) << "cut at " << cut;
  }
}

TEST(frame_parser, a_stream_fed_byte_by_byte_gives_the_same_events) {
  const std::string stream = mixed_stream();
  std::vector<std::size_t> cuts;
  for (std::size_t i = 1; i < stream.size(); ++i) cuts.push_back(i);
  EXPECT_EQ(parse_in_pieces(stream, cuts), mixed_stream_events());
}

TEST(frame_parser, a_stream_cut_at_any_two_positions_gives_the_same_events) {
  // Shorter than the mixed stream, as the cuts are quadratic: 7- and 16-bit lengths, fragments, a control frame.
  std::string payload_130(130, 'q');
  const std::string stream = frame(opcode::text, "ni\xC3", false, {1, 2, 3, 4}) + frame(opcode::ping, "pi") +
                             frame(opcode::continuation, "\xB1o", true, {9, 8, 7, 6}) +
                             frame(opcode::binary, payload_130, true, {0xA0, 0xB0, 0xC0, 0xD0});
  const events expected = {"ping pi", "text ni\xC3\xB1o", "binary " + payload_130};
  for (std::size_t first = 0; first <= stream.size(); ++first) {
    for (std::size_t second = first; second <= stream.size(); ++second) {
      ASSERT_EQ(parse_in_pieces(stream, {first, second}), expected) << "cuts at " << first << " and " << second;
    }
  }
}

TEST(frame_parser, a_64_bit_length_frame_cut_anywhere_in_its_header_or_payload) {
  std::string payload(70000, '\0');
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>('a' + i % 26);
  const std::string stream = frame(opcode::text, payload, true, {0x11, 0x22, 0x33, 0x44}) + frame(opcode::ping, "");
  const events expected = {"text " + payload, "ping "};
  for (std::size_t cut = 0; cut <= 40; ++cut) EXPECT_EQ(parse_in_pieces(stream, {cut}), expected) << cut;
  for (std::size_t cut : {1000u, 65535u, 65536u, 70012u, 70013u, 70014u}) {
    EXPECT_EQ(parse_in_pieces(stream, {cut}), expected) << cut;
  }
}

TEST(frame_parser, random_pieces_give_the_same_events) {
  const std::string stream = mixed_stream() + frame(opcode::text, std::string(100000, 'x'));
  const events expected = mixed_stream_events();  // the close frame ends it: the last text is ignored
  std::mt19937 random(42);
  for (int round = 0; round < 50; ++round) {
    std::vector<std::size_t> cuts;
    for (std::size_t at = random() % 64; at < stream.size(); at += 1 + random() % 97) cuts.push_back(at);
    ASSERT_EQ(parse_in_pieces(stream, cuts), expected) << "round " << round;
  }
}

TEST(frame_parser, many_frames_in_one_buffer) {
  std::string stream;
  events expected;
  for (int i = 0; i < 1000; ++i) {
    const std::string text = "message " + std::to_string(i);
    const std::array<std::uint8_t, 4> mask = {static_cast<std::uint8_t>(i), static_cast<std::uint8_t>(i * 3), 0x5A,
                                              static_cast<std::uint8_t>(~i)};
    stream += frame(opcode::text, text, true, mask);
    expected.push_back("text " + text);
  }
  EXPECT_EQ(parse_in_pieces(stream), expected);
}

TEST(frame_parser, delivers_a_whole_unfragmented_message_from_the_callers_bytes) {
  std::string stream = frame(opcode::text, "zero copy please");
  std::vector<char> buffer(stream.begin(), stream.end());
  frame_parser parser(1024);
  recording_sink sink;
  EXPECT_TRUE(parser.parse(buffer, sink));
  ASSERT_EQ(sink.log, events{"text zero copy please"});
  EXPECT_EQ(sink.last_payload.data(), buffer.data() + 6) << "unmasked in place, right after the header";
  EXPECT_EQ(std::string_view(buffer.data() + 6, 16), "zero copy please");
}

// ---- The parser: memory --------------------------------------------------------------------------------------

TEST(frame_parser, is_small) {
  EXPECT_LE(sizeof(frame_parser), 80u) << "one per connection";
  EXPECT_EQ(sizeof(utf8_validator), 1u);
  EXPECT_EQ(frame_parser(1 << 20).pending_bytes_capacity(), no_heap_capacity) << "nothing allocated up front";
}

TEST(frame_parser, holds_no_heap_memory_once_a_cut_message_is_delivered) {
  const std::string stream = frame(opcode::text, std::string(1000, 'm'));
  frame_parser parser(4096);
  recording_sink sink;
  std::vector<char> first(stream.begin(), stream.begin() + 500);
  std::vector<char> second(stream.begin() + 500, stream.end());
  EXPECT_TRUE(parser.parse(first, sink));
  EXPECT_GT(parser.pending_bytes_capacity(), no_heap_capacity) << "the first half waits in the parser";
  EXPECT_TRUE(parser.parse(second, sink));
  EXPECT_EQ(sink.log, events{"text " + std::string(1000, 'm')});
  EXPECT_EQ(parser.pending_bytes_capacity(), no_heap_capacity);
}

TEST(frame_parser, holds_no_heap_memory_once_a_fragmented_message_is_delivered) {
  frame_parser parser(4096);
  const std::string stream = frame(opcode::binary, std::string(200, 'a'), false) + frame(opcode::ping, "p") +
                             frame(opcode::continuation, std::string(200, 'b'));
  EXPECT_EQ(parse_in_pieces(parser, stream),
            (events{"ping p", "binary " + std::string(200, 'a') + std::string(200, 'b')}));
  EXPECT_EQ(parser.pending_bytes_capacity(), no_heap_capacity);
}

TEST(frame_parser, a_control_frame_cut_inside_a_fragmented_message_leaves_the_fragments_intact) {
  frame_parser parser(4096);
  const std::string fragment = frame(opcode::text, std::string(100, 'a'), false);
  const std::string ping = frame(opcode::ping, std::string(100, 'p'));
  const std::string stream = fragment + ping + frame(opcode::continuation, "z");
  const events expected = {"ping " + std::string(100, 'p'), "text " + std::string(100, 'a') + "z"};
  EXPECT_EQ(parse_in_pieces(parser, stream, {fragment.size() + 50}), expected);
  EXPECT_EQ(parser.pending_bytes_capacity(), no_heap_capacity);
}

TEST(frame_parser, a_cut_control_frame_alone_is_released_after_delivery) {
  frame_parser parser(4096);
  EXPECT_EQ(parse_in_pieces(parser, frame(opcode::ping, std::string(120, 'p')), {60}),
            events{"ping " + std::string(120, 'p')});
  EXPECT_EQ(parser.pending_bytes_capacity(), no_heap_capacity);
}

TEST(frame_parser, a_cut_header_needs_no_heap_memory) {
  frame_parser parser(1 << 20);
  recording_sink sink;
  std::string header = frame(opcode::binary, std::string(70000, 'x')).substr(0, 13);  // all but the last mask byte
  std::vector<char> piece(header.begin(), header.end());
  EXPECT_TRUE(parser.parse(piece, sink));
  EXPECT_EQ(parser.pending_bytes_capacity(), no_heap_capacity);
  EXPECT_TRUE(sink.log.empty());
}

TEST(frame_parser, releases_memory_when_it_stops) {
  frame_parser parser(4096);
  const std::string stream = frame(opcode::text, std::string(300, 'a'), false) + frame(opcode::close, "");
  EXPECT_EQ(parse_in_pieces(parser, stream), events{"close -"});
  EXPECT_EQ(parser.pending_bytes_capacity(), no_heap_capacity);

  frame_parser failed(4096);
  EXPECT_EQ(parse_in_pieces(failed, frame(opcode::text, std::string(300, 'a'), false) + frame(opcode::text, "x")),
            events{"error 1002"});
  EXPECT_EQ(failed.pending_bytes_capacity(), no_heap_capacity);
}

// ---- The parser: close ---------------------------------------------------------------------------------------

TEST(frame_parser, an_empty_close_frame_has_no_code) {
  frame_parser parser(1024);
  recording_sink sink;
  std::string stream = frame(opcode::close, "");
  std::vector<char> buffer(stream.begin(), stream.end());
  EXPECT_FALSE(parser.parse(buffer, sink)) << "the parser stops after a close frame";
  EXPECT_TRUE(parser.stopped());
  EXPECT_EQ(sink.log, events{"close -"});
}

TEST(frame_parser, a_close_frame_carries_code_and_reason) {
  EXPECT_EQ(parse_in_pieces(frame(opcode::close, close_payload(1001, "going away"))), events{"close 1001 going away"});
  EXPECT_EQ(parse_in_pieces(frame(opcode::close, close_payload(4000))), events{"close 4000 "});
}

TEST(frame_parser, ignores_everything_after_a_close_frame) {
  frame_parser parser(1024);
  const std::string stream = frame(opcode::close, close_payload(1000)) + frame(opcode::text, "late");
  EXPECT_EQ(parse_in_pieces(parser, stream, {3}), events{"close 1000 "});
  EXPECT_EQ(parse_in_pieces(parser, frame(opcode::text, "later")), events{});
}

TEST(frame_parser, accepts_the_valid_close_codes) {
  for (std::uint16_t code :
       {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999}) {
    EXPECT_EQ(parse_in_pieces(frame(opcode::close, close_payload(code, "r"))),
              events{"close " + std::to_string(code) + " r"});
  }
}

TEST(frame_parser, refuses_invalid_close_codes_with_1002) {
  for (std::uint16_t code : {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
    EXPECT_EQ(parse_in_pieces(frame(opcode::close, close_payload(code))), events{"error 1002"}) << code;
  }
}

TEST(frame_parser, refuses_a_one_byte_close_payload_with_1002) {
  EXPECT_EQ(parse_in_pieces(frame(opcode::close, bytes({0x03}))), events{"error 1002"});
}

TEST(frame_parser, refuses_a_close_reason_that_is_not_utf8_with_1007) {
  EXPECT_EQ(parse_in_pieces(frame(opcode::close, close_payload(1000, "\xED\xA0\x80"))), events{"error 1007"});
  EXPECT_EQ(parse_in_pieces(frame(opcode::close, close_payload(1000, "ok\xC3"))), events{"error 1007"})
      << "cut inside a sequence";
}

// ---- The parser: protocol errors -----------------------------------------------------------------------------

TEST(frame_parser, refuses_reserved_bits_with_1002) {
  for (std::uint8_t rsv : {0x40, 0x20, 0x10}) {
    EXPECT_EQ(parse_in_pieces(raw_frame(static_cast<std::uint8_t>(0x81 | rsv), "x")), events{"error 1002"})
        << "RSV bit " << int{rsv};
    EXPECT_EQ(parse_in_pieces(raw_frame(static_cast<std::uint8_t>(0x89 | rsv), "x")), events{"error 1002"})
        << "RSV bit " << int{rsv} << " on a control frame";
  }
}

TEST(frame_parser, refuses_unknown_opcodes_with_1002) {
  for (std::uint8_t op : {3, 4, 5, 6, 7, 11, 12, 13, 14, 15}) {
    EXPECT_EQ(parse_in_pieces(raw_frame(static_cast<std::uint8_t>(0x80 | op), "")), events{"error 1002"}) << int{op};
  }
}

TEST(frame_parser, refuses_unmasked_frames_with_1002) {
  EXPECT_EQ(parse_in_pieces(raw_frame(0x81, "hello", false)), events{"error 1002"});
  EXPECT_EQ(parse_in_pieces(raw_frame(0x89, "", false)), events{"error 1002"});
}

TEST(frame_parser, refuses_long_or_fragmented_control_frames_with_1002) {
  EXPECT_EQ(parse_in_pieces(frame(opcode::ping, std::string(125, 'x'))), events{"ping " + std::string(125, 'x')});
  EXPECT_EQ(parse_in_pieces(frame(opcode::ping, std::string(126, 'x'))), events{"error 1002"});
  EXPECT_EQ(parse_in_pieces(frame(opcode::pong, std::string(70000, 'x'))), events{"error 1002"});
  EXPECT_EQ(parse_in_pieces(frame(opcode::close, close_payload(1000, std::string(124, 'x')))), events{"error 1002"});
  EXPECT_EQ(parse_in_pieces(frame(opcode::ping, "x", false)), events{"error 1002"});
  EXPECT_EQ(parse_in_pieces(frame(opcode::close, "", false)), events{"error 1002"});
}

TEST(frame_parser, refuses_a_continuation_without_a_message_with_1002) {
  EXPECT_EQ(parse_in_pieces(frame(opcode::continuation, "x")), events{"error 1002"});
  EXPECT_EQ(parse_in_pieces(frame(opcode::text, "a") + frame(opcode::continuation, "b")),
            (events{"text a", "error 1002"}))
      << "the message before it was already complete";
}

TEST(frame_parser, refuses_a_new_message_inside_a_fragmented_one_with_1002) {
  EXPECT_EQ(parse_in_pieces(frame(opcode::text, "a", false) + frame(opcode::text, "b")), events{"error 1002"});
  EXPECT_EQ(parse_in_pieces(frame(opcode::binary, "a", false) + frame(opcode::text, "b")), events{"error 1002"});
  EXPECT_EQ(parse_in_pieces(frame(opcode::text, "a", false) + frame(opcode::binary, "b", false)), events{"error 1002"});
}

TEST(frame_parser, refuses_a_64_bit_length_with_the_top_bit_set_with_1002) {
  const std::string header = bytes({0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0}) + "mask";
  EXPECT_EQ(parse_in_pieces(header, {}, SIZE_MAX), events{"error 1002"});
}

TEST(frame_parser, refuses_lengths_that_are_not_minimally_encoded_with_1002) {
  const std::string zero_mask(4, '\0');
  EXPECT_EQ(parse_in_pieces(bytes({0x82, 0xFE, 0x00, 0x7D}) + zero_mask + std::string(125, 'x')), events{"error 1002"})
      << "125 in 16 bits";
  EXPECT_EQ(parse_in_pieces(bytes({0x82, 0xFF, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF}) + zero_mask), events{"error 1002"})
      << "65535 in 64 bits";
  EXPECT_EQ(parse_in_pieces(bytes({0x82, 0xFE, 0x00, 0x7E}) + zero_mask + std::string(126, 'x')),
            events{"binary " + std::string(126, 'x')})
      << "126 in 16 bits is minimal";
}

TEST(frame_parser, refuses_a_message_over_the_limit_with_1009_from_its_header) {
  EXPECT_EQ(parse_in_pieces(frame(opcode::text, std::string(100, 'x')), {}, 100),
            events{"text " + std::string(100, 'x')})
      << "exactly the limit is fine";

  // Only the header of a too-big frame: the error comes before any payload.
  frame_parser parser(100);
  EXPECT_EQ(parse_in_pieces(parser, frame(opcode::text, std::string(101, 'x')).substr(0, 2)), events{"error 1009"})
      << "known from the first two bytes";
  frame_parser big(1000);
  EXPECT_EQ(parse_in_pieces(big, frame(opcode::binary, std::string(1001, 'x')).substr(0, 4)), events{"error 1009"})
      << "known from the 16-bit length, before the mask";
  frame_parser huge(1 << 20);
  EXPECT_EQ(parse_in_pieces(huge, bytes({0x82, 0xFF, 0, 0, 0, 1, 0, 0, 0, 0})), events{"error 1009"}) << "4 GiB";
  frame_parser largest(1 << 20);
  EXPECT_EQ(parse_in_pieces(largest, bytes({0x82, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF})),
            events{"error 1009"})
      << "2^63 - 1 bytes";
}

TEST(frame_parser, counts_every_fragment_against_the_limit) {
  const std::string first = frame(opcode::text, std::string(60, 'a'), false);
  const std::string second = frame(opcode::continuation, std::string(40, 'b'), false);
  EXPECT_EQ(parse_in_pieces(first + second + frame(opcode::continuation, ""), {}, 100),
            events{"text " + std::string(60, 'a') + std::string(40, 'b')});

  frame_parser parser(100);
  const std::string third = frame(opcode::continuation, "c");
  EXPECT_EQ(parse_in_pieces(parser, first + second + third.substr(0, 2)), events{"error 1009"});
}

TEST(frame_parser, control_frames_do_not_count_against_the_message_limit) {
  const std::string stream = frame(opcode::text, std::string(10, 'a'), false) +
                             frame(opcode::ping, std::string(100, 'p')) +
                             frame(opcode::continuation, std::string(10, 'b'));
  EXPECT_EQ(parse_in_pieces(stream, {}, 20),
            (events{"ping " + std::string(100, 'p'), "text " + std::string(10, 'a') + std::string(10, 'b')}));
}

TEST(frame_parser, refuses_invalid_utf8_in_a_text_message_with_1007) {
  EXPECT_EQ(parse_in_pieces(frame(opcode::text, "\xED\xA0\x80")), events{"error 1007"}) << "a surrogate";
  EXPECT_EQ(parse_in_pieces(frame(opcode::text, "\xC0\x80")), events{"error 1007"}) << "an overlong";
  EXPECT_EQ(parse_in_pieces(frame(opcode::text, "a\xC3")), events{"error 1007"}) << "ends inside a sequence";
  EXPECT_EQ(parse_in_pieces(frame(opcode::text, "a\xC3", false) + frame(opcode::continuation, "\xB1")),
            events{"text a\xC3\xB1"})
      << "but a sequence may continue in the next fragment";
  EXPECT_EQ(parse_in_pieces(frame(opcode::text, "a\xC3", false) + frame(opcode::continuation, "b")),
            events{"error 1007"});
  EXPECT_EQ(parse_in_pieces(frame(opcode::text, "a\xC3", false) + frame(opcode::continuation, "")),
            events{"error 1007"})
      << "the final fragment leaves the sequence unfinished";
}

TEST(frame_parser, fails_fast_on_invalid_utf8) {
  // Autobahn 6.4.x: the error must come without waiting for the rest of the frame or the message.
  frame_parser parser(1 << 20);
  const std::string stream = frame(opcode::text, "\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5\xF4\x90\x80\x80hello");
  EXPECT_EQ(parse_in_pieces(parser, stream.substr(0, 6 + 13)), events{"error 1007"});

  frame_parser fragmented(1 << 20);
  EXPECT_EQ(parse_in_pieces(fragmented, frame(opcode::text, "ok", false) + frame(opcode::continuation, "\xFF", false)),
            events{"error 1007"});
}

TEST(frame_parser, delivers_binary_messages_unvalidated) {
  EXPECT_EQ(parse_in_pieces(frame(opcode::binary, "\xFF\xFE\xC0\x80")), events{"binary \xFF\xFE\xC0\x80"});
}

TEST(frame_parser, stops_after_a_protocol_error) {
  frame_parser parser(1024);
  recording_sink sink;
  std::string stream = raw_frame(0xC1, "x") + frame(opcode::text, "after");
  std::vector<char> buffer(stream.begin(), stream.end());
  EXPECT_FALSE(parser.parse(buffer, sink));
  EXPECT_TRUE(parser.stopped());
  EXPECT_EQ(sink.log, events{"error 1002"}) << "reported once; the rest of the bytes are ignored";
  EXPECT_FALSE(sink.last_why.empty());
  std::string more = frame(opcode::text, "more");
  std::vector<char> later(more.begin(), more.end());
  EXPECT_FALSE(parser.parse(later, sink));
  EXPECT_EQ(sink.log, events{"error 1002"});
}

TEST(frame_parser, an_error_cut_in_its_header_is_reported_once) {
  const std::string stream = frame(opcode::text, "a", false) + frame(opcode::text, std::string(300, 'b'));
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    EXPECT_EQ(parse_in_pieces(stream, {cut}), events{"error 1002"}) << cut;
  }
}

}  // namespace
}  // namespace helpchat::net
