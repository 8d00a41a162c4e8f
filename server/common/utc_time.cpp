#include "common/utc_time.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <sstream>
#include <stdexcept>

namespace helpchat {

std::string format_utc(utc_time at) {
  using namespace std::chrono;
  if (at.time_since_epoch() % seconds(1) == milliseconds(0)) {
    return date::format("%FT%TZ", time_point_cast<seconds>(at));
  }
  return date::format("%FT%TZ", at);
}

std::optional<utc_time> parse_utc(std::string_view text) {
  std::istringstream in{std::string(text)};
  utc_time at;
  in >> date::parse("%FT%TZ", at);
  if (!in || in.peek() != std::char_traits<char>::eof()) return std::nullopt;
  return at;
}

bool is_known_time_zone(std::string_view zone) {
  try {
    (void)date::locate_zone(zone);
    return true;
  } catch (const std::runtime_error&) {
    return false;
  }
}

std::optional<utc_time> parse_local(std::string_view text, std::string_view zone) {
  if (!is_known_time_zone(zone)) return std::nullopt;
  std::istringstream in{std::string(text)};
  date::local_time<std::chrono::minutes> local;
  in >> date::parse("%Y-%m-%d %H:%M", local);
  if (!in || in.peek() != std::char_traits<char>::eof()) return std::nullopt;
  try {
    // `earliest` resolves the one ambiguous hour of zones with daylight saving; Bogotá has none.
    auto zoned = date::make_zoned(date::locate_zone(zone), local, date::choose::earliest);
    return std::chrono::time_point_cast<std::chrono::milliseconds>(zoned.get_sys_time());
  } catch (const std::runtime_error&) {
    return std::nullopt;
  }
}

std::string format_local(utc_time at, std::string_view zone) {
  auto zoned = date::make_zoned(date::locate_zone(zone), std::chrono::time_point_cast<std::chrono::minutes>(at));
  return date::format("%Y-%m-%d %H:%M", zoned);
}

}  // namespace helpchat
