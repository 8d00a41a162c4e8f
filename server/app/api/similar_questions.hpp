// `GET /api/sessions/ID/similar?q=&field=&limit=`: the questions already asked in a help session that look like
// the one an official is typing (faq::question_index), so that they can join one instead of asking again.
//
// The index is filled lazily from the session's event log: each search first indexes the questions asked since
// the previous one. That keeps the work off the message path (nothing happens per event, and only sessions
// somebody searches are indexed) and rebuilds the index after a restart from the log the server already holds.
// Thread-safety: find() may run on any io thread; one mutex covers the progress per session and the indexing.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "chat/chat_service.hpp"
#include "common/mutex.hpp"
#include "common/result.hpp"
#include "faq/question_index.hpp"

namespace helpchat::app {

class similar_questions {
 public:
  // Fails (internal) when SQLite cannot open the in-memory index. `chat` must outlive it.
  static result<std::unique_ptr<similar_questions>> create(const faq::form_model& form, const chat::chat_service& chat);

  // The questions of `session` like `query`, best first; nullopt when there is no such session.
  std::optional<std::vector<faq::question_hit>> find(help_session_id session, std::string_view query,
                                                     const std::optional<std::string>& field, std::size_t limit);

 private:
  similar_questions(std::unique_ptr<faq::question_index> index, const chat::chat_service& chat);

  std::unique_ptr<faq::question_index> index_;
  const chat::chat_service& chat_;
  mutex mutex_;
  std::unordered_map<std::int64_t, seq_t> indexed_up_to_ HELPCHAT_GUARDED_BY(mutex_);  // by session id
};

}  // namespace helpchat::app
