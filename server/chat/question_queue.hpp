// The questions of one help session, and the queue each open one waits in.
//
// Every agency (and `triage`) has one queue: the questions that are queued for it, held by nobody. They are taken
// longest-waiting first; among questions asked at the same moment, the one more officials asked comes first. A
// question keeps the moment it was asked when it changes queue (a transfer), so it is not sent to the back.
// Claiming, answering, merging or dismissing a question takes it out of its queue.
//
// Pure domain, no threads: the help_session's owner calls it from the session's strand. Lookups are O(log n);
// keeping the queues in order costs O(log n) per change, paid when an event is applied (once per event, never per
// recipient).
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chat/question.hpp"

namespace helpchat::chat {

class question_queue {
 public:
  // Records a new question (its id not seen before); a queued one joins the end of its agency's queue, or the
  // place its asking time gives it.
  void add(question q);

  // Changes question `id`, which exists, through `change(question&)`, then puts it where its new state, agency and
  // askers place it.
  template <class Change>
  void update(question_id id, Change&& change) {
    question& q = at(id);
    stop_waiting(q);
    std::forward<Change>(change)(q);
    start_waiting(q);
  }

  const question* find(question_id id) const;
  // Every question of the session, in the order they were asked.
  const std::map<question_id, question>& all() const { return questions_; }
  // The questions waiting in `agency`'s queue, the next to take first.
  std::vector<const question*> waiting(std::string_view agency) const;
  // The first question waiting in `agency`'s queue for which `accept(const question&)` holds; null when none.
  template <class Predicate>
  const question* first_waiting(std::string_view agency, Predicate&& accept) const {
    auto queue = queues_.find(agency);
    if (queue == queues_.end()) return nullptr;
    for (const place& p : queue->second) {
      const question& q = questions_.at(p.id);
      if (accept(q)) return &q;
    }
    return nullptr;
  }

 private:
  // A waiting question's place in its queue: earlier first, then more askers, then lower id (a strict order).
  struct place {
    utc_time since;
    int askers;
    question_id id;
    friend bool operator<(const place& a, const place& b) {
      if (a.since != b.since) return a.since < b.since;
      if (a.askers != b.askers) return a.askers > b.askers;
      return a.id < b.id;
    }
  };
  static place place_of(const question& q) { return {q.asked_at, q.askers, q.id}; }

  question& at(question_id id);
  void start_waiting(const question& q);
  void stop_waiting(const question& q);

  std::map<question_id, question> questions_;
  std::map<std::string, std::set<place>, std::less<>> queues_;  // agency → its waiting questions, in order
};

}  // namespace helpchat::chat
