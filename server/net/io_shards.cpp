#include "net/io_shards.hpp"

namespace helpchat::net {

io_shards::io_shards(std::size_t count) {
  if (count == 0) count = 1;
  for (std::size_t i = 0; i < count; ++i) shards_.push_back(std::make_unique<shard>());
}

io_shards::~io_shards() { stop_within(std::chrono::seconds(5)); }

std::vector<boost::asio::any_io_executor> io_shards::executors() {
  std::vector<boost::asio::any_io_executor> all;
  for (auto& s : shards_) all.push_back(s->context.get_executor());
  return all;
}

void io_shards::start() {
  mutex_lock lock(mutex_);
  for (auto& s : shards_) {
    ++running_;
    s->thread = std::thread([this, &context = s->context] {
      context.run();
      mutex_lock done(mutex_);
      --running_;
      finished_.notify_all();
    });
  }
}

void io_shards::stop_within(std::chrono::milliseconds deadline) {
  for (auto& s : shards_) s->work.reset();
  {
    const auto until = std::chrono::steady_clock::now() + deadline;
    mutex_lock lock(mutex_);
    while (running_ != 0) {
      if (!finished_.wait_until(mutex_, until)) break;
    }
    if (running_ != 0) {
      for (auto& s : shards_) s->context.stop();
    }
  }
  for (auto& s : shards_) {
    if (s->thread.joinable()) s->thread.join();
  }
}

}  // namespace helpchat::net
