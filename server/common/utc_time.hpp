// Time points as the server stores and sends them: UTC, in milliseconds, written ISO 8601 with a `Z`.
// Local (help session) time is only for people: CLI input and display, through the IANA time-zone database
// (Howard Hinnant's date/tz over the system tzdata), never a hand-written offset.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace helpchat {

using utc_time = std::chrono::sys_time<std::chrono::milliseconds>;

// "2012-05-29T14:00:00Z" (milliseconds are written only when not zero: "…T14:00:00.250Z").
std::string format_utc(utc_time at);
// Accepts what format_utc writes.
std::optional<utc_time> parse_utc(std::string_view text);

// True when `zone` names a zone of the tz database, e.g. "America/Bogota".
bool is_known_time_zone(std::string_view zone);
// "2012-05-29 09:00" in `zone` → UTC. Nothing when the text or the zone is not valid.
std::optional<utc_time> parse_local(std::string_view text, std::string_view zone);
// UTC → "2012-05-29 09:00" in `zone`.
std::string format_local(utc_time at, std::string_view zone);

}  // namespace helpchat
