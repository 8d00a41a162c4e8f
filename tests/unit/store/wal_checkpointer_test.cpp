#include "store/wal_checkpointer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <optional>
#include <sstream>
#include <thread>

#include "protocol/event_codec.hpp"
#include "store/session_store.hpp"
#include "store/transcript_store.hpp"
#include "store/transcript_writer.hpp"
#include "support/eventually.hpp"
#include "support/temp_directory.hpp"

namespace helpchat::store {
namespace {

using namespace std::chrono_literals;

constexpr std::int64_t page_bytes = 4096;  // SQLite's default page size; a WAL frame adds a 24-byte header

// The checkpointer's thread gives no other signal than what it did.
template <class Predicate>
bool eventually(Predicate done, std::chrono::milliseconds timeout = 10s) {
  return testing::eventually(done, timeout);
}

class no_listener final : public chat::commit_listener {
 public:
  void on_committed(std::vector<chat::transcript_record>&&) override {}
  void on_dropped(std::vector<chat::transcript_record>&&, std::vector<help_session_id>) override {}
  void restore(help_session_id, std::vector<chat::transcript_record>&&) override {}
};

const protocol::json_event_encoder encoder;

// A question with a long text, so that each event fills about half a page.
chat::transcript_record long_question(help_session_id session, seq_t seq) {
  chat::question_asked body;
  body.field = "general";
  body.agency = "triage";
  body.text = "Pregunta " + std::to_string(seq) + ": " + std::string(1800, 'x');
  body.asker.participant = participant_id{7};  // the profile does not matter here
  chat::event e{seq, parse_utc("2012-05-29T14:00:00Z").value() + std::chrono::seconds(seq), body,
                chat::event_origin{participant_id{7}, "c-" + std::to_string(seq)}};
  auto json = encoder.encode(e);
  return {session, std::move(e), std::move(json), std::nullopt};
}

// A migrated database with one help session; the writer over one connection, the checkpointer (when asked for) over
// another, as the server wires them.
class checkpoint_harness {
 public:
  explicit checkpoint_harness(std::optional<wal_checkpointer::options> checkpointing,
                              database::mode checkpointer_mode = database::mode::read_write)
      : log(log_lines, logger::level::info) {
    auto db = open();
    EXPECT_TRUE(migrate(db).ok());
    auto inserted =
        insert_help_session(db,
                            {{},
                             "Sesión",
                             {parse_utc("2012-05-29T13:00:00Z").value(), parse_utc("2012-05-29T14:00:00Z").value(),
                              parse_utc("2012-05-29T16:00:00Z").value(), parse_utc("2012-06-05T00:00:00Z").value()}},
                            parse_utc("2012-05-01T00:00:00Z").value());
    EXPECT_TRUE(inserted.ok());
    session = inserted ? inserted->id : help_session_id{};

    std::function<void(std::int64_t)> on_wal_size;
    if (checkpointing) {
      auto own = open(checkpointer_mode);
      // A first read attaches the connection to the WAL (database::open does it for read-write connections).
      EXPECT_TRUE(own.exec("SELECT count(*) FROM events").ok());
      checkpointer = std::make_unique<wal_checkpointer>(std::move(own), log, *checkpointing);
      on_wal_size = [c = checkpointer.get()](std::int64_t pages) { c->after_commit(pages); };
    }
    writer = std::make_unique<transcript_writer>(
        std::move(db),
        [](const status& health) {
          if (!health) ADD_FAILURE() << "storage failed: " << health.failure().message;
        },
        transcript_writer::options{}, std::move(on_wal_size));
    writer->start(listener);
  }

  database open(database::mode how = database::mode::read_write) {
    auto db = database::open(file(), how);
    if (!db) throw std::runtime_error(db.failure().message);
    return std::move(db).value();
  }

  std::filesystem::path file() const { return dir.path() / "helpchat.db"; }

  std::int64_t wal_file_bytes() const {
    std::error_code ec;
    auto bytes = std::filesystem::file_size(dir.path() / "helpchat.db-wal", ec);
    return ec ? 0 : static_cast<std::int64_t>(bytes);
  }

  // Commits `events` questions in commits of `per_commit`, one after the other; returns the WAL file's largest size
  // seen after a commit.
  std::int64_t write(seq_t events, seq_t per_commit) {
    std::int64_t largest = 0;
    for (seq_t seq = 1; seq <= events; ++seq) {
      writer->append(long_question(session, next_seq_++));
      if (seq % per_commit == 0 || seq == events) {
        EXPECT_TRUE(writer->flush(10s));
        largest = std::max(largest, wal_file_bytes());
      }
    }
    return largest;
  }

  seq_t written() const { return next_seq_ - 1; }

  std::int64_t count_events() {
    auto reader = open();
    auto query = reader.prepare("SELECT count(*) FROM events");
    EXPECT_TRUE(query.ok());
    if (!query) return -1;
    EXPECT_TRUE(query->step().ok());
    return query->column_int(0);
  }

  testing::temp_directory dir;
  std::ostringstream log_lines;  // read only after the threads that log have stopped
  logger log;
  help_session_id session;
  no_listener listener;
  std::unique_ptr<wal_checkpointer> checkpointer;
  std::unique_ptr<transcript_writer> writer;

