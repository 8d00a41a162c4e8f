// One help session: its state on its schedule, its questions and their queues, and the seq of its transcript.
//
// Pure domain: no I/O, no clock of its own, no threads. The owner (chat_service) calls it from one strand.
// A command is first *decided* (checked against the current state; yields the event it causes, with the next
// seq) and then *applied*; replaying the committed events through apply() after a restart rebuilds the same state.
//
// The session's lifecycle is in chat/schedule.hpp (advance() proposes each transition as a session_state_changed
// event); a question's, in chat/question.hpp; the order questions wait in, in chat/question_queue.hpp. Like the
// clock, routing proposes events: next_assignment() the automatic assignment chat/routing.hpp calls for, given who
// is connected (chat/presence.hpp); next_release() a question whose holder has been away past the grace period.
// Both are events in the transcript, so a replay rebuilds the same assignments without presence.
//
// What the session knows of the form and the FAQ comes through chat::catalog, so every refusal is decided here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <chrono>
#include <map>
#include <set>

#include "chat/catalog.hpp"
#include "chat/command.hpp"
#include "chat/event.hpp"
#include "chat/participant.hpp"
#include "chat/presence.hpp"
#include "chat/question_queue.hpp"
#include "chat/routing.hpp"
#include "chat/schedule.hpp"
#include "common/result.hpp"

namespace helpchat::chat {

struct help_session_info {
  help_session_id id;
  std::string title;
  schedule when;
  std::string time_zone = "America/Bogota";
};

class help_session {
 public:
  // `catalog` must outlive the session.
  help_session(help_session_info info, const catalog& catalog);

  // The event `command` by `who` causes now, with seq last_seq() + 1, or why it is refused. Changes nothing.
  result<event> decide(const participant& who, const command& command, std::string cid, utc_time now) const;

  // The state change the clock calls for at `now`, if any (seq last_seq() + 1). Changes nothing.
  std::optional<event> advance(utc_time now) const;

  // The automatic assignment routing makes now among the moderators in `present`, if any (seq last_seq() + 1).
  // Only while the session takes questions. Changes nothing.
  std::optional<event> next_assignment(const presence& present, const routing_policy& policy, utc_time now) const;

  // A question whose holder has been away for `grace` or longer, released back to its queue (seq last_seq() + 1),
  // if any. Changes nothing.
  std::optional<event> next_release(const presence& present, std::chrono::seconds grace, utc_time now) const;

  // Performs a decided or replayed event. Precondition: e.seq == last_seq() + 1.
  void apply(const event& e);

  // The seq of the event that (participant, cid) already caused, if it did.
  std::optional<seq_t> find_duplicate(participant_id who, std::string_view cid) const;

  const help_session_info& info() const { return info_; }
  session_state state() const { return state_; }
  seq_t last_seq() const { return last_seq_; }
  const question* find(question_id id) const { return questions_.find(id); }
  const question_queue& questions() const { return questions_; }
  // Open assignments held by `moderator` now.
  int open_assignments(participant_id moderator) const;
  bool is_paused(participant_id moderator) const;
  bool is_blocked(participant_id official) const { return blocked_.contains(official); }
  const std::set<participant_id>& blocked_officials() const { return blocked_; }

 private:
  // What routing needs to remember about a moderator between events (rebuilt by replay like everything else).
  struct moderator_load {
    moderator_ref who;  // as of their latest assignment
    int open_assignments = 0;
    utc_time last_assigned{};
    bool paused = false;
  };
  // What deciding a correction needs to know of a sent answer.
  struct sent_answer {
    question_id question;
    participant_id author;
    std::string agency;  // the author's
    visibility scope = visibility::public_;
  };

  result<event> decide_ask(const participant& who, const ask& cmd) const;
  result<event> decide_on_question(const participant& who, const command& cmd) const;
  result<event> decide_join(const participant& who, const join_question& cmd) const;
  result<event> decide_reopen(const participant& who, const reopen& cmd) const;
  result<event> decide_correction(const participant& who, const correct_answer& cmd) const;
  result<event> decide_consult(const participant& who, const consult& cmd) const;
  result<event> decide_suggestion(const participant& who, const suggest& cmd) const;
  result<event> decide_block(const participant& who, const block& cmd) const;
  result<event> decide_unblock(const participant& who, const unblock& cmd) const;
  result<const question*> open_question_for_moderator(const participant& who, question_id id) const;
  event next_event(event_body body, utc_time now) const;
  void close(question_id id, question_state final_state);
  void apply_body(const event& e);

  help_session_info info_;
  const catalog* catalog_;
  session_state state_ = session_state::scheduled;
  seq_t last_seq_ = 0;
  question_queue questions_;
  std::map<participant_id, moderator_load> moderators_;
  std::unordered_map<seq_t, sent_answer> answers_;  // by the seq of their question_answered event
  std::set<participant_id> blocked_;
  // Officials as their question_asked and question_joined events named them, for blocking by participant id.
  std::map<participant_id, asker_ref> officials_;
  // (participant, cid) → seq. Strings are keyed by "participant:cid" to keep one flat map.
  std::unordered_map<std::string, seq_t> applied_cids_;
};

}  // namespace helpchat::chat
