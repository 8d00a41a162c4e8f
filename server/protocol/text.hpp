// Text as people type it: trimmed, counted in code points, free of control characters.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace helpchat::protocol {

// Trims white space at both ends and refuses control characters other than tab and line breaks (CR LF becomes LF).
// Expects valid UTF-8 (the WebSocket layer has checked it); nothing when the text is refused.
std::optional<std::string> clean_text(std::string_view text);

// Unicode code points in valid UTF-8.
std::size_t code_points(std::string_view utf8);

}  // namespace helpchat::protocol
