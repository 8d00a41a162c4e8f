// Events: everything that happens in a help session. The transcript is the ordered list of them; the help
// session's state is what you get by applying them in seq order (help_session::apply), which is how it is
// rebuilt after a restart.
#pragma once

#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "chat/participant.hpp"
#include "common/ids.hpp"
#include "common/utc_time.hpp"

namespace helpchat::chat {

enum class session_state { scheduled, open_for_questions, live, closed, archived };
enum class question_state { queued, assigned, answered, answered_by_faq, merged, dismissed };
enum class visibility { public_, private_ };

// A moderator as the transcript names them.
struct moderator_ref {
  participant_id participant;
  std::string name;
  std::string agency;
};

struct asker_ref {
  participant_id participant;
  std::string name;
  official_profile profile;
};

struct question_asked {
  std::string field;    // form field id, section id or "general"
  std::string section;  // owning section, empty for "general"
  std::string agency;   // queue it was routed to
  std::string text;
  asker_ref asker;
  // Set when the official found the answer in the FAQ before sending: the question is recorded (and counted for
  // its field) already closed as answered_by_faq, and never reaches a moderator's queue.
  std::optional<std::string> resolved_by_faq;
};

struct question_claimed {
  question_id question;
  moderator_ref moderator;
  bool automatic = false;  // given by routing (chat/routing.hpp), not taken by hand
};

struct question_answered {
  question_id question;
  visibility scope = visibility::public_;
  std::string text;
  moderator_ref moderator;
  participant_id asker;  // the audience of a private answer, with the moderators and the co-askers
  // The askers of the questions merged into it: they share its answers, private ones included.
  std::vector<participant_id> co_askers = {};
};

struct question_transferred {
  question_id question;
  std::string from;
  std::string to;
  moderator_ref moderator;
  std::string reason;  // for the receiving agency; empty only in transcripts older than the reason
};

struct question_merged {
  question_id question;
  question_id into;
  moderator_ref moderator;
};

struct question_dismissed {
  question_id question;
  std::string reason;
  moderator_ref moderator;
};

struct question_answered_by_faq {
  question_id question;
  std::string faq;
};

// Another official joined an open question as a co-asker: they follow it and share its answers, private ones too.
struct question_joined {
  question_id question;
  asker_ref official;
};

// A dismissed question back in its queue, keeping its place (the moment it was asked).
struct question_reopened {
  question_id question;
  moderator_ref moderator;
};

// A new text for a sent answer. The answer's own event keeps the original; readers show the latest correction and
// that it was corrected. It has the answer's visibility and audience (as of the correction).
struct answer_corrected {
  question_id question;
  seq_t answer = 0;  // the seq of the question_answered event it corrects
  std::string text;
  moderator_ref moderator;
  visibility scope = visibility::public_;
  participant_id asker;
  std::vector<participant_id> co_askers = {};
};

// Another agency is asked for a suggested answer; the question keeps its queue and holder. For moderators only.
struct question_consulted {
  question_id question;
  std::string agency;  // the agency consulted
  std::string note;
  moderator_ref moderator;
};

// A consulted agency's proposed answer, for the question's owner. For moderators only.
struct answer_suggested {
  question_id question;
  std::string text;
  moderator_ref moderator;  // of the consulted agency (or an admin)
};

// An official shut out of the session: their connections close, their token is refused, and the questions they
// had open (`hidden`) are closed as dismissed and hidden from everyone but the moderators, in the room and the
// archive. Who, why and by whom are for moderators only.
struct official_blocked {
  asker_ref official;
  std::string reason;
  moderator_ref moderator;
  std::vector<question_id> hidden = {};
};

// A blocked official let back in (by an admin). Their hidden questions stay hidden. For moderators only.
struct official_unblocked {
  participant_id official;
  moderator_ref moderator;
};

// Why an assigned question went back to its queue.
enum class release_reason { moderator_left };

// An assigned question back in its queue, held by nobody, keeping its place (the moment it was asked).
struct question_released {
  question_id question;
  moderator_ref moderator;  // who held it
  release_reason reason = release_reason::moderator_left;
};

// A moderator stopped (or resumed) taking automatic assignments; they can still claim by hand.
struct moderator_paused {
  moderator_ref moderator;
  bool paused = true;
};

struct session_state_changed {
  session_state from;
  session_state to;
};

using event_body =
    std::variant<question_asked, question_claimed, question_answered, question_transferred, question_merged,
                 question_dismissed, question_answered_by_faq, question_released, moderator_paused, question_joined,
                 question_reopened, answer_corrected, question_consulted, answer_suggested, official_blocked,
                 official_unblocked, session_state_changed>;

// Who caused an event and with which client id, so that a repeated command is recognised (also after a restart).
struct event_origin {
  participant_id participant;
  std::string cid;
};

struct event {
  seq_t seq = 0;
  utc_time at;
  event_body body;
  std::optional<event_origin> origin;  // none for events the clock causes
};

// The question an event is about, if any (a question_asked event is about the question it creates).
inline std::optional<question_id> subject_of(const event& e) {
  return std::visit(
      [&](const auto& body) -> std::optional<question_id> {
        using body_type = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<body_type, question_asked>) {
          return question_id{e.seq};
        } else if constexpr (requires { body.question; }) {
          return body.question;
        } else {
          return std::nullopt;
        }
      },
      e.body);
}

