// Strong id types, so that a question id can never be passed where a participant id is expected. They live in
// common/ because more than one layer names them: chat/ and store/ the domain ids, net/ and app/ connection_id.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace helpchat {

template <class Tag>
struct strong_id {
  std::int64_t value = 0;
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads a defaulted <=> as a literal 0 comparison.
  friend auto operator<=>(const strong_id&, const strong_id&) = default;
};

using help_session_id = strong_id<struct help_session_tag>;
using participant_id = strong_id<struct participant_tag>;
using account_id = strong_id<struct account_tag>;
// A question's id is the seq of its question_asked event; an answer's id is the seq of its question_answered event.
using question_id = strong_id<struct question_tag>;

// Position of an event in its help session's transcript: 1, 2, 3 … with no gaps.
using seq_t = std::int64_t;

// A WebSocket connection. The low 8 bits name the io thread (shard) that owns it, so the fan-out can route to it
// without a shared table: net/ hands them out (the next number << 8 | the shard) and app/ (room_hub::shard_of)
// reads the shard back.
struct connection_id {
  std::uint64_t value = 0;
  friend auto operator<=>(const connection_id&, const connection_id&) = default;
};

}  // namespace helpchat

template <class Tag>
struct std::hash<helpchat::strong_id<Tag>> {
  std::size_t operator()(const helpchat::strong_id<Tag>& id) const noexcept {
    return std::hash<std::int64_t>{}(id.value);
  }
};
template <>
struct std::hash<helpchat::connection_id> {
  std::size_t operator()(const helpchat::connection_id& id) const noexcept {
    return std::hash<std::uint64_t>{}(id.value);
  }
};
