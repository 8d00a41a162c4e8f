// Structured logs: one JSON object per line (time, level, event, then the fields given), to a stream (stderr
// unless told otherwise). Never log passwords, tokens or message bodies at info level: callers pass ids.
// Thread-safe: one mutex around each line's write, so lines never interleave.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <string_view>

#include "common/mutex.hpp"

namespace helpchat {

class logger {
 public:
  enum class level { debug, info, warn, error };

  explicit logger(std::ostream& out, level threshold = level::info);

  void log(level severity, std::string_view event, nlohmann::json fields = nlohmann::json::object());
  void debug(std::string_view event, nlohmann::json fields = nlohmann::json::object()) {
    log(level::debug, event, std::move(fields));
  }
  void info(std::string_view event, nlohmann::json fields = nlohmann::json::object()) {
    log(level::info, event, std::move(fields));
  }
  void warn(std::string_view event, nlohmann::json fields = nlohmann::json::object()) {
    log(level::warn, event, std::move(fields));
  }
  void error(std::string_view event, nlohmann::json fields = nlohmann::json::object()) {
    log(level::error, event, std::move(fields));
  }

  bool enabled(level severity) const { return severity >= threshold_; }
  // Lines written per level since start, for /metrics.
  std::uint64_t count(level severity) const;

 private:
  // Constant after construction.
  const level threshold_;

  mutable mutex mutex_;
  std::ostream& out_ HELPCHAT_GUARDED_BY(mutex_);  // the stream itself, so that lines never interleave
  std::uint64_t counts_[4] HELPCHAT_GUARDED_BY(mutex_) = {};
};

}  // namespace helpchat
