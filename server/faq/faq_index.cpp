#include "faq/faq_index.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "faq/spanish_text.hpp"

namespace helpchat::faq {
namespace {

// bm25() weights, in the column order of faq_fts: the question says what an entry is about far better than a
// long answer that mentions many things in passing; tags are chosen words; labels name the fields.
constexpr double question_weight = 4.0;
constexpr double answer_weight = 1.0;
constexpr double tags_weight = 2.0;
constexpr double labels_weight = 1.5;
constexpr double field_boost = 1.8;
constexpr double section_boost = 1.3;
// More terms than any real question has; bounds the work a pasted page of text can cause.
constexpr std::size_t max_query_terms = 32;
// Every candidate is re-scored after the boost, so fetch them all; the FAQ has about a hundred entries.
constexpr int max_candidates = 500;

constexpr const char* schema = R"sql(
DROP TABLE IF EXISTS temp.faq_fts;
DROP TABLE IF EXISTS temp.faq_entry;
CREATE TEMP TABLE faq_entry(
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  fields TEXT NOT NULL,          -- JSON array of field ids
  question TEXT NOT NULL,
  answer TEXT NOT NULL
);
CREATE VIRTUAL TABLE temp.faq_fts USING fts5(question, answer, tags, labels,
                                             tokenize = "unicode61 remove_diacritics 2");
)sql";

std::string sqlite_message(sqlite3* connection) { return connection ? sqlite3_errmsg(connection) : "sin conexión"; }

error sqlite_failure(sqlite3* connection, std::string_view doing) {
  return error::of(error_code::internal,
                   "Índice de preguntas frecuentes: " + std::string(doing) + ": " + sqlite_message(connection));
}

std::string trimmed(std::string_view text) {
  auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

// The row field a route names, bare or qualified: "gel_fases.fecha_fin" → "fecha_fin"; "" for other ids.
std::string_view row_field_of(const form_model& form, std::string_view field_id) {
  auto dot = field_id.find('.');
  std::string_view tail = dot == std::string_view::npos ? field_id : field_id.substr(dot + 1);
  for (const auto& row_field : form.row_fields()) {
    if (row_field.id == tail) return row_field.id;
  }
  return {};
}

// The field's own label without its section's title ("Plazo", not "Implementación … › Plazo").
std::string field_label_of(const form_model& form, const field_route& route) {
  std::string_view field_id = route.field_id;
  if (auto dot = field_id.find('.'); dot != std::string_view::npos) field_id = field_id.substr(dot + 1);
  for (const auto& row_field : form.row_fields()) {
    if (row_field.id == field_id) return row_field.label;
  }
  if (const form_section* section = form.find_section(route.section_id)) {
    if (section->id == field_id) return "";  // the section itself: its title is added by the caller
    for (const auto& field : section->fields) {
      if (field.id == field_id) return field.label;
    }
  }
  return route.label;  // "general"
}

std::vector<std::string> fields_from_json(const std::string& text) {
  auto parsed = nlohmann::json::parse(text, nullptr, false);
  if (!parsed.is_array()) return {};
  return parsed.get<std::vector<std::string>>();
}

}  // namespace

faq_index::faq_index(std::optional<sqlite::connection> owned, sqlite3* connection, const form_model& form)
    : form_(form), owned_connection_(std::move(owned)), connection_(connection) {}

faq_index::~faq_index() = default;

result<std::unique_ptr<faq_index>> faq_index::build(const faq_catalog& catalog, const form_model& form) {
  auto opened = sqlite::connection::open(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!opened) {
    return error::of(error_code::internal,
                     "Índice de preguntas frecuentes: abrir la base en memoria: " + opened.failure().message);
  }
  sqlite3* raw = opened->handle();
  std::unique_ptr<faq_index> index(new faq_index(std::move(*opened), raw, form));
  if (auto loaded = index->load(catalog); !loaded) return loaded.failure();
  return index;
}

result<std::unique_ptr<faq_index>> faq_index::build_in(sqlite3* connection, const faq_catalog& catalog,
                                                       const form_model& form) {
  if (connection == nullptr) return error::of(error_code::internal, "Índice de preguntas frecuentes: sin conexión.");
  std::unique_ptr<faq_index> index(new faq_index(std::nullopt, connection, form));
  if (auto loaded = index->load(catalog); !loaded) return loaded.failure();
  return index;
}

status faq_index::load(const faq_catalog& catalog) {
  mutex_lock lock(mutex_);
  std::set<std::string, std::less<>> ids;
  for (const auto& entry : catalog.entries()) {
    if (entry.status != faq_catalog::published) continue;
    if (!ids.insert(entry.id).second) {
      return error::of(error_code::invalid_message,
                       "Preguntas frecuentes: el id '" + entry.id + "' está repetido (ejecute «helpchat faq check»).");
    }
  }

  if (auto created = sqlite::exec(connection_, schema); !created) {
    return error::of(error_code::internal,
                     "Índice de preguntas frecuentes: crear tablas: " + created.failure().message);
  }
  auto prepare = [this](std::string_view sql, sqlite::statement& out) HELPCHAT_REQUIRES(mutex_) -> status {
    auto prepared = sqlite::statement::prepare(connection_, sql);
    if (!prepared) return sqlite_failure(connection_, "preparar una consulta");
    out = std::move(*prepared);
    return done{};
  };
  sqlite::statement insert_entry;
  sqlite::statement insert_text;
  if (auto ok = prepare("INSERT INTO faq_entry(rowid, id, fields, question, answer) VALUES(?1, ?2, ?3, ?4, ?5)",
                        insert_entry);
      !ok) {
    return ok;
  }
  if (auto ok =
          prepare("INSERT INTO faq_fts(rowid, question, answer, tags, labels) VALUES(?1, ?2, ?3, ?4, ?5)", insert_text);
      !ok) {
    return ok;
  }

  if (!sqlite::exec(connection_, "BEGIN")) {
    return sqlite_failure(connection_, "empezar la transacción");
  }
  std::vector<std::string> all_terms;
  for (const auto& entry : catalog.entries()) {
    if (entry.status != faq_catalog::published) continue;
    indexed_entry indexed{entry.id, entry.fields, {}};
    // Each section title and field label once: an entry keyed to five fields of one section must not repeat the
    // section's title five times, which would inflate its words in bm25.
    std::vector<std::string> label_parts;
    auto add_label = [&label_parts](const std::string& label) {
      if (!label.empty() && std::find(label_parts.begin(), label_parts.end(), label) == label_parts.end()) {
        label_parts.push_back(label);
      }
    };
    for (const auto& field : entry.fields) {
      auto route = form_.locate(field);
      if (!route) continue;  // faq_validator reports it; the entry stays searchable by its text
      add_label(field_label_of(form_, *route));
      if (const form_section* section = form_.find_section(route->section_id)) add_label(section->title);
      indexed.routes.push_back(std::move(*route));
    }
    std::string labels = spanish_analyzer::joined(label_parts);
    std::string tags = spanish_analyzer::joined(entry.tags) + " " + entry.legal_reference.value_or("");
    std::vector<std::string> columns;
    for (std::string_view text : {std::string_view(entry.question), std::string_view(entry.answer),
                                  std::string_view(tags), std::string_view(labels)}) {
      auto terms = analyzer_.terms(text);
      all_terms.insert(all_terms.end(), terms.begin(), terms.end());
      columns.push_back(spanish_analyzer::joined(terms));
    }

    auto rowid = static_cast<std::int64_t>(entries_.size()) + 1;
    insert_entry.bind(1, rowid)
        .bind(2, entry.id)
        .bind(3, nlohmann::json(entry.fields).dump())
        .bind(4, entry.question)
        .bind(5, entry.answer);
    insert_text.bind(1, rowid);
    for (int column = 0; column < 4; ++column) insert_text.bind(column + 2, columns[static_cast<std::size_t>(column)]);
    bool inserted = insert_entry.run() && insert_text.run();
    insert_entry.reset();
    insert_text.reset();
    if (!inserted) {
      auto failure = sqlite_failure(connection_, "indexar la entrada '" + entry.id + "'");
      (void)sqlite::exec(connection_, "ROLLBACK");
      return failure;
    }
    entries_.push_back(std::move(indexed));
  }
  if (!sqlite::exec(connection_, "COMMIT")) {
    return sqlite_failure(connection_, "guardar el índice");
  }
  vocabulary_ = term_vocabulary(std::move(all_terms));

  // The weights are literals because bm25()'s arguments must be constant within a query.
  std::string search_sql =
      "SELECT faq_fts.rowid, bm25(faq_fts, " + std::to_string(question_weight) + ", " + std::to_string(answer_weight) +
      ", " + std::to_string(tags_weight) + ", " + std::to_string(labels_weight) +
      "), e.id, e.fields, e.question, e.answer FROM faq_fts JOIN faq_entry e ON e.rowid = faq_fts.rowid "
      "WHERE faq_fts MATCH ?1 ORDER BY 2 LIMIT " +
      std::to_string(max_candidates);
  if (auto ok = prepare(search_sql, search_statement_); !ok) return ok;
  if (auto ok = prepare("SELECT id, fields, question, answer FROM faq_entry WHERE rowid = ?1", text_statement_); !ok) {
    return ok;
  }
  build_json(catalog);
  return done{};
}

bool faq_index::keyed_to_field(const indexed_entry& entry, const field_route& picked) const {
  std::string_view picked_row_field = row_field_of(form_, picked.field_id);
  for (const auto& route : entry.routes) {
    if (route.field_id == picked.field_id) return true;
    if (!picked_row_field.empty() && row_field_of(form_, route.field_id) == picked_row_field &&
        (route.section_id.empty() || picked.section_id.empty() || route.section_id == picked.section_id)) {
      return true;
    }
  }
  return false;
}

double faq_index::boost(const indexed_entry& entry, const std::optional<field_route>& picked) const {
  if (!picked || picked->field_id == form_model::general_id) return 1.0;
  if (keyed_to_field(entry, *picked)) return field_boost;
  if (picked->section_id.empty()) return 1.0;
  for (const auto& route : entry.routes) {
    if (route.section_id == picked->section_id) return section_boost;
  }
  return 1.0;
}

std::string faq_index::match_expression(std::string_view query) const {
  std::vector<std::string> terms = analyzer_.terms(truncate_utf8(query, max_query_bytes));
  std::vector<std::string> wanted;
  std::set<std::string, std::less<>> seen;
  for (auto& term : terms) {
    if (seen.size() == max_query_terms) break;
    if (!seen.insert(term).second) continue;
    if (vocabulary_.has_term_starting_with(term)) {
      wanted.push_back(std::move(term));
      continue;
    }
    for (auto& meant : vocabulary_.likely_meant(term)) {
      if (std::find(wanted.begin(), wanted.end(), meant) == wanted.end()) wanted.push_back(std::move(meant));
    }
  }
  std::string expression;
  for (const auto& term : wanted) {
    if (!expression.empty()) expression += " OR ";
    // Terms hold only [a-z0-9] (spanish_analyzer's promise), so the quotes need no escaping.
    expression += "\"" + term + "\"*";
  }
  return expression;
}

std::vector<faq_hit> faq_index::search(std::string_view query, const std::optional<std::string>& field,
                                       std::size_t limit) const {
  limit = std::clamp<std::size_t>(limit, 1, max_limit);
  std::optional<field_route> picked = field ? form_.locate(*field) : std::nullopt;

  mutex_lock lock(mutex_);
  std::string expression = match_expression(query);
  if (expression.empty()) return {};

  sqlite::statement& statement = search_statement_;
  statement.bind(1, expression);
  std::vector<faq_hit> hits;
  for (auto row = statement.step(); row && *row; row = statement.step()) {
    auto rowid = statement.column_int(0);
    if (rowid < 1 || static_cast<std::size_t>(rowid) > entries_.size()) continue;
    const indexed_entry& entry = entries_[static_cast<std::size_t>(rowid - 1)];
    double score = -statement.column_double(1) * boost(entry, picked);
    hits.push_back({statement.column_text(2), fields_from_json(statement.column_text(3)), statement.column_text(4),
                    statement.column_text(5), score});
  }
  statement.reset();

  // Ties keep FTS5's order, which is already by bm25.
  std::stable_sort(hits.begin(), hits.end(), [](const faq_hit& a, const faq_hit& b) { return a.score > b.score; });
  if (hits.size() > limit) hits.resize(limit);
  return hits;
}

std::vector<faq_hit> faq_index::entries_for_field(std::string_view field) const {
  auto picked = form_.locate(field);
  if (!picked) return {};
  mutex_lock lock(mutex_);
  std::vector<faq_hit> hits;
  sqlite::statement& statement = text_statement_;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (!keyed_to_field(entries_[i], *picked)) continue;
    statement.bind(1, static_cast<std::int64_t>(i) + 1);
    if (auto row = statement.step(); row && *row) {
      hits.push_back({statement.column_text(0), fields_from_json(statement.column_text(1)), statement.column_text(2),
                      statement.column_text(3), 0.0});
    }
    statement.reset();
  }
  return hits;
}

