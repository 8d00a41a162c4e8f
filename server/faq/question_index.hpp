// Full-text search over the questions officials asked in help sessions, so that an official about to ask sees the
// ones already asked that look the same and can join one ("Yo también tengo esta pregunta") instead of asking
// again.
//
// Same analysis as the FAQ search (faq_index.hpp): spanish_analyzer's terms in an in-memory FTS5 table, each query
// term a quoted prefix term joined with OR, ranked by −bm25 × 1.8 for the field the official picked (× 1.3 for
// another field of its section). Unlike the FAQ, a question shares some word with most others of its session
// ("plan", "acción"), so a hit must also contain at least half of the query's distinct terms (as prefixes): what
// is offered is the same question, not the same topic.
//
// The index knows nothing of a question's state: whoever shows the hits keeps only the open ones (the official's
// page knows every question's state from the event stream).
//
// Thread-safety: every public member function is; one mutex serialises them (a search over a session's few
// hundred questions takes well under a millisecond).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/ids.hpp"
#include "common/mutex.hpp"
#include "common/result.hpp"
#include "faq/form_model.hpp"
#include "faq/spanish_analyzer.hpp"
#include "sqlite/connection.hpp"

namespace helpchat::faq {

struct question_hit {
  question_id question;
  std::string field;
  std::string text;
  double score = 0;  // higher is better; only comparable within one search
};

class question_index {
 public:
  static constexpr std::size_t max_limit = 10;
  static constexpr std::size_t max_query_bytes = 500;  // longer queries are cut (at a character boundary)

  // An empty index in a private in-memory database; `internal` when SQLite fails.
  static result<std::unique_ptr<question_index>> build(const form_model& form);

  ~question_index();
  question_index(const question_index&) = delete;
  question_index& operator=(const question_index&) = delete;

  // Indexes question `id` of `session`, asked about `field` (an id form_model::locate accepts, or "general").
  // A question already indexed is left as it is.
  status add(help_session_id session, question_id id, std::string_view field, std::string_view text);

  // The questions of `session` most like `query`, best first, at most `limit` (clamped to 1..max_limit).
  std::vector<question_hit> similar(help_session_id session, std::string_view query,
                                    const std::optional<std::string>& field, std::size_t limit) const;

 private:
  struct indexed_question {
    std::string field;
    std::string section;
    std::string text;
    std::vector<std::string> terms;  // sorted, unique
  };
  question_index(sqlite::connection connection, const form_model& form);
  status prepare() HELPCHAT_EXCLUDES(mutex_);

  const form_model form_;
  mutable mutex mutex_;
  sqlite::connection connection_ HELPCHAT_GUARDED_BY(mutex_);
  mutable spanish_analyzer analyzer_ HELPCHAT_GUARDED_BY(mutex_);
  sqlite::statement insert_ HELPCHAT_GUARDED_BY(mutex_);
  mutable sqlite::statement search_ HELPCHAT_GUARDED_BY(mutex_);
  // By question id (a seq: unique within a session), per session.
  std::unordered_map<std::int64_t, std::unordered_map<std::int64_t, indexed_question>> questions_
      HELPCHAT_GUARDED_BY(mutex_);
};

}  // namespace helpchat::faq
