// Server → client control messages (docs/protocol.md, "Server messages"): each returns one JSON object as text;
// the connection wraps whatever is queued into the array frame. Thread-safe (no state).
#pragma once

#include <string>

#include "chat/help_session.hpp"
#include "chat/participant.hpp"
#include "common/result.hpp"

namespace helpchat::protocol {

std::string encode_welcome(const chat::help_session_info& info, chat::session_state state, const chat::participant& you,
                           const std::string& token, const std::string& cid);
std::string encode_synced(seq_t last_seq);
std::string encode_ack(const std::string& cid, seq_t seq);
std::string encode_error(const std::string& cid, const error& why);

// The help session as GET /api/sessions and welcome describe it.
std::string encode_session_summary(const chat::help_session_info& info, chat::session_state state);

}  // namespace helpchat::protocol
