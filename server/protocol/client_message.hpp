// Client → server: one JSON object per frame (docs/protocol.md, "Commands"), decoded into typed requests.
// Decoding checks shape only (types, ranges, unknown members, text length); whether a command is allowed is the
// domain's business. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "auth/permissions.hpp"
#include "chat/command.hpp"
#include "common/limits.hpp"
#include "common/result.hpp"

namespace helpchat::protocol {

inline constexpr int version = 1;

struct official_form {
  std::string name;
  std::string position;
  chat::entity_type entity = chat::entity_type::alcaldia;
  std::string dane_code;
};

struct join_request {
  std::string cid;  // optional for join; echoed in welcome
  help_session_id session;
  auth::role as = auth::role::official;   // official or moderator (an admin joins "as moderator")
  std::optional<official_form> official;  // a new official
  std::optional<std::string> token;       // a returning official
  seq_t since = 0;
};

// A command that changes the help session. For `ask`, only route.field is filled: the form model resolves the rest.
struct command_request {
  std::string cid;
  chat::command command;
};

// A frame that could not be decoded, with its cid when one could be read, so the error can name it.
struct decode_failure {
  std::string cid;
  error why;
};

using client_message = std::variant<join_request, command_request, decode_failure>;

client_message decode_client_message(std::string_view frame);

}  // namespace helpchat::protocol
