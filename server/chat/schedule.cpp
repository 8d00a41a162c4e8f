#include "chat/schedule.hpp"

namespace helpchat::chat {

session_state state_by_schedule(const schedule& when, utc_time now) {
  if (now >= when.archives_at) return session_state::archived;
  if (now >= when.ends_at) return session_state::closed;
  if (now >= when.starts_at) return session_state::live;
  if (now >= when.opens_at) return session_state::open_for_questions;
  return session_state::scheduled;
}

std::optional<session_state> transition_due(const schedule& when, session_state current, utc_time now) {
  session_state due = state_by_schedule(when, now);
  if (due <= current) return std::nullopt;
  return due;
}

bool accepts_questions(session_state state) {
  return state == session_state::open_for_questions || state == session_state::live;
}

}  // namespace helpchat::chat
