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

auto rank(const moderator_availability& m) { return std::tuple(m.open_assignments, m.last_assigned, m.id); }

}  // namespace

bool may_take(const moderator_availability& m, std::string_view agency, std::string_view section) {
  if (agency == triage_agency) return true;
  return m.agency == agency && answers_section(m, section);
}

std::optional<participant_id> choose_moderator(std::string_view agency, std::string_view section,
                                               std::span<const moderator_availability> moderators,
                                               const routing_policy& policy) {
  const moderator_availability* best = nullptr;
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
  const question* own =
      queue.first_waiting(m.agency, [&](const question& q) { return may_take(m, q.agency, q.section); });
  if (own != nullptr) return own->id;
  const question* triage = queue.first_waiting(triage_agency, [](const question&) { return true; });
  if (triage == nullptr) return std::nullopt;
  return triage->id;
}

std::optional<assignment> next_assignment(std::span<const moderator_availability> moderators,
                                          const question_queue& queue, const routing_policy& policy) {
  std::vector<const moderator_availability*> in_turn;
  in_turn.reserve(moderators.size());
  for (const auto& m : moderators) in_turn.push_back(&m);
  std::sort(in_turn.begin(), in_turn.end(), [](const auto* a, const auto* b) { return rank(*a) < rank(*b); });
  for (const auto* m : in_turn) {
    if (auto q = choose_question(*m, queue, policy)) return assignment{m->id, *q};
  }
  return std::nullopt;
}

}  // namespace helpchat::chat
