// The closed set of error codes that helpchat reports to clients (docs/protocol.md, "Error codes").
// Every refusal anywhere in the server is one of these, so a client can act on `code` and show `message`.
// Adding a code is a protocol change: document it in docs/protocol.md first.
#pragma once

#include <optional>
#include <string_view>

namespace helpchat {

enum class error_code {
  invalid_json,         // the frame is not a JSON object
  invalid_message,      // a member is missing, mistyped, out of range or unknown
  unknown_type,         // not a command of this protocol version
  unsupported_version,  // join asked for a version we do not speak
  not_joined,           // a command before join
  already_joined,       // a second join on one connection
  unknown_session,      // no such help session
  unknown_field,        // not a field or section of the form model
  unknown_faq,          // no published FAQ entry with that id
  unknown_entity,       // DANE code not in DIVIPOLA or not matching the entity type
  invalid_text,         // empty or too long after trimming
  unauthenticated,      // no valid login or official token
  forbidden,            // the role may not do this
  session_not_open,     // the help session does not accept this in its current state
  unknown_question,     // no such question in this help session
  question_closed,      // answered, merged or dismissed already
  question_taken,       // another moderator holds the question
  rate_limited,         // too many commands
  unavailable,          // storage failing or shutting down
  internal,             // a bug; logged
  // HTTP only
  not_found,
  method_not_allowed,
  payload_too_large,
};

// The wire name, e.g. "invalid_json".
std::string_view to_string(error_code code);
std::optional<error_code> error_code_from_string(std::string_view name);

// A default Spanish sentence for people, used when the caller has nothing more precise to say.
std::string_view default_message(error_code code);

}  // namespace helpchat
