// Participants, moderator accounts and login tokens in the database. Functions over a connection: the server
// calls the writes through the transcript writer, the CLI on its own connection. Tokens are stored only as digests.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "chat/participant.hpp"
#include "common/result.hpp"
#include "common/utc_time.hpp"
#include "store/database.hpp"

namespace helpchat::store {

struct official_row {
  chat::participant who;
  help_session_id session;
  std::string token_digest;
};

struct account_row {
  account_id id;
  std::string username;
  std::string password_hash;
  bool disabled = false;
  chat::participant who;  // role moderator or admin, name, agency, sections
};

struct login_row {
  std::string digest;
  account_id account;
  utc_time expires_at;
};

// Officials: inserted on first join; `who.id` is filled in from the database.
result<participant_id> insert_official(database& db, const chat::participant& who, help_session_id session,
                                       const std::string& token_digest, utc_time now);
result<std::vector<official_row>> load_officials(database& db);

// `who.sections` is stored as given: checking them against the form is the caller's (the CLI's) business.
result<account_row> insert_account(database& db, const std::string& username, const std::string& password_hash,
                                   const chat::participant& who, utc_time now);
result<std::optional<account_row>> find_account(database& db, const std::string& username);
result<std::vector<account_row>> load_accounts(database& db);
status set_account_password(database& db, const std::string& username, const std::string& password_hash);
status set_account_disabled(database& db, const std::string& username, bool disabled);
// Replaces the account's name, agency and sections with `who`'s (its id and role stay the account's own).
// `not_found` when there is no such account.
status set_account_profile(database& db, const std::string& username, const chat::participant& who);

status insert_login(database& db, const login_row& login, utc_time now);
status delete_login(database& db, const std::string& digest);
// Logins still valid at `now` (expired ones are deleted).
result<std::vector<login_row>> load_logins(database& db, utc_time now);

}  // namespace helpchat::store
