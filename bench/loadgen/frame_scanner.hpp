// Reads what the load generator needs out of a server frame, without a general JSON parser on the hot path.
//
// helpchat: every frame is a JSON array of messages (docs/protocol.md). Events start with `{"seq":N` (the encoder
// writes seq, at, type first); each is one element. The scanner finds each event's seq and type, and in the text of
// `question_asked` / `question_answered` events the generator's marker:
//   measured message:  ~bt=<steady-clock ns>.<tag>.<n>~     (tag: which phase or ladder step sent it)
//   pool question:     ~bp=<index>~                         (asked before the measurement, answered during it)
// Other messages (welcome, synced, ack, error) are looked for only by clients that wait for them.
// Peers (Node ws, Beast chat-multi): a frame is the raw text a publisher sent, starting with the marker.
//
// Known limit: the marker must not appear in any other text of the event (names are the generator's own).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bench {

struct marker {
  std::int64_t sent_ns = 0;
  std::uint32_t tag = 0;
  std::uint64_t n = 0;
};

// The measured-message marker at the start of `text` or anywhere in it.
std::optional<marker> find_marker(std::string_view text);
std::string make_marker(std::int64_t sent_ns, std::uint32_t tag, std::uint64_t n);

struct scanned_event {
  std::uint64_t seq = 0;
  bool question_event = false;     // question_asked or question_answered
  std::optional<marker> measured;  // the measured-message marker, if any
  std::int64_t pool_index = -1;    // ~bp=<index>~ in a question_asked
  std::int64_t question_id = -1;   // question.id of a question_asked with a pool marker
};

struct scanned_frame {
  bool is_array = false;
  std::vector<scanned_event> events;
  std::optional<std::uint64_t> synced_last_seq;
  std::optional<std::string> token;  // from welcome
  std::uint32_t acks = 0;
  std::uint32_t errors = 0;
  std::string first_error;  // the first error message's JSON, for the report
};

// `control`: also look for welcome/synced/ack/error (joining clients and publishers).
void scan_helpchat_frame(std::string_view frame, bool control, scanned_frame& out);

}  // namespace bench
