// The checks every JSON API route applies to its query parameters (docs/protocol.md, "HTTP API"): a parameter the
// route does not know, or one given twice, is refused rather than ignored (a typo such as `lmit=10` would otherwise
// pass unnoticed and give the default), and a number must be a plain decimal integer within the route's range.
// Each refusal is invalid_message with a Spanish sentence naming the parameter and what it accepts, for a 400.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "common/result.hpp"
#include "net/request_target.hpp"

namespace helpchat::app {

// Refuses a parameter not in `known`, and a parameter given more than once.
status only_known_parameters(const net::request_target& target, std::span<const std::string_view> known);

// The integer parameter `name`, `fallback` when it is absent; refused unless it is digits (an optional '-') whose
// value lies in [min, max].
result<std::int64_t> integer_parameter(const net::request_target& target, std::string_view name, std::int64_t min,
                                       std::int64_t max, std::int64_t fallback);

}  // namespace helpchat::app
