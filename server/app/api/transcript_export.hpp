// A help session's public transcript as a file people read or load elsewhere: plain text, CSV, HTML or JSON.
// Times in the session's time zone; private answers without their text, as in the public archive. User text is
// escaped for the format (HTML entities; CSV quoting, with cells that a spreadsheet would run as a formula made
// inert). Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chat/help_session.hpp"

namespace helpchat::app {

enum class export_format { text, csv, html, json };
std::optional<export_format> export_format_from_string(std::string_view name);
std::string_view content_type_of(export_format format);
std::string_view file_extension_of(export_format format);

// `events` are the public JSON renderings of the transcript's events, in seq order.
std::string export_transcript(const chat::help_session_info& info, chat::session_state state,
                              const std::vector<std::string>& events, export_format format);

}  // namespace helpchat::app
