// Who takes which question without anyone claiming it: the automatic assignment policy. Pure: it reads the queues
// and the moderators' availability it is given and changes nothing; the session strand acts on its answer.
//
// A question waits in the queue of the agency that owns its field's section; `triage` questions (general,
// identification, sending) may be taken by any moderator.
//   - A question that starts waiting goes to the available moderator who may take it (its agency, a section of
//     theirs; anyone for triage) with the fewest open assignments; ties go to whoever has waited longest since
//     their last assignment, then to the lower id, so the same inputs always give the same moderator.
//   - A moderator with a free slot takes the first question waiting in their agency's queue within their sections;
//     only when none waits, the first waiting triage question.
//   - next_assignment() combines both: the moderators are taken in the order above (fewest open assignments,
//     longest since their last), and the first one a question waits for gets it. Repeated until it yields nothing,
//     it assigns every question that can be assigned now, each to the moderator the rules above give it.
// Available: connected, not paused, fewer open assignments than the cap.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "auth/permissions.hpp"
#include "chat/question_queue.hpp"
#include "common/ids.hpp"
#include "common/utc_time.hpp"

namespace helpchat::chat {

using auth::triage_agency;

// A connected moderator as the policy sees them.
struct moderator_availability {
  participant_id id;
  std::string agency;
  std::vector<std::string> sections;  // the sections they answer; empty: every section of their agency
  int open_assignments = 0;
  utc_time last_assigned{};  // the epoch when never assigned
  bool paused = false;       // takes no automatic assignment (still claims by hand)
};

struct routing_policy {
  int assignment_cap = 3;  // open assignments a moderator may hold before automatic assignment skips them
};

// Whether `m` may be given a question waiting in `agency`'s queue about `section` (empty for a general one).
bool may_take(const moderator_availability& m, std::string_view agency, std::string_view section);

// The moderator a question waiting in `agency`'s queue about `section` goes to now, if any is available.
std::optional<participant_id> choose_moderator(std::string_view agency, std::string_view section,
                                               std::span<const moderator_availability> moderators,
                                               const routing_policy& policy);

// The question moderator `m` is given now, if they are available and a question waits for them.
std::optional<question_id> choose_question(const moderator_availability& m, const question_queue& queue,
                                           const routing_policy& policy);

struct assignment {
  participant_id moderator;
  question_id question;
  friend bool operator==(const assignment&, const assignment&) = default;
};

// The next automatic assignment to make now, if any.
std::optional<assignment> next_assignment(std::span<const moderator_availability> moderators,
                                          const question_queue& queue, const routing_policy& policy);

}  // namespace helpchat::chat
