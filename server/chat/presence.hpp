// Who is connected to one help session now: every participant with how many connections (tabs) they have open, so
// that a moderator with three tabs is one moderator, present until their last tab closes.
//
// Pure domain, no threads: kept by the session's strand from the join and leave of each connection. Routing reads
// it to know which moderators can be given questions.
#pragma once

#include <cstddef>
#include <map>

#include "chat/participant.hpp"

namespace helpchat::chat {

class presence {
 public:
  struct connected {
    participant who;  // as of their latest join (a moderator's account may have changed meanwhile)
    int connections = 0;
  };

  // A connection of `who` joined. True when it is their first: they have just arrived.
  bool join(const participant& who);
  // A connection of `who` closed. True when it was their last: they have just left. A leave without a join is
  // ignored (false).
  bool leave(participant_id who);

  bool is_connected(participant_id who) const { return connected_.contains(who); }
  // Moderators and admins connected now, in id order.
  std::map<participant_id, connected> staff() const;
  std::size_t officials() const { return officials_; }

 private:
  std::map<participant_id, connected> connected_;
  std::size_t officials_ = 0;  // distinct officials connected
};

}  // namespace helpchat::chat
