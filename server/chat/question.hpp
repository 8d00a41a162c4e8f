// A question of a help session, as the domain tracks it (the transcript holds its text and answers).
//
// Question lifecycle (help_session::decide checks, help_session::apply performs):
//
//      (ask with resolved_by_faq) ──▶ answered_by_faq, directly
//      queued ──claim──▶ assigned
//      queued|assigned ──answer──▶ answered
//      queued|assigned ──transfer──▶ queued (another agency's queue, holder cleared)
//      queued|assigned ──merge──▶ merged (a duplicate of another open or answered question; its askers join that
//                                         question's askers and co_askers)
//      queued|assigned ──dismiss──▶ dismissed
//      queued|assigned ──resolve_by_faq (its asker)──▶ answered_by_faq
//      queued|assigned ──join_question (another official)──▶ same state, one more asker ("Yo también")
//      dismissed ──reopen──▶ queued (in its place by asking time)
//   answered, answered_by_faq and merged are final; so is dismissed for every command but reopen. A sent answer
//   can be corrected (answer_corrected) without changing the question's state.
//   A question waits in its agency's queue exactly while it is queued (question_queue).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "chat/event.hpp"
#include "common/ids.hpp"
#include "common/utc_time.hpp"

namespace helpchat::chat {

struct question {
  question_id id;
  participant_id asker;
  std::string field;    // the form field it was asked about
  std::string section;  // the form section that field belongs to; empty for a general question
  utc_time asked_at;
  std::string agency;  // the queue it is in now
  question_state state = question_state::queued;
  std::optional<participant_id> holder;  // the moderator who claimed it
  std::optional<question_id> merged_into;
  // Officials who asked it: its asker, those who joined it, plus the askers of every question merged into it.
  int askers = 1;
  // The other officials among them (each once, never the asker): a private answer reaches them too.
  std::vector<participant_id> co_askers;
  // The agencies asked for a suggested answer (question_consulted): their moderators may suggest one.
  std::vector<std::string> consulted;
  // Its asker was blocked while it was open: it is closed, and only moderators see it.
  bool hidden = false;
};

inline bool is_final(question_state state) {
  return state == question_state::answered || state == question_state::answered_by_faq ||
         state == question_state::merged || state == question_state::dismissed;
}

}  // namespace helpchat::chat
