// Regression (issue 11, item 2): a client that never read and kept sending masked 125-byte pings made the server
// queue a pong for each, outside the bytes counted by max-queued-bytes, with no rate limit: 42 MB of pings raised the
// server's RSS by 35–96 MB, and the connection stayed open. The real server runs as a process (its RSS is read from
// /proc), on plain TCP and on TLS; an official joined beside the flood must keep working.
#include <gtest/gtest.h>

#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <fstream>
#include <functional>

#include "support/server_process.hpp"
#include "support/temp_directory.hpp"
#include "support/test_certificate.hpp"
#include "support/ws_test_client.hpp"

namespace helpchat::testing {
namespace {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;
using json = nlohmann::json;

// What the server may gain while a connection floods it: its buffers and allocator slack, not the flood.
constexpr std::size_t rss_allowance = 16 * 1024 * 1024;

std::size_t rss_bytes(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) return std::stoul(line.substr(6)) * 1024;  // "VmRSS:  12345 kB"
  }
  ADD_FAILURE() << "no VmRSS for " << pid;
  return 0;
}

// Runs `io` until `done` or `limit`. What is still pending then is abandoned: the socket is closed and the handlers
// run with operation_aborted, so none outlives the caller's state. True if `done` came in time.
template <class Stream>
bool run_until(boost::asio::io_context& io, websocket::stream<Stream>& ws, const bool& done,
               std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  io.restart();
  while (!done && std::chrono::steady_clock::now() < deadline) io.run_one_until(deadline);
  if (done) return true;
  beast::error_code ignored;
  beast::get_lowest_layer(ws).socket().close(ignored);
  io.restart();
  io.run();
  return false;
}

// How a flood ended, as the flooding client saw it.
struct flood_outcome {
  std::size_t pings_sent = 0;
  bool write_failed = false;  // the server ended the TCP connection while the client was still sending
  bool in_time = false;       // every ping was written, or a write failed, within the limit
};

// Sends up to `count` masked pings of 125 bytes, reading nothing, until a write fails or `limit` passes (a server
// that stops reading leaves the last write pending; then the connection is abandoned).
template <class Stream>
flood_outcome flood_with_pings(boost::asio::io_context& io, websocket::stream<Stream>& ws, std::size_t count,
                               std::chrono::milliseconds limit) {
  const websocket::ping_data payload(websocket::ping_data::static_capacity, 'p');
  flood_outcome outcome;
  bool done = false;
  std::function<void()> next = [&] {
    if (outcome.pings_sent == count) {
      done = true;
      return;
    }
    ws.async_ping(payload, [&](beast::error_code ec) {
      if (ec) {
        outcome.write_failed = ec != boost::asio::error::operation_aborted;  // not abandoned by run_until
        done = true;
        return;
      }
      ++outcome.pings_sent;
      next();
    });
  };
  next();
  outcome.in_time = run_until(io, ws, done, limit);
  return outcome;
}

// Reads one frame into `buffer`; false on a timeout or when the connection ended (`ec` says how).
template <class Stream>
bool read_frame(boost::asio::io_context& io, websocket::stream<Stream>& ws, beast::flat_buffer& buffer,
                beast::error_code& ec, std::chrono::milliseconds limit) {
  bool done = false;
  ec = boost::asio::error::timed_out;
  ws.async_read(buffer, [&](beast::error_code read_ec, std::size_t) {
    ec = read_ec;
    done = true;
  });
  return run_until(io, ws, done, limit) && !ec;
}

// Reads (Beast answers the pongs and the close frame) until the server closes: the close code it sent, 0 for a TCP
// close without a close frame, nothing if the connection was still open after `limit`.
template <class Stream>
std::optional<int> wait_closed(boost::asio::io_context& io, websocket::stream<Stream>& ws,
                               std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  beast::flat_buffer buffer;
  beast::error_code ec;
  while (
      read_frame(io, ws, buffer, ec,
                 std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()))) {
    buffer.clear();
  }
  if (ec == boost::asio::error::timed_out) return std::nullopt;
  return ec == websocket::error::closed ? static_cast<int>(ws.reason().code) : 0;
}

// Reads until a message satisfies `match`, for at most 10 s.
template <class Stream>
bool wait_for(boost::asio::io_context& io, websocket::stream<Stream>& ws,
              const std::function<bool(const json&)>& match) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  beast::flat_buffer buffer;
  beast::error_code ec;
  while (
      read_frame(io, ws, buffer, ec,
                 std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()))) {
    for (const auto& message : json::parse(beast::buffers_to_string(buffer.data()))) {
      if (match(message)) return true;
    }
    buffer.clear();
  }
  return false;
}

// A bystander on the same server: an official of the demo session, joined.
template <class Stream>
void join(boost::asio::io_context& io, websocket::stream<Stream>& ws, int session) {
  ws.write(boost::asio::buffer(
      json{{"type", "join"},
           {"v", 1},
           {"session", session},
           {"as", "official"},
           {"official",
            {{"name", "Ana Gómez"}, {"position", "Secretaria"}, {"entity_type", "alcaldia"}, {"dane_code", "05001"}}}}
          .dump()));
  ASSERT_TRUE(wait_for(io, ws, [](const json& m) { return m["type"] == "synced"; }));
}