 private:
  seq_t next_seq_ = 1;
};

TEST(wal_checkpointer, the_writer_never_checkpoints_inside_a_commit) {
  checkpoint_harness h(std::nullopt);  // nobody checkpoints
  h.write(4000, 100);
  // SQLite's auto-checkpoint would have reset the WAL at 1000 pages; with it off the WAL holds everything written.
  EXPECT_GT(h.writer->wal_pages(), 1000);
  EXPECT_GE(h.wal_file_bytes(), h.writer->wal_pages() * page_bytes);
  EXPECT_GT(h.writer->commit_seconds_max(), 0.0);
  h.writer->stop();
}

TEST(wal_checkpointer, a_growing_wal_is_checkpointed_and_stays_bounded) {
  constexpr std::int64_t threshold = 32;
  constexpr std::int64_t escalation = 10 * threshold;
  checkpoint_harness h(wal_checkpointer::options{.threshold_pages = threshold, .escalation_factor = 10});
  constexpr seq_t events = 6000;  // ≈ 3,000 pages, ≈ 10 escalation sizes, written back to back
  auto largest = h.write(events, 20);
  h.writer->stop();
  h.checkpointer->stop();

  EXPECT_GT(h.checkpointer->checkpoints(), 0u);
  EXPECT_EQ(h.checkpointer->failures(), 0u);
  EXPECT_EQ(h.checkpointer->checkpoint_seconds().read().count, h.checkpointer->checkpoints());
  // Reset and truncated at the escalation size (twice that when the passes fall behind), although the writer never
  // idled; without checkpoints it would end near 10 escalation sizes.
  EXPECT_LT(largest, 4 * escalation * (page_bytes + 24)) << "largest WAL file: " << largest << " bytes";
  EXPECT_EQ(h.count_events(), events) << "every row is there";
  EXPECT_EQ(h.log_lines.str().find("wal_checkpoint_failed"), std::string::npos) << h.log_lines.str();
}

TEST(wal_checkpointer, a_reader_that_holds_the_wal_delays_the_reset_and_is_named_in_the_log) {
  constexpr std::int64_t threshold = 32;
  checkpoint_harness h(wal_checkpointer::options{.threshold_pages = threshold, .escalation_factor = 4});
  auto reader = h.open();
  h.write(20, 20);
  // A read transaction keeps its snapshot of the WAL: no checkpoint may reset the log under it.
  ASSERT_TRUE(reader.exec("BEGIN").ok());
  auto snapshot = reader.prepare("SELECT count(*) FROM events");
  ASSERT_TRUE(snapshot.ok());
  ASSERT_TRUE(snapshot->step().ok());
  EXPECT_EQ(snapshot->column_int(0), 20);

  h.write(1000, 20);
  EXPECT_GT(h.writer->wal_pages(), 4 * threshold) << "the WAL grows while the reader holds it";

  snapshot->reset();
  ASSERT_TRUE(reader.exec("COMMIT").ok());
  // Once the reader is gone, the next checkpoints reset the WAL: the commits after them start it again from the top.
  EXPECT_TRUE(eventually([&] {
    h.write(20, 20);
    return h.writer->wal_pages() < 4 * threshold;
  })) << "WAL pages: "
      << h.writer->wal_pages();
  h.writer->stop();
  h.checkpointer->stop();
  EXPECT_NE(h.log_lines.str().find("wal_not_reset"), std::string::npos) << h.log_lines.str();
  EXPECT_EQ(h.checkpointer->failures(), 0u) << "a WAL in use is not a failure";
  EXPECT_EQ(h.count_events(), h.written());
}

TEST(wal_checkpointer, a_failing_checkpoint_is_logged_and_retried_and_commits_go_on) {
  // A read-only connection cannot checkpoint: every attempt fails for real (SQLITE_READONLY).
  checkpoint_harness h(wal_checkpointer::options{.threshold_pages = 8, .escalation_factor = 1000},
                       database::mode::read_only);
  h.write(400, 20);
  EXPECT_TRUE(eventually([&] { return h.checkpointer->failures() >= 2; })) << "retried on later commits";
  EXPECT_EQ(h.checkpointer->checkpoints(), 0u);
  h.writer->stop();
  h.checkpointer->stop();
  EXPECT_EQ(h.count_events(), 400) << "the writer never waits for, nor fails with, the checkpointer";
  EXPECT_NE(h.log_lines.str().find("wal_checkpoint_failed"), std::string::npos) << h.log_lines.str();
}

TEST(wal_checkpointer, stops_before_the_writer_and_ignores_later_commits) {
  checkpoint_harness h(wal_checkpointer::options{.threshold_pages = 16, .escalation_factor = 10});
  h.write(200, 20);
  h.checkpointer->stop();
  auto checkpoints = h.checkpointer->checkpoints();
  h.write(200, 20);        // the writer still reports to it
  h.checkpointer->stop();  // idempotent
  EXPECT_EQ(h.checkpointer->checkpoints(), checkpoints);
  h.writer->stop();
  EXPECT_EQ(h.count_events(), 400);
}

TEST(wal_checkpointer, stop_runs_a_last_checkpoint_of_what_was_committed_since) {
  checkpoint_harness h(wal_checkpointer::options{.threshold_pages = 1000000, .escalation_factor = 10});
  h.write(10, 10);  // far below the threshold: no checkpoint while running
  h.writer->stop();
  EXPECT_EQ(h.checkpointer->checkpoints(), 0u);
  h.checkpointer->stop();
  EXPECT_EQ(h.checkpointer->checkpoints(), 1u);
}

}  // namespace
}  // namespace helpchat::store
