#include "store/faq_draft_store.hpp"

#include <nlohmann/json.hpp>

namespace helpchat::store {
namespace {

std::string to_json_array(const std::vector<std::string>& items) { return nlohmann::json(items).dump(); }

std::vector<std::string> from_json_array(const std::string& text) {
  auto parsed = nlohmann::json::parse(text, nullptr, false);
  std::vector<std::string> items;
  if (!parsed.is_array()) return items;
  for (const auto& item : parsed) {
    if (item.is_string()) items.push_back(item.get<std::string>());
  }
  return items;
}

}  // namespace

result<faq_draft> insert_faq_draft(database& db, faq_draft draft) {
  auto insert = db.prepare(
      "INSERT INTO faq_drafts (entry_id, fields, question, answer, legal_reference, tags, agency, status, "
      "help_session_id, answer_seq, proposed_by, created_at, updated_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)");
  if (!insert) return insert.failure();
  insert->bind(1, draft.entry_id).bind(2, to_json_array(draft.fields)).bind(3, draft.question).bind(4, draft.answer);
  if (draft.legal_reference) {
    insert->bind(5, *draft.legal_reference);
  } else {
    insert->bind(5, std::nullopt);
  }
  insert->bind(6, to_json_array(draft.tags)).bind(7, draft.agency).bind(8, draft.status);
  if (draft.session) {
    insert->bind(9, draft.session->value);
  } else {
    insert->bind(9, std::nullopt);
  }
  if (draft.answer_seq) {
    insert->bind(10, *draft.answer_seq);
  } else {
    insert->bind(10, std::nullopt);
  }
  insert->bind(11, draft.proposed_by.value).bind(12, format_utc(draft.created_at));
  if (auto ran = insert->run(); !ran) {
    return error::of(error_code::invalid_message,
                     "ya existe una propuesta con el identificador «" + draft.entry_id + "»");
  }
  draft.id = db.last_insert_rowid();
  draft.updated_at = draft.created_at;
  return draft;
}

status update_faq_draft(database& db, const faq_draft& draft) {
  auto update = db.prepare(
      "UPDATE faq_drafts SET entry_id = ?1, fields = ?2, question = ?3, answer = ?4, legal_reference = ?5, "
      "tags = ?6, status = ?7, published_by = ?8, updated_at = ?9 WHERE id = ?10");
  if (!update) return update.failure();
  update->bind(1, draft.entry_id).bind(2, to_json_array(draft.fields)).bind(3, draft.question).bind(4, draft.answer);
  if (draft.legal_reference) {
    update->bind(5, *draft.legal_reference);
  } else {
    update->bind(5, std::nullopt);
  }
  update->bind(6, to_json_array(draft.tags)).bind(7, draft.status);
  if (draft.published_by) {
    update->bind(8, draft.published_by->value);
  } else {
    update->bind(8, std::nullopt);
  }
  update->bind(9, format_utc(draft.updated_at)).bind(10, draft.id);
  if (auto ran = update->run(); !ran) {
    return error::of(error_code::invalid_message,
                     "ya existe una propuesta con el identificador «" + draft.entry_id + "»");
  }
  if (sqlite3_changes(db.handle()) == 0) return error::of(error_code::not_found, "la propuesta no existe");
  return done{};
}

result<std::vector<faq_draft>> load_faq_drafts(database& db) {
  auto query = db.prepare(
      "SELECT id, entry_id, fields, question, answer, legal_reference, tags, agency, status, help_session_id, "
      "answer_seq, proposed_by, published_by, created_at, updated_at FROM faq_drafts ORDER BY id");
  if (!query) return query.failure();
  std::vector<faq_draft> drafts;
  for (;;) {
    auto row = query->step();
    if (!row) return row.failure();
    if (!*row) break;
    faq_draft d;
    d.id = query->column_int(0);
    d.entry_id = query->column_text(1);
    d.fields = from_json_array(query->column_text(2));
    d.question = query->column_text(3);
    d.answer = query->column_text(4);
    if (!query->column_is_null(5)) d.legal_reference = query->column_text(5);
    d.tags = from_json_array(query->column_text(6));
    d.agency = query->column_text(7);
    d.status = query->column_text(8);
    if (!query->column_is_null(9)) d.session = help_session_id{query->column_int(9)};
    if (!query->column_is_null(10)) d.answer_seq = query->column_int(10);
    d.proposed_by = participant_id{query->column_int(11)};
    if (!query->column_is_null(12)) d.published_by = participant_id{query->column_int(12)};
    d.created_at = parse_utc(query->column_text(13)).value_or(utc_time{});
    d.updated_at = parse_utc(query->column_text(14)).value_or(utc_time{});
    drafts.push_back(std::move(d));
  }
  return drafts;
}

}  // namespace helpchat::store
