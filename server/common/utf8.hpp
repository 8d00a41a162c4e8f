// The one UTF-8 check of the server (Unicode Table 3-7: shortest form only, no surrogates, nothing above
// U+10FFFF). Every string a stranger sends is checked with it where it enters — request targets, header values and
// bodies (net::check_request), WebSocket text messages (net::frame_parser) — because nlohmann's JSON encoder throws
// on invalid UTF-8, and a string that reaches it unchecked would end the process.
//
// Thread-safety: utf8_validator is a plain value with no shared state; is_valid_utf8 is pure.
#pragma once

#include <cstdint>
#include <string_view>

namespace helpchat {

// Incremental validation, for text that arrives in pieces (WebSocket fragments and reads): a code point may be
// split across feed() calls.
//
//   validator.feed(a) && validator.feed(b) && validator.complete()   ⇔   a + b is valid UTF-8
//
// State is one byte, so it can live in every connection. Once feed() has returned false it keeps returning false
// until reset().
class utf8_validator {
 public:
  // False as soon as the bytes fed so far cannot be the start of valid UTF-8 (fail fast: no need to wait for the
  // end of the message).
  bool feed(std::string_view bytes);
  // True when the bytes fed so far end on a code point boundary (and are valid).
  bool complete() const { return state_ == 0; }
  void reset() { state_ = 0; }

 private:
  // 0 accept (between code points); the other states are described beside the transition table in the .cpp.
  std::uint8_t state_ = 0;
};

// Whether all of `text` is valid UTF-8 (the validator above, fed once).
bool is_valid_utf8(std::string_view text);

}  // namespace helpchat
