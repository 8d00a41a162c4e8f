#include "net/control_frames.hpp"

#include <gtest/gtest.h>

#include <string>

namespace helpchat::net {
namespace {

// A server→client control frame as it goes on the wire: FIN and the opcode, the length, the payload (unmasked).
std::string frame(opcode op, std::string_view payload) {
  std::string out;
  out.push_back(static_cast<char>(0x80 | static_cast<std::uint8_t>(op)));
  out.push_back(static_cast<char>(payload.size()));
  return out.append(payload);
}

std::string taken(control_frames& control) {
  std::string out;
  control.take(out);
  return out;
}

TEST(control_frames, a_pong_echoes_the_ping_payload) {
  control_frames control;
  control.queue_pong("abc");
  EXPECT_EQ(control.size(), 5u);
  EXPECT_EQ(taken(control), frame(opcode::pong, "abc"));
  EXPECT_TRUE(control.empty());
}

// Regression (issue 11, item 2): every ping of a client that never read queued a pong of its own, and the server's
// memory grew with the flood until the client left.
TEST(control_frames, pings_before_the_pong_leaves_keep_one_pong_with_the_latest_payload) {
  control_frames control;
  const std::string longest(max_control_payload, 'x');
  for (int i = 0; i < 10'000; ++i) control.queue_pong(i % 2 == 0 ? longest : "p" + std::to_string(i));
  control.queue_pong("last");
  EXPECT_EQ(control.size(), 6u);
  EXPECT_EQ(taken(control), frame(opcode::pong, "last"));
}

TEST(control_frames, a_pong_after_the_previous_one_left_is_sent_too) {
  control_frames control;
  control.queue_pong("1");
  EXPECT_EQ(taken(control), frame(opcode::pong, "1"));
  control.queue_pong("2");
  EXPECT_EQ(taken(control), frame(opcode::pong, "2"));
}

TEST(control_frames, raw_bytes_and_our_ping_go_first_in_order_and_the_pong_last) {
  control_frames control;
  control.queue_raw("HTTP/1.1 101 Switching Protocols\r\n\r\n");
  control.queue_pong("old");
  control.queue_ping({});
  control.queue_pong("new");
  const std::string expected =
      "HTTP/1.1 101 Switching Protocols\r\n\r\n" + frame(opcode::ping, {}) + frame(opcode::pong, "new");
  EXPECT_EQ(control.size(), expected.size());
  EXPECT_EQ(taken(control), expected);
  EXPECT_EQ(control.size(), 0u);
}

TEST(control_frames, an_empty_ping_payload_gets_an_empty_pong) {
  control_frames control;
  EXPECT_TRUE(control.empty());
  control.queue_pong({});
  EXPECT_FALSE(control.empty());
  EXPECT_EQ(taken(control), frame(opcode::pong, {}));
}

}  // namespace
}  // namespace helpchat::net
