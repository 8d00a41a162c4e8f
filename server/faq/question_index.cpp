#include "faq/question_index.hpp"

#include <sqlite3.h>

#include <algorithm>

#include "faq/spanish_text.hpp"

namespace helpchat::faq {
namespace {

constexpr double field_boost = 1.8;
constexpr double section_boost = 1.3;
constexpr std::size_t max_query_terms = 32;
// Candidates FTS5 ranks before the overlap rule and the boost re-rank them.
constexpr int max_candidates = 200;

constexpr const char* schema = R"sql(
CREATE VIRTUAL TABLE question_fts USING fts5(session UNINDEXED, question UNINDEXED, terms,
                                             tokenize = "unicode61 remove_diacritics 2");
)sql";

std::vector<std::string> sorted_unique(std::vector<std::string> terms) {
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  return terms;
}

// Whether some term of `sorted_terms` starts with `prefix`.
bool has_prefix(const std::vector<std::string>& sorted_terms, std::string_view prefix) {
  auto it = std::lower_bound(sorted_terms.begin(), sorted_terms.end(), prefix);
  return it != sorted_terms.end() && std::string_view(*it).starts_with(prefix);
}

}  // namespace

question_index::question_index(sqlite::connection connection, const form_model& form)
    : form_(form), connection_(std::move(connection)) {}

question_index::~question_index() = default;

result<std::unique_ptr<question_index>> question_index::build(const form_model& form) {
  auto opened = sqlite::connection::open(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!opened) {
    return error::of(error_code::internal,
                     "Índice de preguntas: abrir la base en memoria: " + opened.failure().message);
  }
  std::unique_ptr<question_index> index(new question_index(std::move(*opened), form));
  if (auto ready = index->prepare(); !ready) return ready.failure();
  return index;
}

status question_index::prepare() {
  mutex_lock lock(mutex_);
  if (auto created = connection_.exec(schema); !created) {
    return error::of(error_code::internal, "Índice de preguntas: crear la tabla: " + created.failure().message);
  }
  auto insert = connection_.prepare("INSERT INTO question_fts(session, question, terms) VALUES(?1, ?2, ?3)");
  if (!insert) return insert.failure();
  insert_ = std::move(*insert);
  auto search = connection_.prepare(
      "SELECT question, bm25(question_fts) FROM question_fts WHERE question_fts MATCH ?1 AND session = ?2 "
      "ORDER BY 2 LIMIT " +
      std::to_string(max_candidates));
  if (!search) return search.failure();
  search_ = std::move(*search);
  return done{};
}

status question_index::add(help_session_id session, question_id id, std::string_view field, std::string_view text) {
  auto route = form_.locate(field);
  mutex_lock lock(mutex_);
  auto& of_session = questions_[session.value];
  if (of_session.contains(id.value)) return done{};
  auto terms = analyzer_.terms(text);
  insert_.bind(1, session.value).bind(2, id.value).bind(3, spanish_analyzer::joined(terms));
  auto inserted = insert_.run();
  insert_.reset();
  if (!inserted) return inserted;
  of_session.emplace(id.value, indexed_question{route ? route->field_id : std::string(field),
                                                route ? route->section_id : std::string{}, std::string(text),
                                                sorted_unique(std::move(terms))});
  return done{};
}

std::vector<question_hit> question_index::similar(help_session_id session, std::string_view query,
                                                  const std::optional<std::string>& field, std::size_t limit) const {
  limit = std::clamp<std::size_t>(limit, 1, max_limit);
  auto picked = field ? form_.locate(*field) : std::nullopt;

  mutex_lock lock(mutex_);
  auto of_session = questions_.find(session.value);
  if (of_session == questions_.end()) return {};
  auto wanted = sorted_unique(analyzer_.terms(truncate_utf8(query, max_query_bytes)));
  if (wanted.size() > max_query_terms) wanted.resize(max_query_terms);
  if (wanted.empty()) return {};
  std::string expression;
  for (const auto& term : wanted) {
    if (!expression.empty()) expression += " OR ";
    expression += "\"" + term + "\"*";  // terms hold only [a-z0-9]: the quotes need no escaping
  }

  std::vector<question_hit> hits;
  search_.bind(1, expression).bind(2, session.value);
  for (auto row = search_.step(); row && *row; row = search_.step()) {
    auto found = of_session->second.find(search_.column_int(0));
    if (found == of_session->second.end()) continue;
    const indexed_question& q = found->second;
    auto shared =
        std::count_if(wanted.begin(), wanted.end(), [&](const std::string& term) { return has_prefix(q.terms, term); });
    if (static_cast<std::size_t>(shared) * 2 < wanted.size()) continue;
    double boost = 1.0;
    if (picked && picked->field_id != form_model::general_id) {
      if (q.field == picked->field_id) {
        boost = field_boost;
      } else if (!picked->section_id.empty() && q.section == picked->section_id) {
        boost = section_boost;
      }
    }
    hits.push_back({question_id{found->first}, q.field, q.text, -search_.column_double(1) * boost});
  }
  search_.reset();
  std::stable_sort(hits.begin(), hits.end(), [](const auto& a, const auto& b) { return a.score > b.score; });
  if (hits.size() > limit) hits.resize(limit);
  return hits;
}

}  // namespace helpchat::faq
