#include "chat/question_queue.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace helpchat::chat {
namespace {

using namespace std::chrono_literals;

const utc_time nine = parse_utc("2012-05-29T14:00:00Z").value_or(utc_time{});

question queued(std::int64_t id, std::string agency, utc_time asked_at, int askers = 1) {
  question q;
  q.id = question_id{id};
  q.asker = participant_id{100 + id};
  q.field = "gel_fase";
  q.asked_at = asked_at;
  q.agency = std::move(agency);
  q.askers = askers;
  return q;
}

std::vector<std::int64_t> waiting(const question_queue& queue, std::string_view agency) {
  std::vector<std::int64_t> ids;
  for (const question* q : queue.waiting(agency)) ids.push_back(q->id.value);
  return ids;
}

TEST(question_queue, each_agency_has_its_own_queue_longest_waiting_first) {
  question_queue queue;
  queue.add(queued(1, "mintic-gel", nine));
  queue.add(queued(2, "dafp", nine + 1s));
  queue.add(queued(3, "mintic-gel", nine + 2s));
  EXPECT_EQ(waiting(queue, "mintic-gel"), (std::vector<std::int64_t>{1, 3}));
  EXPECT_EQ(waiting(queue, "dafp"), (std::vector<std::int64_t>{2}));
  EXPECT_TRUE(waiting(queue, "triage").empty());
  ASSERT_NE(queue.find(question_id{2}), nullptr);
  EXPECT_EQ(queue.find(question_id{2})->agency, "dafp");
  EXPECT_EQ(queue.find(question_id{4}), nullptr);
}

TEST(question_queue, among_equal_waits_more_askers_go_first) {
  question_queue queue;
  queue.add(queued(1, "dafp", nine));
  queue.add(queued(2, "dafp", nine, 3));
  queue.add(queued(3, "dafp", nine));
  EXPECT_EQ(waiting(queue, "dafp"), (std::vector<std::int64_t>{2, 1, 3}));
  queue.update(question_id{3}, [](question& q) { q.askers = 5; });
  EXPECT_EQ(waiting(queue, "dafp"), (std::vector<std::int64_t>{3, 2, 1})) << "an update re-places the question";
}

TEST(question_queue, only_queued_questions_wait) {
  question_queue queue;
  question closed = queued(1, "dafp", nine);
  closed.state = question_state::answered_by_faq;
  queue.add(closed);
  queue.add(queued(2, "dafp", nine + 1s));
  EXPECT_EQ(waiting(queue, "dafp"), (std::vector<std::int64_t>{2}));
  queue.update(question_id{2}, [](question& q) {
    q.state = question_state::assigned;
    q.holder = participant_id{7};
  });
  EXPECT_TRUE(waiting(queue, "dafp").empty());
  queue.update(question_id{2}, [](question& q) {
    q.state = question_state::queued;
    q.holder.reset();
  });
  EXPECT_EQ(waiting(queue, "dafp"), (std::vector<std::int64_t>{2})) << "released, it waits again";
  EXPECT_EQ(queue.all().size(), 2U) << "closed questions are kept, only not waiting";
}

TEST(question_queue, a_question_moved_to_another_queue_keeps_its_place_by_asking_time) {
  question_queue queue;
  queue.add(queued(1, "mintic-gel", nine));
  queue.add(queued(2, "dafp", nine + 1s));
  queue.add(queued(3, "dafp", nine + 2s));
  queue.update(question_id{1}, [](question& q) { q.agency = "dafp"; });
  EXPECT_TRUE(waiting(queue, "mintic-gel").empty());
  EXPECT_EQ(waiting(queue, "dafp"), (std::vector<std::int64_t>{1, 2, 3}));
}

TEST(question_queue, all_lists_every_question_in_asking_order) {
  question_queue queue;
  queue.add(queued(5, "dafp", nine));
  queue.add(queued(2, "triage", nine));
  std::vector<std::int64_t> ids;
  for (const auto& [id, q] : queue.all()) ids.push_back(id.value);
  EXPECT_EQ(ids, (std::vector<std::int64_t>{2, 5}));
}

}  // namespace
}  // namespace helpchat::chat