void faq_index::build_json(const faq_catalog& catalog) {
  using ordered = nlohmann::ordered_json;
  ordered out;
  out["entries"] = ordered::array();
  for (const auto& entry : catalog.entries()) {
    if (entry.status != faq_catalog::published) continue;
    ordered item;
    item["id"] = entry.id;
    item["fields"] = entry.fields;
    item["question"] = trimmed(entry.question);
    item["answer"] = trimmed(entry.answer);
    if (entry.legal_reference) item["legal_reference"] = *entry.legal_reference;
    item["tags"] = entry.tags;
    out["entries"].push_back(std::move(item));
  }

  auto ids_keyed_to = [this](std::string_view field_id) {
    ordered ids = ordered::array();
    for (const auto& entry : entries_) {
      if (std::find(entry.fields.begin(), entry.fields.end(), field_id) != entry.fields.end()) ids.push_back(entry.id);
    }
    return ids;
  };
  auto field_item = [&](const std::string& id, const std::string& label) {
    ordered item;
    item["id"] = id;
    item["label"] = label;
    item["entries"] = ids_keyed_to(id);
    return item;
  };

  out["general"] = ids_keyed_to(form_model::general_id);
  out["row_fields"] = ordered::array();
  for (const auto& row_field : form_.row_fields()) {
    out["row_fields"].push_back(field_item(row_field.id, row_field.label));
  }
  out["sections"] = ordered::array();
  for (const auto& section : form_.sections()) {
    ordered item;
    item["id"] = section.id;
    item["title"] = section.title;
    item["entries"] = ids_keyed_to(section.id);
    item["fields"] = ordered::array();
    for (const auto& field : section.fields) item["fields"].push_back(field_item(field.id, field.label));
    if (section.has_rows) {
      for (const auto& row_field : form_.row_fields()) {
        item["fields"].push_back(field_item(section.id + "." + row_field.id, row_field.label));
      }
    }
    out["sections"].push_back(std::move(item));
  }
  json_text_ = out.dump();
}

}  // namespace helpchat::faq
