#include "chat/presence.hpp"

namespace helpchat::chat {

bool presence::join(const participant& who) {
  if (who.role == auth::role::official) return ++officials_[who.id] == 1;
  auto [it, arrived] = staff_.try_emplace(who.id, connected{who, 0});
  it->second.who = who;
  ++it->second.connections;
  if (arrived) left_at_.erase(who.id);
  return arrived;
}

bool presence::leave(participant_id who, utc_time now) {
  if (auto official = officials_.find(who); official != officials_.end()) {
    if (--official->second > 0) return false;
    officials_.erase(official);
    return true;
  }
  auto it = staff_.find(who);
  if (it == staff_.end()) return false;
  if (--it->second.connections > 0) return false;
  staff_.erase(it);
  left_at_[who] = now;
  return true;
}

bool presence::is_connected(participant_id who) const { return staff_.contains(who) || officials_.contains(who); }

std::optional<utc_time> presence::away_since(participant_id who) const {
  if (is_connected(who)) return std::nullopt;
  auto it = left_at_.find(who);
  return it == left_at_.end() ? started_at_ : it->second;
}

}  // namespace helpchat::chat
