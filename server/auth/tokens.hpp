// Bearer tokens: moderator login sessions (the hc_session cookie) and official rejoin tokens.
// A token is 32 random bytes, sent base64url; only its SHA-256 is stored, so a database leak yields no usable token.
// Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace helpchat::auth {

std::string generate_token();
// Hex SHA-256 of the token as sent; what the database keeps and looks up.
std::string token_digest(std::string_view token);

}  // namespace helpchat::auth
