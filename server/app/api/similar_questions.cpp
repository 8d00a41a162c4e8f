#include "app/api/similar_questions.hpp"

#include <nlohmann/json.hpp>

namespace helpchat::app {

result<std::unique_ptr<similar_questions>> similar_questions::create(const faq::form_model& form,
                                                                     const chat::chat_service& chat) {
  auto index = faq::question_index::build(form);
  if (!index) return index.failure();
  return std::unique_ptr<similar_questions>(new similar_questions(std::move(*index), chat));
}

similar_questions::similar_questions(std::unique_ptr<faq::question_index> index, const chat::chat_service& chat)
    : index_(std::move(index)), chat_(chat) {}

std::optional<std::vector<faq::question_hit>> similar_questions::find(help_session_id session, std::string_view query,
                                                                      const std::optional<std::string>& field,
                                                                      std::size_t limit) {
  auto log = chat_.log_of(session);
  if (!log) return std::nullopt;
  {
    mutex_lock lock(mutex_);
    seq_t& indexed = indexed_up_to_[session.value];
    for (const auto& e : log->since(indexed)) {
      indexed = e.seq;
      // Only question_asked events are parsed; the quoted type cannot occur inside a JSON string, where quotes
      // are escaped.
      if (e.redacted->find(R"("type":"question_asked")") == std::string::npos) continue;
      auto parsed = nlohmann::json::parse(*e.redacted, nullptr, false);
      if (!parsed.is_object() || !parsed.contains("question")) continue;
      const auto& q = parsed["question"];
      // A question the FAQ already answered is closed from the start: nobody can join it.
      if (q.contains("resolved_by_faq")) continue;
      // A blocked official's question, hidden from the public: nobody is offered it.
      if (q.contains("hidden")) continue;
      (void)index_->add(session, question_id{q.value("id", std::int64_t{0})}, q.value("field", std::string{}),
                        q.value("text", std::string{}));
    }
  }
  return index_->similar(session, query, field, limit);
}

}  // namespace helpchat::app
