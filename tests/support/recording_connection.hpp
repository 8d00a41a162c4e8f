// A net::connection with no socket behind it, for tests of what the application sends: every chunk given to send()
// is kept (the shared pointer itself, so a test can see that recipients share one serialization), and close()
// records its code. The transport's one job that tests rely on is framing: messages() reads the chunks back as the
// JSON messages a client would get. Not thread-safe: used on the one thread that runs its shard's io_context.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "net/connection.hpp"

namespace helpchat::testing {

class recording_connection final : public net::connection {
 public:
  // Ids as the transport makes them: the shard in the low byte (room_hub::shard_of), here always shard 0.
  static connection_id nth(std::uint64_t n) { return connection_id{n << 8}; }

  explicit recording_connection(std::uint64_t n, std::string cookie = {}) : id_(nth(n)), cookie_(std::move(cookie)) {}

  connection_id id() const override { return id_; }
  std::size_t shard() const override { return 0; }
  std::string_view remote_address() const override { return "192.0.2.7"; }
  std::string_view session_cookie() const override { return cookie_; }

  void send(std::shared_ptr<const std::string> messages) override {
    chunks.push_back({std::move(messages), stamp_source != nullptr ? *stamp_source : 0, closed.has_value()});
  }
  void close(net::close_code code, std::string_view reason) override {
    if (closed) return;
    closed = code;
    close_reason = std::string(reason);
  }

  // Every message sent before the close, in order.
  std::vector<nlohmann::json> messages() const {
    std::vector<nlohmann::json> all;
    for (const auto& c : chunks) {
      if (c.after_close) continue;
      for (auto& message : nlohmann::json::parse("[" + *c.messages + "]")) all.push_back(std::move(message));
    }
    return all;
  }
  // The messages of one `type`, in order.
  std::vector<nlohmann::json> of_type(std::string_view type) const {
    std::vector<nlohmann::json> picked;
    for (auto& message : messages()) {
      if (message.value("type", "") == type) picked.push_back(std::move(message));
    }
    return picked;
  }

  struct chunk {
    std::shared_ptr<const std::string> messages;
    std::uint64_t stamp = 0;   // *stamp_source when it was sent
    bool after_close = false;  // sent after close(): a real connection drops it
  };
  std::vector<chunk> chunks;
  std::optional<net::close_code> closed;
  std::string close_reason;
  // What to stamp each chunk with (a test's count of handlers run, say); none: 0.
  const std::uint64_t* stamp_source = nullptr;

 private:
  connection_id id_;
  std::string cookie_;
};

}  // namespace helpchat::testing
