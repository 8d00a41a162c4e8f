// Reading the transcript back: a whole help session to rebuild it at start-up, or a page of its public form for
// the archive. Writing is the transcript_writer's job.
#pragma once

#include <string>
#include <vector>

#include "chat/transcript_sink.hpp"
#include "common/result.hpp"
#include "store/database.hpp"

namespace helpchat::store {

// Every event of the help session in seq order, decoded, with its stored JSON.
result<std::vector<chat::transcript_record>> load_transcript(database& db, help_session_id session);

// The public JSON of events with seq in (after, after + limit], in order: private answers without their text.
result<std::vector<std::string>> read_public_transcript(database& db, help_session_id session, seq_t after,
                                                        std::int64_t limit);

}  // namespace helpchat::store
