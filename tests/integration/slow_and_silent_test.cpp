// Connections that stop reading or never speak: a reader that falls behind is closed with 1013 at its queue bound
// while the others receive everything, and resumes with no gap; a silent WebSocket is closed after the idle
// timeout; a TCP connection that never sends a request is closed after the handshake timeout.
#include <gtest/gtest.h>

#include <boost/asio/read.hpp>

#include "support/server_fixture.hpp"

namespace helpchat::testing {
namespace {

using json = nlohmann::json;

std::vector<std::int64_t> event_seqs(const std::vector<json>& messages) {
  std::vector<std::int64_t> out;
  for (const auto& m : messages) {
    if (m.contains("seq") && m.value("type", "") != "ack") out.push_back(m["seq"].get<std::int64_t>());
  }
  return out;
}

TEST(slow_and_silent, a_reader_that_falls_behind_is_closed_with_1013_and_resumes_without_a_gap) {
  server_fixture server([](config::settings& s) {
    s.limits.max_queued_bytes = 256 * 1024;
    s.limits.questions_per_official = {1e6, 1e6};
    s.limits.commands_per_connection = {1e6, 1e6};
  });
  // A small receive window, so what it does not read backs up in the server, not in the kernel.
  auto slow = std::make_unique<ws_test_client>(server.port(), ws_client_options{{}, {}, std::chrono::seconds(5), 4096});
  slow->send({{"type", "join"},
              {"v", 1},
              {"session", server.demo_session()},
              {"as", "official"},
              {"official",
               {{"name", "Lenta"}, {"position", "Planeación"}, {"entity_type", "alcaldia"}, {"dane_code", "05001"}}}});
  ASSERT_TRUE(slow->wait_for_type("synced"));
  auto token = slow->seen().front()["token"].get<std::string>();
  auto steady = server.join_official("Constante", "05002");
  auto asker = server.join_official("Pregunta", "05004");

  // ~2 KB per event; `slow` reads nothing while far more than its 256 KiB bound and the kernel buffers goes by.
  const int questions = 3000;  // about 6 MB: more than the kernel's send buffer (tcp_wmem max 4 MiB) can hold
  for (int i = 0; i < questions; ++i) {
    asker->send({{"type", "ask"},
                 {"cid", "q" + std::to_string(i)},
                 {"field", "general"},
                 {"text", std::string(1900, static_cast<char>('a' + i % 26))}});
    if (i % 10 == 9) {  // small rounds: the steady reader's backlog stays far below its bound
      ASSERT_TRUE(asker->wait_for([&](const json& m) { return m.value("cid", "") == "q" + std::to_string(i); }))
          << "question " << i << ", asker closed " << asker->close_code().value_or(0) << ", last "
          << (asker->seen().empty() ? std::string() : asker->seen().back().dump());
      // The steady reader keeps up all along.
      auto last = (*asker->seen().rbegin())["seq"].get<std::int64_t>();
      ASSERT_TRUE(steady->wait_for([&](const json& m) { return m.value("seq", std::int64_t{0}) == last; }))
          << "steady reader closed with " << steady->close_code().value_or(0) << " at seq " << last;
    }
  }
  auto steady_seqs = event_seqs(steady->seen());
  ASSERT_EQ(steady_seqs.size(), static_cast<std::size_t>(questions + 1));

  ASSERT_TRUE(slow->wait_closed(std::chrono::seconds(20)));
  EXPECT_EQ(slow->close_code(), 1013) << "received " << slow->seen().size() << " messages";
  auto before = event_seqs(slow->seen());
  std::int64_t last_seen = before.empty() ? 0 : before.back();
  for (std::size_t i = 0; i < before.size(); ++i) EXPECT_EQ(before[i], static_cast<std::int64_t>(i + 1));

  ws_test_client resumed(server.port());
  resumed.send({{"type", "join"},
                {"v", 1},
                {"session", server.demo_session()},
                {"as", "official"},
                {"token", token},
                {"since", last_seen}});
  ASSERT_TRUE(resumed.wait_for_type("synced", std::chrono::seconds(20)));
  auto after = event_seqs(resumed.seen());
  ASSERT_FALSE(after.empty());
  EXPECT_EQ(after.front(), last_seen + 1);
  EXPECT_EQ(after.back(), questions + 1);
  for (std::size_t i = 1; i < after.size(); ++i) EXPECT_EQ(after[i], after[i - 1] + 1);
}

TEST(slow_and_silent, a_silent_websocket_is_closed_after_the_idle_timeout) {
  server_fixture server([](config::settings& s) { s.limits.websocket_idle_timeout = std::chrono::seconds(5); });
  auto silent = server.join_official();
  // The client reads (so the server sees its pongs) — a live client is kept past the timeout.
  EXPECT_FALSE(silent->next(std::chrono::seconds(7)));
  EXPECT_FALSE(silent->close_code().has_value()) << "a client answering pings was closed";

  // A raw TCP peer that upgraded but never answers pings is cut once the idle timeout passes.
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket raw(io);
  raw.connect({boost::asio::ip::make_address("127.0.0.1"), server.port()});
  std::string upgrade =
      "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  boost::asio::write(raw, boost::asio::buffer(upgrade));
  auto started = std::chrono::steady_clock::now();
  std::array<char, 4096> buffer{};
  boost::system::error_code ec;
  while (!ec) raw.read_some(boost::asio::buffer(buffer), ec);  // pings arrive and go unanswered; then EOF
  auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_GE(waited, std::chrono::seconds(4));
  EXPECT_LT(waited, std::chrono::seconds(15));
}

TEST(slow_and_silent, a_connection_that_never_sends_a_request_is_closed_after_the_handshake_timeout) {
  server_fixture server;
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket raw(io);
  raw.connect({boost::asio::ip::make_address("127.0.0.1"), server.port()});
  auto started = std::chrono::steady_clock::now();
  std::array<char, 64> buffer{};
  boost::system::error_code ec;
  raw.read_some(boost::asio::buffer(buffer), ec);
  auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_TRUE(ec) << "the server answered a request that was never sent";
  EXPECT_GE(waited, std::chrono::seconds(9));
  EXPECT_LT(waited, std::chrono::seconds(15));
}

}  // namespace
}  // namespace helpchat::testing
