// One connection of the load generator: connect, upgrade, join (helpchat), then read frames and count the
// measured messages in them; publishers also send.
//
// Lifecycle (all on its worker's thread):
//   idle ──start()──▶ connecting ──on_connect──▶ upgrading ──on_handshake──▶ joining (helpchat: join sent, frames
//   read until `synced`; peers: at once) ──on_joined──▶ live ──read fails──▶ closed
//   live ──stop_reading()──▶ stalled (no read issued) ──resume_reading()──▶ live
//   closed ──(receiver, helpchat, resume_after_close, token known)──▶ connecting again with token + since
//   any ──close()──▶ closed for good.
// A connect, upgrade or join not done within run_config::join_timeout fails (counted in worker_stats::join_failed).
//
// Reading: Beast does the handshake and the writes, but frames are read from the TCP stream directly and parsed
// here. Beast's reader validates every text frame's UTF-8, which cost the generator 40 % of its CPU at 1 M
// deliveries/s — the generator must not be what a benchmark measures. Server pings are answered with Beast's pong.
//
// Only pending I/O keeps a client alive — plus the scenario's list, which holds every client until the end so that
// its counts can be read.
#pragma once

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "frame_scanner.hpp"
#include "worker.hpp"

namespace bench {

enum class client_role { receiver, publisher, asker };

class client : public std::enable_shared_from_this<client> {
 public:
  client(worker& w, const run_config& config, std::uint32_t index, client_role role, bool slow);

  // Everything below runs on the worker's thread (post to it).
  void start(std::uint64_t since);
  void send(std::string frame);
  void stop_reading();
  void resume_reading();
  void close();

  // Publishers: which share of the pool questions this one collects (pool index % count == index).
  void set_publisher_slot(std::uint32_t slot, std::uint32_t count) {
    publisher_slot_ = slot;
    publisher_count_ = count;
  }
  // The next pool question to answer; -1 when the pool is used up.
  std::int64_t take_pool_question() { return pool_next_ < pool_.size() ? pool_[pool_next_++] : -1; }
  std::size_t pool_size() const { return pool_.size(); }
  // A receiver that sends commands too (waiting: one question) counts the replies to them, as a publisher does.
  void count_replies() { counts_replies_ = true; }

  bool joined() const { return joined_; }
  bool failed() const { return failed_; }
  bool slow() const { return slow_; }
  client_role role() const { return role_; }
  std::uint64_t received() const { return received_; }
  std::uint64_t last_seq() const { return last_seq_; }
  std::size_t queued_writes() const { return outbox_.size(); }
  std::uint32_t index() const { return index_; }
  std::size_t worker_index() const { return worker_.index(); }

 private:
  using ws_stream = boost::beast::websocket::stream<boost::beast::tcp_stream>;
  using stream_ptr = std::shared_ptr<ws_stream>;

  void connect();
  void on_connect(stream_ptr ws, boost::beast::error_code ec);
  void on_handshake(stream_ptr ws, boost::beast::error_code ec);
  void on_joined();
  void do_read();
  void on_read(stream_ptr ws, boost::beast::error_code ec, std::size_t bytes);
  // Takes the complete server frames at the front of buffer_; false once the connection has ended.
  bool take_frames();
  void process(std::string_view frame);
  void do_write();
  void on_write(stream_ptr ws, std::shared_ptr<const std::string> frame, boost::beast::error_code ec, std::size_t);
  void fail(boost::beast::error_code ec, const char* where, std::uint16_t close_code = 0);
  std::string join_command() const;

  // Constant after construction.
  worker& worker_;
  worker_stats& stats_;
  const run_config& config_;
  const std::uint32_t index_;
  const client_role role_;
  const bool slow_;
  const group group_;

  // Only on the worker's thread.
  stream_ptr ws_;
  boost::beast::flat_buffer buffer_;  // bytes read, not yet a complete frame
  std::string fragments_;             // a fragmented message's payload so far
  std::deque<std::shared_ptr<const std::string>> outbox_;
  scanned_frame scratch_;
  std::chrono::steady_clock::time_point started_;
  std::string token_;
  std::uint64_t since_ = 0;
  std::uint64_t last_seq_ = 0;
  std::uint64_t received_ = 0;
  std::vector<std::int64_t> pool_;
  std::size_t pool_next_ = 0;
  std::uint32_t publisher_slot_ = 0;
  std::uint32_t publisher_count_ = 1;
  std::uint32_t resumes_ = 0;  // reconnections after a close; bounded so a refusing server cannot loop us
  bool writing_ = false;
  bool pong_due_ = false;  // the server pinged; the pong goes out before the next queued write
  bool reading_ = false;
  bool paused_ = false;
  bool joined_ = false;
  bool ever_joined_ = false;
  bool failed_ = false;
  bool stopping_ = false;
  bool counts_replies_ = false;
};

}  // namespace bench
