// The io threads: one io_context per thread, each connection bound to one of them for life (DESIGN.md,
// "Threads"). A connection's handlers therefore all run on one thread, which is its strand: nothing it owns needs
// a lock, and per-shard state (who is in which room) is touched by that thread only.
// Thread-safety: post() and context() may be called from any thread; start/stop/join from the owner.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "common/mutex.hpp"

namespace helpchat::net {

class io_shards {
 public:
  explicit io_shards(std::size_t count);
  ~io_shards();
  io_shards(const io_shards&) = delete;
  io_shards& operator=(const io_shards&) = delete;

  std::size_t size() const { return shards_.size(); }
  boost::asio::io_context& context(std::size_t shard) { return shards_[shard]->context; }
  std::vector<boost::asio::any_io_executor> executors();

  template <class Handler>
  void post(std::size_t shard, Handler&& handler) {
    boost::asio::post(shards_[shard]->context, std::forward<Handler>(handler));
  }

  // Runs every shard on its own thread.
  void start();
  // Lets the threads finish their work (open connections included) and waits for them, at most `deadline`;
  // past it, whatever is still running is abandoned (its sockets close with the process).
  void stop_within(std::chrono::milliseconds deadline);

 private:
  struct shard {
    boost::asio::io_context context{1};  // concurrency hint 1: one thread runs it, so Asio can skip locking
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{context.get_executor()};
    std::thread thread;
  };
  std::vector<std::unique_ptr<shard>> shards_;  // the vector is constant after construction

  mutex mutex_;
  condition_variable finished_;  // signalled as each thread's run() returns
  std::size_t running_ HELPCHAT_GUARDED_BY(mutex_) = 0;
};

}  // namespace helpchat::net
