// Splits CSV text into records following RFC 4180: fields separated by commas, records by LF or CRLF, a field
// in double quotes may hold commas, line breaks and doubled quotes ("BOGOTÁ, D.C.").
// Used for divipola.csv; pure and thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace helpchat::faq {

struct csv_record {
  std::size_t line;  // 1-based line on which the record starts, for error messages
  std::vector<std::string> fields;
};

// Every record of `text`, the header included. A final line break is optional; a blank last line is not a record.
// Fails with `invalid_message` naming the line for an unterminated quoted field or a quote inside an unquoted one.
result<std::vector<csv_record>> parse_csv(std::string_view text);

}  // namespace helpchat::faq
