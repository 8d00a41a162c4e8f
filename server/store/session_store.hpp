// Help sessions in the database. Functions over a connection: the server calls the writes through the transcript
// writer (transcript_writer::run), the CLI on its own connection.
#pragma once

#include <vector>

#include "chat/help_session.hpp"
#include "common/result.hpp"
#include "store/database.hpp"

namespace helpchat::store {

// Inserts the help session (its id is chosen by the database) and returns it with its id.
result<chat::help_session_info> insert_help_session(database& db, chat::help_session_info info, utc_time now);
result<std::vector<chat::help_session_info>> load_help_sessions(database& db);
// Those with an id above `after`, by id: the ones added since a reader last saw `after` (ids only grow).
result<std::vector<chat::help_session_info>> load_help_sessions_after(database& db, help_session_id after);

}  // namespace helpchat::store
