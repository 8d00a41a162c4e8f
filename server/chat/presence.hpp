// Who is connected to one help session now: every participant with how many connections (tabs) they have open, so
// that a moderator with three tabs is one moderator, present until their last tab closes; and since when a
// moderator is away, for the grace period routing gives them before their assignments go back to the queue.
//
//   (not seen since started_at) ──join──▶ connected ──last leave──▶ away since then ──join──▶ connected
//
// Pure domain, no threads: kept by the session's strand from the join and leave of each connection. Routing reads
// it to know which moderators can be given questions.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <unordered_map>

#include "chat/participant.hpp"
#include "common/utc_time.hpp"

namespace helpchat::chat {

class presence {
 public:
  struct connected {
    participant who;  // as of their latest join (a moderator's account may have changed meanwhile)
    int connections = 0;
  };

  // `started_at`: since when this server has been watching (who it has not seen is away since then).
  explicit presence(utc_time started_at) : started_at_(started_at) {}

  // A connection of `who` joined. True when it is their first: they have just arrived.
  bool join(const participant& who);
  // A connection of `who` closed at `now`. True when it was their last: they have just left. A leave without a
  // join is ignored (false).
  bool leave(participant_id who, utc_time now);

  bool is_connected(participant_id who) const;
  // Since when `who` has had no connection; none while connected.
  std::optional<utc_time> away_since(participant_id who) const;
  // Moderators and admins connected now, in id order.
  const std::map<participant_id, connected>& staff() const { return staff_; }
  std::size_t officials() const { return officials_.size(); }

 private:
  utc_time started_at_;
  std::map<participant_id, connected> staff_;
  std::unordered_map<participant_id, int> officials_;  // official → connections open
  std::map<participant_id, utc_time> left_at_;         // staff who came and went
};

}  // namespace helpchat::chat
