#include "chat/presence.hpp"

namespace helpchat::chat {

bool presence::join(const participant& who) {
  auto [it, arrived] = connected_.try_emplace(who.id, connected{who, 0});
  it->second.who = who;
  ++it->second.connections;
  if (arrived && who.role == auth::role::official) ++officials_;
  return arrived;
}

bool presence::leave(participant_id who) {
  auto it = connected_.find(who);
  if (it == connected_.end()) return false;
  if (--it->second.connections > 0) return false;
  if (it->second.who.role == auth::role::official) --officials_;
  connected_.erase(it);
  return true;
}

std::map<participant_id, presence::connected> presence::staff() const {
  std::map<participant_id, connected> staff;
  for (const auto& [id, entry] : connected_) {
    if (entry.who.role != auth::role::official) staff.emplace(id, entry);
  }
  return staff;
}

}  // namespace helpchat::chat
