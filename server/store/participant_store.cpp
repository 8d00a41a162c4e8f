#include "store/participant_store.hpp"

namespace helpchat::store {
namespace {

// A moderator's sections are one column (migration 005): the ids joined by commas, '' for all of them. Section ids
// are lower case letters, digits and underscores (faq::form_model checks), so a comma never occurs in one.
std::string join_sections(const std::vector<std::string>& sections) {
  std::string joined;
  for (const auto& id : sections) {
    if (!joined.empty()) joined += ',';
    joined += id;
  }
  return joined;
}

std::vector<std::string> split_sections(std::string_view joined) {
  std::vector<std::string> sections;
  while (!joined.empty()) {
    auto comma = joined.find(',');
    if (auto id = joined.substr(0, comma); !id.empty()) sections.emplace_back(id);
    if (comma == std::string_view::npos) break;
    joined.remove_prefix(comma + 1);
  }
  return sections;
}

constexpr const char* account_columns =
    "SELECT a.id, a.username, a.password_hash, a.disabled, p.id, p.role, p.name, p.agency, p.sections "
    "FROM accounts a JOIN participants p ON p.id = a.participant_id ";

account_row read_account(const sqlite::statement& row) {
  account_row account;
  account.id = account_id{row.column_int(0)};
  account.username = row.column_text(1);
  account.password_hash = row.column_text(2);
  account.disabled = row.column_int(3) != 0;
  account.who.id = participant_id{row.column_int(4)};
  account.who.role = auth::role_from_string(row.column_text(5)).value_or(auth::role::moderator);
  account.who.name = row.column_text(6);
  account.who.agency = row.column_text(7);
  account.who.sections = split_sections(row.column_text(8));
  return account;
}

template <class Row, class Read>
result<std::vector<Row>> collect(sqlite::statement& query, Read read) {
  std::vector<Row> rows;
  for (;;) {
    auto row = query.step();
    if (!row) return row.failure();
    if (!*row) break;
    rows.push_back(read(query));
  }
  return rows;
}

}  // namespace

result<participant_id> insert_official(database& db, const chat::participant& who, help_session_id session,
                                       const std::string& token_digest, utc_time now) {
  auto insert = db.prepare(
      "INSERT INTO participants (role, name, position, entity_type, dane_code, entity_name, help_session_id, "
      "token_digest, created_at) VALUES ('official', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!insert) return insert.failure();
  insert->bind(1, who.name)
      .bind(2, who.official.position)
      .bind(3, chat::to_string(who.official.entity))
      .bind(4, who.official.dane_code)
      .bind(5, who.official.entity_name.str())
      .bind(6, session.value)
      .bind(7, token_digest)
      .bind(8, format_utc(now));
  if (auto ran = insert->run(); !ran) return ran.failure();
  return participant_id{db.last_insert_rowid()};
}

result<std::vector<official_row>> load_officials(database& db) {
  auto query = db.prepare(
      "SELECT id, name, position, entity_type, dane_code, entity_name, help_session_id, token_digest "
      "FROM participants WHERE role = 'official'");
  if (!query) return query.failure();
  return collect<official_row>(*query, [](const sqlite::statement& row) {
    official_row official;
    official.who.id = participant_id{row.column_int(0)};
    official.who.role = auth::role::official;
    official.who.name = row.column_text(1);
    official.who.official = {row.column_text(2),
                             chat::entity_type_from_string(row.column_text(3)).value_or(chat::entity_type::alcaldia),
                             row.column_text(4), row.column_text(5)};
    official.session = help_session_id{row.column_int(6)};
    official.token_digest = row.column_text(7);
    return official;
  });
}

namespace {
result<account_row> insert_account_rows(database& db, const std::string& username, const std::string& password_hash,
                                        const chat::participant& who, utc_time now) {
  auto participant =
      db.prepare("INSERT INTO participants (role, name, agency, sections, created_at) VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!participant) return participant.failure();
  participant->bind(1, auth::to_string(who.role))
      .bind(2, who.name)
      .bind(3, who.agency)
      .bind(4, join_sections(who.sections))
      .bind(5, format_utc(now));
  if (auto ran = participant->run(); !ran) return ran.failure();
  account_row account{{}, username, password_hash, false, who};
  account.who.id = participant_id{db.last_insert_rowid()};

  auto insert =
      db.prepare("INSERT INTO accounts (username, password_hash, participant_id, created_at) VALUES (?1, ?2, ?3, ?4)");
  if (!insert) return insert.failure();
  insert->bind(1, username).bind(2, password_hash).bind(3, account.who.id.value).bind(4, format_utc(now));
  if (auto ran = insert->run(); !ran) {
    if ((sqlite3_extended_errcode(db.handle()) & 0xff) == SQLITE_CONSTRAINT) {
      return error::of(error_code::invalid_message, "la cuenta «" + username + "» ya existe");
    }
    return ran.failure();
  }
  account.id = account_id{db.last_insert_rowid()};
  return account;
}
}  // namespace

result<account_row> insert_account(database& db, const std::string& username, const std::string& password_hash,
                                   const chat::participant& who, utc_time now) {
  // Both rows or neither: a taken username must not leave a participant behind.
  if (auto begun = db.exec("SAVEPOINT insert_account"); !begun) return begun.failure();
  auto inserted = insert_account_rows(db, username, password_hash, who, now);
  (void)db.exec(inserted ? "RELEASE insert_account" : "ROLLBACK TO insert_account; RELEASE insert_account");
  return inserted;
}

result<std::optional<account_row>> find_account(database& db, const std::string& username) {
  auto query = db.prepare(std::string(account_columns) + "WHERE a.username = ?1");
  if (!query) return query.failure();
  query->bind(1, username);
  auto row = query->step();
  if (!row) return row.failure();
  if (!*row) return std::optional<account_row>{};
  return std::optional<account_row>{read_account(*query)};
}

result<std::vector<account_row>> load_accounts(database& db) {
  auto query = db.prepare(std::string(account_columns) + "ORDER BY a.username");
  if (!query) return query.failure();
  return collect<account_row>(*query, read_account);
}

namespace {
status update_account(database& db, const char* sql, const std::string& username, auto value) {
  auto update = db.prepare(sql);
  if (!update) return update.failure();
  update->bind(1, value).bind(2, username);
  if (auto ran = update->run(); !ran) return ran;
  if (sqlite3_changes(db.handle()) == 0) {
    return error::of(error_code::not_found, "la cuenta «" + username + "» no existe");
  }
  return done{};
}
}  // namespace

status set_account_password(database& db, const std::string& username, const std::string& password_hash) {
  return update_account(db, "UPDATE accounts SET password_hash = ?1 WHERE username = ?2", username,
                        std::string_view(password_hash));
}

status set_account_disabled(database& db, const std::string& username, bool disabled) {
  auto changed = update_account(db, "UPDATE accounts SET disabled = ?1 WHERE username = ?2", username,
                                std::int64_t{disabled ? 1 : 0});
  if (!changed || !disabled) return changed;
  // A disabled account loses its open logins at once.
  return db.exec("DELETE FROM login_tokens WHERE account_id IN (SELECT id FROM accounts WHERE disabled = 1)");
}

status set_account_profile(database& db, const std::string& username, const chat::participant& who) {
  // The participants row, not the accounts row: trigger account_participant_updated (migration 005) tells a
  // running server.
  auto update = db.prepare(
      "UPDATE participants SET name = ?1, agency = ?2, sections = ?3 "
      "WHERE id = (SELECT participant_id FROM accounts WHERE username = ?4)");
  if (!update) return update.failure();
  update->bind(1, who.name).bind(2, who.agency).bind(3, join_sections(who.sections)).bind(4, username);
  if (auto ran = update->run(); !ran) return ran;
  if (sqlite3_changes(db.handle()) == 0) {
    return error::of(error_code::not_found, "la cuenta «" + username + "» no existe");
  }
  return done{};
}

status insert_login(database& db, const login_row& login, utc_time now) {
  auto insert =
      db.prepare("INSERT INTO login_tokens (digest, account_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)");
  if (!insert) return insert.failure();
  insert->bind(1, login.digest)
      .bind(2, login.account.value)
      .bind(3, format_utc(now))
      .bind(4, format_utc(login.expires_at));
  return insert->run();
}

status delete_login(database& db, const std::string& digest) {
  auto remove = db.prepare("DELETE FROM login_tokens WHERE digest = ?1");
  if (!remove) return remove.failure();
  remove->bind(1, digest);
  return remove->run();
}

result<std::vector<login_row>> load_logins(database& db, utc_time now) {
  // julianday() compares instants: the stored text may or may not carry milliseconds.
  auto purge = db.prepare("DELETE FROM login_tokens WHERE julianday(expires_at) <= julianday(?1)");
  if (!purge) return purge.failure();
  purge->bind(1, format_utc(now));
  if (auto ran = purge->run(); !ran) return ran.failure();
  auto query = db.prepare("SELECT digest, account_id, expires_at FROM login_tokens");
  if (!query) return query.failure();
  return collect<login_row>(*query, [](const sqlite::statement& row) {
    return login_row{row.column_text(0), account_id{row.column_int(1)},
                     parse_utc(row.column_text(2)).value_or(utc_time{})};
  });
}

}  // namespace helpchat::store
