// Full-text search over the published FAQ entries, for the official who types a question: SQLite FTS5, accent-
// and case-insensitive, with Spanish stemming, forgiving of common typos, ranked by BM25 and boosted towards the
// form field the official picked.
//
// How text is indexed: each entry's question, answer, tags (with its legal reference) and the labels of the
// fields it answers (with their sections' titles, each once) go through spanish_analyzer (small letters, stop
// words out, Snowball stem, accents out) and the stems are stored in an FTS5 table (tokenize = "unicode61
// remove_diacritics 2"); the original text lives in a normal table beside it. Both are TEMP tables of the
// connection: the index is rebuilt from faq/entries/ at start-up and never written to the database file.
//
// How a query runs: the same analysis; each term that starts no indexed term is replaced by the terms it most
// likely meant (term_vocabulary); every term becomes a quoted prefix term ("respons"*) and the terms are joined
// with OR. Quoting analysed terms, which hold only [a-z0-9], means that FTS5 syntax typed by people (" * : ( )
// NEAR - ^ AND OR) is never interpreted and never raises an error.
//
// Ranking: score = −bm25 with column weights question 4, tags 2, labels 1.5, answer 1; × 1.8 when the entry is
// keyed to the field the official picked (a row field matches in any section, "fecha_fin" ≈ "gel_fases.fecha_fin");
// otherwise × 1.3 when it is keyed to that field's section or to another field of it.
//
// Ownership and threads: a faq_index owns a copy of the form model, its analyzer (one Snowball stemmer) and its
// prepared statements, and either owns an in-memory SQLite connection (`build`) or borrows one (`build_in`).
// All public member functions are thread-safe: one mutex serialises searches. A search over a FAQ of about a
// hundred entries takes well under a millisecond, and officials search far less often than they chat, so one
// shared instance costs nothing measurable, while per-thread instances would repeat the build and the memory for
// each io thread. `json_text()` is built once and only read.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/mutex.hpp"
#include "common/result.hpp"
#include "faq/faq_catalog.hpp"
#include "faq/form_model.hpp"
#include "faq/spanish_analyzer.hpp"
#include "faq/term_vocabulary.hpp"
#include "sqlite/connection.hpp"

namespace helpchat::faq {

struct faq_hit {
  std::string id;
  std::vector<std::string> fields;
  std::string question;
  std::string answer;
  double score = 0;  // higher is better; only comparable within one search
};

class faq_index {
 public:
  static constexpr std::size_t max_limit = 20;
  static constexpr std::size_t max_query_bytes = 500;  // longer queries are cut (at a character boundary)

  // Indexes the published entries of `catalog` in a private in-memory database. Fails with `invalid_message`
  // when two published entries share an id (run faq_validator first for a full report) and with `internal`
  // when SQLite fails.
  static result<std::unique_ptr<faq_index>> build(const faq_catalog& catalog, const form_model& form);
  // The same inside `connection`, as TEMP tables faq_entry and faq_fts (replacing any from an earlier build on
  // that connection). The connection must outlive the index, and nothing else may use it while a faq_index
  // member function runs unless it was opened in SQLite's serialized mode.
  static result<std::unique_ptr<faq_index>> build_in(sqlite3* connection, const faq_catalog& catalog,
                                                     const form_model& form);

  ~faq_index();
  faq_index(const faq_index&) = delete;
  faq_index& operator=(const faq_index&) = delete;

  // The best entries for `query`, best first. `field` is the id the official picked (as form_model::locate
  // accepts; unknown ids and "general" boost nothing). `limit` is clamped to 1..max_limit. An empty or
  // whitespace-only query, or one made only of stop words, finds nothing. A failure of SQLite itself is a bug
  // here (the statement is fixed and the query is always well formed), so it is reported as no hits.
  std::vector<faq_hit> search(std::string_view query, const std::optional<std::string>& field, std::size_t limit) const;

  // The published entries keyed to `field` (a row field matching in any section, as for the boost), in catalog
  // order, with score 0.
  std::vector<faq_hit> entries_for_field(std::string_view field) const;

  // `GET /api/faq`: every published entry once, and where each belongs in the form:
  // {"entries":[{"id","fields","question","answer","legal_reference"?,"tags"}...],
  //  "general":["id",...],
  //  "row_fields":[{"id","label","entries":["id",...]}...],
  //  "sections":[{"id","title","entries":["id",...] /* keyed to the section itself */,
  //               "fields":[{"id","label","entries":["id",...]}...] /* own fields, then "section.row_field" */}...]}
  // Lists that would be empty are still present; an entry keyed to several fields appears under each.
  const std::string& json_text() const { return json_text_; }

  // Published entries indexed.
  std::size_t size() const { return entries_.size(); }

 private:
  struct indexed_entry {
    std::string id;
    std::vector<std::string> fields;
    std::vector<field_route> routes;  // one per field, resolved at build
  };
  faq_index(std::optional<sqlite::connection> owned, sqlite3* connection, const form_model& form);
  // Takes mutex_ though no other thread sees the index yet: it costs nothing, and the analysis then checks it all.
  status load(const faq_catalog& catalog) HELPCHAT_EXCLUDES(mutex_);
  double boost(const indexed_entry& entry, const std::optional<field_route>& picked) const;
  bool keyed_to_field(const indexed_entry& entry, const field_route& picked) const;
  std::string match_expression(std::string_view query) const HELPCHAT_REQUIRES(mutex_);
  void build_json(const faq_catalog& catalog);

  // Constant after build.
  const form_model form_;
  std::vector<indexed_entry> entries_;  // entries_[rowid - 1]
  term_vocabulary vocabulary_;
  std::string json_text_;

  // Guarded by mutex_ (the analyzer's stemmer and the statements are single-threaded; the connection may be).
  mutable mutex mutex_;
  std::optional<sqlite::connection> owned_connection_ HELPCHAT_GUARDED_BY(mutex_);  // empty when borrowed
  sqlite3* connection_ HELPCHAT_GUARDED_BY(mutex_);
  mutable spanish_analyzer analyzer_ HELPCHAT_GUARDED_BY(mutex_);
  mutable sqlite::statement search_statement_ HELPCHAT_GUARDED_BY(mutex_);
  mutable sqlite::statement text_statement_ HELPCHAT_GUARDED_BY(mutex_);
};

}  // namespace helpchat::faq