// The questions whose state an event may change: its subject, or the questions a block hides.
inline std::vector<question_id> questions_touched_by(const event& e) {
  if (const auto* blocked = std::get_if<official_blocked>(&e.body)) return blocked->hidden;
  if (auto subject = subject_of(e)) return {*subject};
  return {};
}

// Who, besides the moderators, may read a private answer's text (or its correction's): the question's asker and
// co-askers.
template <class Answer>
requires std::is_same_v<Answer, question_answered> || std::is_same_v<Answer, answer_corrected>
    std::vector<participant_id> audience_of(const Answer& a) {
  std::vector<participant_id> audience{a.asker};
  audience.insert(audience.end(), a.co_askers.begin(), a.co_askers.end());
  return audience;
}

// Whether part of an event is not for everyone: a private answer's text or its correction's (for its asker, its
// co-askers and the moderators); a transfer's reason, a consult and its suggestion, and who was blocked or
// unblocked, why and by whom (notes between moderators).
inline bool is_private(const event& e) {
  if (std::holds_alternative<question_consulted>(e.body) || std::holds_alternative<answer_suggested>(e.body) ||
      std::holds_alternative<official_blocked>(e.body) || std::holds_alternative<official_unblocked>(e.body)) {
    return true;
  }
  if (const auto* answer = std::get_if<question_answered>(&e.body)) return answer->scope == visibility::private_;
  if (const auto* fixed = std::get_if<answer_corrected>(&e.body)) return fixed->scope == visibility::private_;
  if (const auto* transfer = std::get_if<question_transferred>(&e.body)) return !transfer->reason.empty();
  return false;
}

// Who, besides the moderators, may read the private part of `e`: see is_private (nobody, for a transfer's reason).
inline std::vector<participant_id> private_audience_of(const event& e) {
  if (const auto* answer = std::get_if<question_answered>(&e.body)) return audience_of(*answer);
  if (const auto* fixed = std::get_if<answer_corrected>(&e.body)) return audience_of(*fixed);
  return {};
}

std::string_view to_string(session_state state);
std::optional<session_state> session_state_from_string(std::string_view name);
std::string_view to_string(question_state state);
std::string_view to_string(visibility scope);
std::optional<visibility> visibility_from_string(std::string_view name);
std::string_view to_string(release_reason reason);
std::optional<release_reason> release_reason_from_string(std::string_view name);

}  // namespace helpchat::chat
