#include "chat/event_log.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace helpchat::chat {
namespace {

committed_event event_with_seq(seq_t seq) {
  auto text = std::make_shared<const std::string>("{\"seq\":" + std::to_string(seq) + "}");
  return committed_event{seq, {}, text, text};
}

std::vector<committed_event> events(seq_t first, seq_t last) {
  std::vector<committed_event> out;
  for (seq_t seq = first; seq <= last; ++seq) out.push_back(event_with_seq(seq));
  return out;
}

std::vector<seq_t> seqs_of(const std::vector<committed_event>& list) {
  std::vector<seq_t> seqs;
  for (const auto& e : list) seqs.push_back(e.seq);
  return seqs;
}

TEST(event_log, starts_empty) {
  event_log log;
  EXPECT_EQ(log.last_seq(), 0);
  EXPECT_TRUE(log.since(0).empty());
}

TEST(event_log, appends_batches_in_order) {
  event_log log;
  log.append(events(1, 3));
  log.append(events(4, 4));
  log.append({});
  log.append(events(5, 7));
  EXPECT_EQ(log.last_seq(), 7);
  EXPECT_EQ(seqs_of(log.since(0)), (std::vector<seq_t>{1, 2, 3, 4, 5, 6, 7}));
}

TEST(event_log, since_returns_the_events_after_a_seq) {
  event_log log;
  log.append(events(1, 5));
  EXPECT_EQ(seqs_of(log.since(3)), (std::vector<seq_t>{4, 5}));
  EXPECT_EQ(seqs_of(log.since(4)), (std::vector<seq_t>{5}));
  EXPECT_TRUE(log.since(5).empty()) << "a client that has seen everything gets nothing";
  EXPECT_TRUE(log.since(50).empty()) << "a client ahead of the log (another server's seq) gets nothing";
  EXPECT_EQ(seqs_of(log.since(-3)), (std::vector<seq_t>{1, 2, 3, 4, 5}));
}

TEST(event_log, shares_the_event_bytes_instead_of_copying_them) {
  event_log log;
  auto batch = events(1, 2);
  log.append(batch);
  auto replay = log.since(0);
  ASSERT_EQ(replay.size(), 2u);
  EXPECT_EQ(replay[0].full, batch[0].full);
  EXPECT_EQ(replay[1].redacted, batch[1].redacted);
}

TEST(event_log, keeps_private_forms_and_audience) {
  event_log log;
  auto full = std::make_shared<const std::string>("full");
  auto redacted = std::make_shared<const std::string>("redacted");
  log.append({committed_event{1, {participant_id{4}}, full, redacted}});
  auto replay = log.since(0);
  ASSERT_EQ(replay.size(), 1u);
  EXPECT_TRUE(replay[0].is_private());
  EXPECT_EQ(replay[0].audience, std::vector<participant_id>{participant_id{4}});
  EXPECT_EQ(*replay[0].redacted, "redacted");
}

TEST(event_log, readers_see_a_prefix_without_gaps_while_the_writer_appends) {
  event_log log;
  constexpr seq_t total = 20000;
  std::thread writer([&] {
    for (seq_t seq = 1; seq <= total; seq += 10) log.append(events(seq, seq + 9));
  });
  std::size_t broken = 0;
  seq_t seen = 0;
  while (seen < total) {
    auto fresh = log.since(seen);
    for (const auto& e : fresh) {
      if (e.seq != seen + 1) ++broken;
      seen = e.seq;
    }
  }
  writer.join();
  EXPECT_EQ(broken, 0u);
  EXPECT_EQ(seen, total);
  EXPECT_EQ(log.last_seq(), total);
}

}  // namespace
}  // namespace helpchat::chat
