// When a help session takes questions, is live, closes and is archived: its schedule, and the state the clock
// gives it.
//
// Pure domain: times are passed in (the owner's injected clock), nothing here reads one.
//
// Help session lifecycle (every transition is time-driven; help_session records each as a
// session_state_changed event):
//
//      scheduled ──opens_at──▶ open_for_questions ──starts_at──▶ live ──ends_at──▶ closed ──archives_at──▶ archived
//
//   - open_for_questions: officials read the FAQ and leave questions; moderators may already answer.
//   - live: the room is live.
//   - closed, archived: read-only. archived only moves the session to the archive listing.
//   A server that was down across several boundaries jumps straight to the state the clock says (one transition).
//   States only move forward: a clock set back, or a schedule moved later, does not reopen a closed session.
#pragma once

#include <optional>

#include "chat/event.hpp"
#include "common/utc_time.hpp"

namespace helpchat::chat {

struct schedule {
  utc_time opens_at;   // questions accepted from here
  utc_time starts_at;  // the live window
  utc_time ends_at;
  utc_time archives_at;  // moved to the archive listing
};

// The state the schedule gives at `now`, ignoring what has been recorded.
session_state state_by_schedule(const schedule& when, utc_time now);

// The state a session now in `current` must move to at `now`, if it must move.
std::optional<session_state> transition_due(const schedule& when, session_state current, utc_time now);

// Whether officials may ask, and moderators act on questions, in `state`.
bool accepts_questions(session_state state);

}  // namespace helpchat::chat
