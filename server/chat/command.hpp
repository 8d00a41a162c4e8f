// Commands: what a participant asks the help session to do, already decoded and checked for shape by protocol/.
// Whether the command is allowed now is decided by help_session::decide.
#pragma once

#include <string>
#include <variant>

#include "chat/event.hpp"
#include "common/ids.hpp"

namespace helpchat::chat {

struct ask {
  std::string field;  // a form field id, section id or "general": help_session::decide finds its queue
  std::string text;
  std::optional<std::string> resolved_by_faq;  // the FAQ entry that answered it before it was sent
};
struct answer {
  question_id question;
  std::string text;
  visibility scope = visibility::public_;
};
struct claim {
  question_id question;
};
struct transfer {
  question_id question;
  std::string agency;
  std::string reason;
};
struct merge {
  question_id question;
  question_id into;
};
struct dismiss {
  question_id question;
  std::string reason;
};
struct resolve_by_faq {
  question_id question;
  std::string faq;
};

// An official joins another official's open question as a co-asker ("Yo también tengo esta pregunta").
struct join_question {
  question_id question;
};
// A dismissed question goes back to its queue (the undo of a dismissal).
struct reopen {
  question_id question;
};
// A sent answer's text is replaced; the original stays in the transcript.
struct correct_answer {
  seq_t answer = 0;  // the seq of its question_answered event
  std::string text;
};

// A moderator asks another agency for a suggested answer; the question stays where it is, with whoever holds it.
struct consult {
  question_id question;
  std::string agency;
  std::string note;  // what the consulted agency is asked; for moderators only
};
// A moderator of a consulted agency proposes an answer, for the question's owner to use or not.
struct suggest {
  question_id question;
  std::string text;
};
// A moderator shuts an abusive official out of the session; an admin may let them back in.
struct block {
  participant_id official;
  std::string reason;
};
struct unblock {
  participant_id official;
};

// A moderator stops (or resumes) taking automatic assignments.
struct pause_assignment {
  bool paused = true;
};

using command = std::variant<ask, answer, claim, transfer, merge, dismiss, resolve_by_faq, pause_assignment,
                             join_question, reopen, correct_answer, consult, suggest, block, unblock>;

}  // namespace helpchat::chat
