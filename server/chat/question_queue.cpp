#include "chat/question_queue.hpp"

#include <cassert>

namespace helpchat::chat {

void question_queue::add(question q) {
  auto [it, added] = questions_.emplace(q.id, std::move(q));
  assert(added && "a question id is the seq of its question_asked event, so it is new");
  start_waiting(it->second);
}

const question* question_queue::find(question_id id) const {
  auto it = questions_.find(id);
  return it == questions_.end() ? nullptr : &it->second;
}

question& question_queue::at(question_id id) {
  auto it = questions_.find(id);
  assert(it != questions_.end() && "a decided event names an existing question");
  return it->second;
}

std::vector<const question*> question_queue::waiting(std::string_view agency) const {
  std::vector<const question*> in_order;
  auto queue = queues_.find(agency);
  if (queue == queues_.end()) return in_order;
  in_order.reserve(queue->second.size());
  for (const place& p : queue->second) in_order.push_back(&questions_.at(p.id));
  return in_order;
}

void question_queue::start_waiting(const question& q) {
  if (q.state != question_state::queued) return;
  auto queue = queues_.find(q.agency);
  if (queue == queues_.end()) queue = queues_.emplace(q.agency, std::set<place>{}).first;
  queue->second.insert(place_of(q));
}

void question_queue::stop_waiting(const question& q) {
  if (q.state != question_state::queued) return;
  auto queue = queues_.find(q.agency);
  if (queue == queues_.end()) return;
  queue->second.erase(place_of(q));
}

}  // namespace helpchat::chat
