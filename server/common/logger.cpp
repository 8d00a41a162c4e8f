#include "common/logger.hpp"

#include <chrono>
#include <ostream>

#include "common/utc_time.hpp"

namespace helpchat {
namespace {

constexpr std::string_view level_names[] = {"debug", "info", "warn", "error"};

}  // namespace

logger::logger(std::ostream& out, level threshold) : threshold_(threshold), out_(out) {}

void logger::log(level severity, std::string_view event, nlohmann::json fields) {
  if (!enabled(severity)) return;
  nlohmann::ordered_json line;
  line["time"] = format_utc(std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()));
  line["level"] = level_names[static_cast<int>(severity)];
  line["event"] = event;
  for (const auto& [key, value] : fields.items()) line[key] = value;
  std::string text = line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  mutex_lock lock(mutex_);
  ++counts_[static_cast<int>(severity)];
  out_ << text << '\n';
  out_.flush();
}

std::uint64_t logger::count(level severity) const {
  mutex_lock lock(mutex_);
  return counts_[static_cast<int>(severity)];
}

}  // namespace helpchat
