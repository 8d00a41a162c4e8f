#include "chat/routing.hpp"

#include <algorithm>
#include <tuple>

namespace helpchat::chat {
namespace {

bool available(const moderator_availability& m, const routing_policy& policy) {
  return !m.paused && m.open_assignments < policy.assignment_cap;
}

bool answers_section(const moderator_availability& m, std::string_view section) {
  return m.sections.empty() || std::find(m.sections.begin(), m.sections.end(), section) != m.sections.end();
}

}  // namespace

bool may_take(const moderator_availability& m, std::string_view agency, std::string_view section) {
  if (agency == triage_agency) return true;
  return m.agency == agency && answers_section(m, section);
}

std::optional<participant_id> choose_moderator(std::string_view agency, std::string_view section,
                                               std::span<const moderator_availability> moderators,
                                               const routing_policy& policy) {
  const moderator_availability* best = nullptr;
  auto rank = [](const moderator_availability& m) { return std::tuple(m.open_assignments, m.last_assigned, m.id); };
  for (const auto& m : moderators) {
    if (!available(m, policy) || !may_take(m, agency, section)) continue;
    if (best == nullptr || rank(m) < rank(*best)) best = &m;
  }
  if (best == nullptr) return std::nullopt;
  return best->id;
}

std::optional<question_id> choose_question(const moderator_availability& m, const question_queue& queue,
                                           const routing_policy& policy) {
  if (!available(m, policy)) return std::nullopt;
  for (const question* q : queue.waiting(m.agency)) {
    if (may_take(m, q->agency, q->section)) return q->id;
  }
  auto triage = queue.waiting(triage_agency);
  if (triage.empty()) return std::nullopt;
  return triage.front()->id;
}

}  // namespace helpchat::chat