// The bystander's question is acknowledged: the server still serves the others.
template <class Stream>
bool asks_and_is_acknowledged(boost::asio::io_context& io, websocket::stream<Stream>& ws) {
  ws.write(
      boost::asio::buffer(json{{"type", "ask"}, {"cid", "q-1"}, {"field", "general"}, {"text", "¿Sigue ahí?"}}.dump()));
  return wait_for(io, ws, [](const json& m) { return m["type"] == "ack" && m["cid"] == "q-1"; });
}

class ping_flood : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { certificate_ = new test_certificate(); }
  static void TearDownTestSuite() { delete certificate_; }

  static std::vector<std::string> tls_flags(std::vector<std::string> flags) {
    flags.insert(flags.end(),
                 {"--tls-cert", certificate_->certificate().string(), "--tls-key", certificate_->key().string()});
    return flags;
  }

  websocket::stream<beast::tcp_stream> plain(std::uint16_t port) {
    websocket::stream<beast::tcp_stream> ws(io);
    beast::get_lowest_layer(ws).connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    ws.handshake("127.0.0.1:" + std::to_string(port), "/ws");
    return ws;
  }

  websocket::stream<beast::ssl_stream<beast::tcp_stream>> secure(std::uint16_t port) {
    websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws(io, client_tls);
    beast::get_lowest_layer(ws).connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    ws.next_layer().handshake(ssl::stream_base::client);
    ws.handshake("127.0.0.1:" + std::to_string(port), "/ws");
    return ws;
  }

  static test_certificate* certificate_;
  temp_directory data;
  boost::asio::io_context io;
  ssl::context client_tls{ssl::context::tls_client};  // verify_none by default: the certificate is self-signed
};
test_certificate* ping_flood::certificate_ = nullptr;

// With a budget too large to stop it, a flood of 300,000 pings (39 MB) that nobody reads: at most one pong waits.
template <class Stream>
void check_unread_pongs_stay_bounded(server_process& server, boost::asio::io_context& io,
                                     websocket::stream<Stream> flooder, websocket::stream<Stream> bystander) {
  const std::size_t before = rss_bytes(server.pid());
  auto outcome = flood_with_pings(io, flooder, 300'000, std::chrono::seconds(8));
  EXPECT_GT(outcome.pings_sent, 1'000u);
  EXPECT_LT(rss_bytes(server.pid()), before + rss_allowance) << outcome.pings_sent << " pings sent";
  EXPECT_TRUE(asks_and_is_acknowledged(io, bystander));
}

// With the default budget (bursts of 20 commands, 20 refusals in a row), a flood is closed with 1008.
template <class Stream>
void check_flood_is_closed(server_process& server, boost::asio::io_context& io, websocket::stream<Stream> flooder,
                           websocket::stream<Stream> bystander) {
  const std::size_t before = rss_bytes(server.pid());
  auto outcome = flood_with_pings(io, flooder, 20'000, std::chrono::seconds(8));
  EXPECT_LT(rss_bytes(server.pid()), before + rss_allowance);
  ASSERT_TRUE(outcome.in_time) << "the server stopped reading the flood without closing it";
  std::optional<int> code = outcome.write_failed ? 0 : wait_closed(io, flooder, std::chrono::seconds(15));
  ASSERT_TRUE(code.has_value()) << "the flooding connection is still open after " << outcome.pings_sent << " pings";
  // The close frame, unless the server had already given up on the handshake and ended the TCP connection.
  if (*code != 0) {
    EXPECT_EQ(*code, 1008);
  }
  EXPECT_TRUE(asks_and_is_acknowledged(io, bystander));
}

TEST_F(ping_flood, unread_pongs_do_not_grow_the_server) {
  server_process server(data.path(), {"--demo", "--commands-per-second", "1000000", "--command-burst", "1000000"});
  auto bystander = plain(server.port());
  join(io, bystander, server.demo_session());
  check_unread_pongs_stay_bounded(server, io, plain(server.port()), std::move(bystander));
}

TEST_F(ping_flood, unread_pongs_do_not_grow_the_server_over_tls) {
  server_process server(data.path(),
                        tls_flags({"--demo", "--commands-per-second", "1000000", "--command-burst", "1000000"}));
  auto bystander = secure(server.port());
  join(io, bystander, server.demo_session());
  check_unread_pongs_stay_bounded(server, io, secure(server.port()), std::move(bystander));
}

TEST_F(ping_flood, a_ping_flood_is_closed_with_1008) {
  server_process server(data.path());
  auto bystander = plain(server.port());
  join(io, bystander, server.demo_session());
  check_flood_is_closed(server, io, plain(server.port()), std::move(bystander));
}

TEST_F(ping_flood, a_ping_flood_is_closed_with_1008_over_tls) {
  server_process server(data.path(), tls_flags({"--demo"}));
  auto bystander = secure(server.port());
  join(io, bystander, server.demo_session());
  check_flood_is_closed(server, io, secure(server.port()), std::move(bystander));
}

}  // namespace
}  // namespace helpchat::testing
