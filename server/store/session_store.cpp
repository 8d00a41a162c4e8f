#include "store/session_store.hpp"

namespace helpchat::store {

result<chat::help_session_info> insert_help_session(database& db, chat::help_session_info info, utc_time now) {
  auto insert = db.prepare(
      "INSERT INTO help_sessions (title, opens_at, starts_at, ends_at, archives_at, time_zone, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!insert) return insert.failure();
  insert->bind(1, info.title)
      .bind(2, format_utc(info.when.opens_at))
      .bind(3, format_utc(info.when.starts_at))
      .bind(4, format_utc(info.when.ends_at))
      .bind(5, format_utc(info.when.archives_at))
      .bind(6, info.time_zone)
      .bind(7, format_utc(now));
  if (auto ran = insert->run(); !ran) return ran.failure();
  info.id = help_session_id{db.last_insert_rowid()};
  return info;
}

result<std::vector<chat::help_session_info>> load_help_sessions(database& db) {
  return load_help_sessions_after(db, help_session_id{0});
}

result<std::vector<chat::help_session_info>> load_help_sessions_after(database& db, help_session_id after) {
  auto query = db.prepare(
      "SELECT id, title, opens_at, starts_at, ends_at, archives_at, time_zone FROM help_sessions WHERE id > ?1 "
      "ORDER BY id");
  if (!query) return query.failure();
  query->bind(1, after.value);
  std::vector<chat::help_session_info> sessions;
  for (;;) {
    auto row = query->step();
    if (!row) return row.failure();
    if (!*row) break;
    chat::help_session_info info;
    info.id = help_session_id{query->column_int(0)};
    info.title = query->column_text(1);
    auto time = [&](int column) {
      auto parsed = parse_utc(query->column_text(column));
      return parsed.value_or(utc_time{});
    };
    info.when = {time(2), time(3), time(4), time(5)};
    info.time_zone = query->column_text(6);
    sessions.push_back(std::move(info));
  }
  return sessions;
}

}  // namespace helpchat::store
