// Who may do what: the role × action table, checked server-side for every command.
// Pure data; thread-safe. The agency rule for moderators (their own queue and triage) is in
// `may_act_on_queue`, because it depends on the question as well as the role.
#pragma once

#include <optional>
#include <string_view>

namespace helpchat::auth {

enum class role { official, moderator, admin };

enum class action {
  ask,               // leave a question in a help session
  resolve_by_faq,    // close one's own question with an FAQ entry
  join_question,     // join another official's open question as a co-asker ("Yo también")
  claim,             // take a queued question
  answer,            // answer, publicly or privately
  transfer,          // send a question to another agency's queue
  merge,             // mark a question as a duplicate of another
  dismiss,           // close a question without an answer
  reopen,            // put a dismissed question back in its queue
  correct_answer,    // replace the text of a sent answer, keeping the original in the transcript
  pause_assignment,  // stop (or resume) taking automatic assignments
  consult,           // ask another agency for a suggested answer, keeping the question
  suggest,           // propose an answer to a question one's agency was consulted on
  block,             // shut an abusive official out of a help session
  unblock,           // let a blocked official back in
  manage_faq,        // edit and publish FAQ drafts
  manage_sessions    // create and change help sessions
};

constexpr bool is_allowed(role who, action what) {
  switch (what) {
    case action::ask:
    case action::resolve_by_faq:
    case action::join_question:
      return who == role::official;
    case action::claim:
    case action::answer:
    case action::transfer:
    case action::merge:
    case action::dismiss:
    case action::reopen:
    case action::correct_answer:
    case action::pause_assignment:
    case action::consult:
    case action::suggest:
    case action::block:
    case action::manage_faq:
      return who == role::moderator || who == role::admin;
    case action::unblock:
    case action::manage_sessions:
      return who == role::admin;
  }
  return false;
}

// The queue of questions nobody owns yet: identification, follow-up and general questions land here.
inline constexpr std::string_view triage_agency = "triage";

// A moderator works the queue of their own agency and the triage queue; an admin works every queue.
constexpr bool may_act_on_queue(role who, std::string_view own_agency, std::string_view queue) {
  if (who == role::admin) return true;
  if (who != role::moderator) return false;
  return queue == own_agency || queue == triage_agency;
}

std::string_view to_string(role who);
std::optional<role> role_from_string(std::string_view name);

}  // namespace helpchat::auth
