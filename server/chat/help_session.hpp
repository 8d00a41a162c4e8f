// One help session: its schedule, its state, its questions and the seq of its transcript.
//
// Pure domain: no I/O, no clock of its own, no threads. The owner (chat_service) calls it from one strand.
// A command is first *decided* (checked against the current state; yields the event it causes, with the next
// seq) and then *applied*; replaying the committed events through apply() after a restart rebuilds the same state.
//
// Help session lifecycle (all transitions are time-driven, by advance(now), which yields a
// session_state_changed event; apply() performs it):
//
//      scheduled ──opens_at──▶ open_for_questions ──starts_at──▶ live ──ends_at──▶ closed ──archives_at──▶ archived
//
//   - open_for_questions: officials read the FAQ and leave questions; moderators may already answer.
//   - live: the room is live.
//   - closed, archived: read-only. archived only moves the session to the archive listing.
//   A server that was down across several boundaries jumps straight to the state the clock says (one event).
//
// Question lifecycle (decide() checks, apply() performs):
//
//      (ask with resolved_by_faq) ──▶ answered_by_faq, directly
//      queued ──claim──▶ assigned
//      queued|assigned ──answer──▶ answered
//      queued|assigned ──transfer──▶ queued (another agency's queue, holder cleared)
//      queued|assigned ──merge──▶ merged (a duplicate of another open or answered question)
//      queued|assigned ──dismiss──▶ dismissed
//      queued|assigned ──resolve_by_faq (its asker)──▶ answered_by_faq
//   answered, answered_by_faq, merged and dismissed are final.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "chat/command.hpp"
#include "chat/event.hpp"
#include "chat/participant.hpp"
#include "common/result.hpp"

namespace helpchat::chat {

struct schedule {
  utc_time opens_at;   // questions accepted from here
  utc_time starts_at;  // the live window
  utc_time ends_at;
  utc_time archives_at;  // moved to the archive listing
};

// The state the schedule gives at `now`, ignoring what has been recorded.
session_state state_by_schedule(const schedule& when, utc_time now);

struct help_session_info {
  help_session_id id;
  std::string title;
  schedule when;
  std::string time_zone = "America/Bogota";
};

struct question {
  question_id id;
  participant_id asker;
  std::string field;  // the form field it was asked about
  utc_time asked_at;
  std::string agency;  // the queue it is in now
  question_state state = question_state::queued;
  std::optional<participant_id> holder;  // the moderator who claimed it
  std::optional<question_id> merged_into;
};

class help_session {
 public:
  explicit help_session(help_session_info info);

  // The event `command` by `who` causes now, with seq last_seq() + 1, or why it is refused. Changes nothing.
  result<event> decide(const participant& who, const command& command, std::string cid, utc_time now) const;

  // The state change the clock calls for at `now`, if any (seq last_seq() + 1). Changes nothing.
  std::optional<event> advance(utc_time now) const;

  // Performs a decided or replayed event. Precondition: e.seq == last_seq() + 1.
  void apply(const event& e);

  // The seq of the event that (participant, cid) already caused, if it did.
  std::optional<seq_t> find_duplicate(participant_id who, std::string_view cid) const;

  const help_session_info& info() const { return info_; }
  session_state state() const { return state_; }
  seq_t last_seq() const { return last_seq_; }
  const question* find(question_id id) const;
  const std::unordered_map<question_id, question>& questions() const { return questions_; }

 private:
  result<event> decide_ask(const participant& who, const ask& cmd) const;
  result<event> decide_on_question(const participant& who, const command& cmd) const;
  result<const question*> open_question_for_moderator(const participant& who, question_id id) const;
  event next_event(event_body body, utc_time now) const;

  help_session_info info_;
  session_state state_ = session_state::scheduled;
  seq_t last_seq_ = 0;
  std::unordered_map<question_id, question> questions_;
  // (participant, cid) → seq. Strings are keyed by "participant:cid" to keep one flat map.
  std::unordered_map<std::string, seq_t> applied_cids_;
};

}  // namespace helpchat::chat
