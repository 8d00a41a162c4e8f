#include "store/transcript_store.hpp"

#include "protocol/event_codec.hpp"

namespace helpchat::store {

result<std::vector<chat::transcript_record>> load_transcript(database& db, help_session_id session) {
  auto query = db.prepare(
      "SELECT seq, participant_id, cid, audience, body, public_body FROM events WHERE help_session_id = ?1 "
      "ORDER BY seq");
  if (!query) return query.failure();
  query->bind(1, session.value);
  std::vector<chat::transcript_record> records;
  for (;;) {
    auto row = query->step();
    if (!row) return row.failure();
    if (!*row) break;
    seq_t seq = query->column_int(0);
    if (seq != static_cast<seq_t>(records.size()) + 1) {
      return error::of(error_code::internal, "transcript of help session " + std::to_string(session.value) +
                                                 " has a gap before seq " + std::to_string(seq));
    }
    std::optional<chat::event_origin> origin;
    if (!query->column_is_null(2))
      origin = chat::event_origin{participant_id{query->column_int(1)}, query->column_text(2)};
    auto body = std::make_shared<const std::string>(query->column_text(4));
    auto decoded = protocol::decode_event(*body, std::move(origin));
    if (!decoded) return decoded.failure();
    chat::committed_event json{seq, {}, body, body};
    if (!query->column_is_null(5)) {
      // The column keeps the asker (schema 1); the body names every co-asker too.
      json.audience = chat::private_audience_of(*decoded);
      json.redacted = std::make_shared<const std::string>(query->column_text(5));
    }
    records.push_back({session, std::move(decoded).value(), std::move(json), std::nullopt});
  }
  return records;
}

result<std::vector<std::string>> read_public_transcript(database& db, help_session_id session, seq_t after,
                                                        std::int64_t limit) {
  auto query = db.prepare(
      "SELECT coalesce(public_body, body) FROM events WHERE help_session_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3");
  if (!query) return query.failure();
  query->bind(1, session.value).bind(2, after).bind(3, limit);
  std::vector<std::string> bodies;
  for (;;) {
    auto row = query->step();
    if (!row) return row.failure();
    if (!*row) break;
    bodies.push_back(query->column_text(0));
  }
  return bodies;
}

}  // namespace helpchat::store
