// The top level of a JSON object read by the grammar of RFC 8259 alone, without converting any value.
// nlohmann refuses some frames that the grammar accepts: a number beyond a double's range (`1e400`), a `\u` escape
// that is not valid UTF-16 (`"\ud800"`). Such a frame is still a JSON object, and its error must still name its
// cid (docs/protocol.md, "error"): this outline is how the decoder finds it.
// Iterative, so deep nesting costs no stack; linear in the frame's size. Pure; thread-safe.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace helpchat::protocol {

// One member of the object as it is written: `key` is a JSON string token (quotes and escapes included), `value`
// the JSON text of its value. Both point into the frame.
struct raw_member {
  std::string_view key;
  std::string_view value;
};

// The members of `text` in order, or nothing when `text` is not one JSON object (surrounding white space allowed).
std::optional<std::vector<raw_member>> outline_object(std::string_view text);

}  // namespace helpchat::protocol
