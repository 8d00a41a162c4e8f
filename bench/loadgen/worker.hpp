// One io thread of the load generator: its io_context, the clients that live on it, and their statistics.
//
// Every client belongs to exactly one worker and all of its handlers run on that worker's thread, so clients need
// no strand and no lock. Counters the controller polls while the run goes on are atomics (relaxed); histograms and
// vectors are read by the controller only through worker::quiesce(), which runs a function on the worker's thread
// and waits for it.
#pragma once

#include <array>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "stats.hpp"

namespace bench {

enum class target_kind { helpchat, ws, beast };

// Constant while clients run.
struct run_config {
  target_kind target = target_kind::helpchat;
  boost::asio::ip::tcp::endpoint endpoint;
  std::string host;  // Host header, "127.0.0.1:PORT"
  std::string path = "/ws";
  std::int64_t session = 0;      // helpchat help session id
  std::string moderator_cookie;  // "hc_session=..." for moderator publishers
  std::chrono::milliseconds join_timeout{15000};
  int slow_receive_buffer = 4096;   // SO_RCVBUF of clients that stop reading (overload)
  bool resume_after_close = false;  // receivers rejoin with token + since after an unexpected close (helpchat)
};

constexpr std::size_t max_tags = 64;  // measured phases or ladder steps
enum group : std::size_t { normal_group = 0, slow_group = 1, group_count = 2 };

struct worker_stats {
  // Polled by the controller.
  std::atomic<std::uint64_t> joined{0};
  std::atomic<std::uint64_t> join_failed{0};
  std::atomic<std::uint64_t> rejoined{0};           // resumed after a close
  std::atomic<std::uint64_t> unexpected_closes{0};  // a client lost its connection without asking
  std::atomic<std::uint64_t> closes_1013{0};
  std::atomic<std::uint64_t> closed_other_code{0};
  std::atomic<std::uint64_t> duplicates{0};  // helpchat: an event with seq <= the last one seen
  std::atomic<std::uint64_t> gaps{0};        // helpchat: seqs skipped
  std::atomic<std::uint64_t> not_array{0};   // helpchat: a frame that is not a JSON array
  std::atomic<std::uint64_t> acks{0};
  std::atomic<std::uint64_t> refused{0};         // error replies to publishers' commands
  std::atomic<std::uint64_t> pool_collected{0};  // pool question ids seen by publishers
  std::atomic<std::uint64_t> max_seq{0};         // the largest seq any client saw
  std::array<std::array<std::atomic<std::uint64_t>, max_tags>, group_count> received{};

  // Only on the worker's thread (read through quiesce()).
  std::array<std::array<latency_histogram, max_tags>, group_count> latency;
  latency_histogram connect;  // connect start → joined
  std::string first_error;
  std::string first_close;
};

class worker {
 public:
  explicit worker(std::size_t index) : index_(index), guard_(ioc_.get_executor()) {}
  worker(const worker&) = delete;
  worker& operator=(const worker&) = delete;

  void start() {
    thread_ = std::thread([this] { ioc_.run(); });
  }
  void stop() {
    guard_.reset();
    ioc_.stop();
    if (thread_.joinable()) thread_.join();
  }
  // Runs f on the worker's thread and waits for it (at most `timeout`); false if it did not run in time.
  bool quiesce(std::function<void()> f, std::chrono::milliseconds timeout = std::chrono::seconds(10));

  boost::asio::io_context& context() { return ioc_; }
  std::size_t index() const { return index_; }
  worker_stats& stats() { return *stats_; }

 private:
  const std::size_t index_;
  boost::asio::io_context ioc_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  std::unique_ptr<worker_stats> stats_ = std::make_unique<worker_stats>();
  std::thread thread_;
};

}  // namespace bench
