#include "store/transcript_writer.hpp"

#include <gtest/gtest.h>

#include <future>
#include <mutex>
#include <thread>

#include "protocol/event_codec.hpp"
#include "store/session_store.hpp"
#include "store/transcript_store.hpp"
#include "support/eventually.hpp"
#include "support/sql_int.hpp"
#include "support/temp_directory.hpp"

namespace helpchat::store {
namespace {

using namespace std::chrono_literals;

utc_time at(std::string_view text) {
  auto parsed = parse_utc(text);
  EXPECT_TRUE(parsed.has_value()) << text;
  return parsed.value_or(utc_time{});
}

// Hears the commits, drops and restores on the writer's thread; read it after stop(), which joins that thread, or
// through its accessors, which lock.
class recording_listener final : public chat::commit_listener {
 public:
  void on_committed(std::vector<chat::transcript_record>&& records) override {
    std::lock_guard lock(mutex_);
    commits_.push_back(std::move(records));
  }
  void on_dropped(std::vector<chat::transcript_record>&& records, std::vector<help_session_id> rewind) override {
    std::lock_guard lock(mutex_);
    for (auto& record : records) dropped_.push_back(record.e.seq);
    for (auto id : rewind) rewound_.push_back(id);
  }
  void restore(help_session_id session, std::vector<chat::transcript_record>&& history) override {
    std::lock_guard lock(mutex_);
    restored_.emplace_back(session, history.size());
  }
  std::vector<std::vector<chat::transcript_record>> commits() const {
    std::lock_guard lock(mutex_);
    return commits_;
  }
  std::vector<seq_t> seqs() const {
    std::vector<seq_t> seqs;
    for (const auto& commit : commits()) {
      for (const auto& record : commit) seqs.push_back(record.e.seq);
    }
    return seqs;
  }
  std::vector<seq_t> dropped() const {
    std::lock_guard lock(mutex_);
    return dropped_;
  }
  std::vector<help_session_id> rewound() const {
    std::lock_guard lock(mutex_);
    return rewound_;
  }
  // (session, events in the history it was restored to)
  std::vector<std::pair<help_session_id, std::size_t>> restored() const {
    std::lock_guard lock(mutex_);
    return restored_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::vector<chat::transcript_record>> commits_;
  std::vector<seq_t> dropped_;
  std::vector<help_session_id> rewound_;
  std::vector<std::pair<help_session_id, std::size_t>> restored_;
};

const protocol::json_event_encoder encoder;

chat::transcript_record record_of(help_session_id session, chat::event e, std::optional<connection_id> ack_to = {}) {
  auto json = encoder.encode(e);
  return {session, std::move(e), std::move(json), ack_to};
}

// Question number `seq`, asked by participant 7 with cid "c-<seq>".
chat::transcript_record question(help_session_id session, seq_t seq, std::string cid = "") {
  chat::question_asked body;
  body.field = "general";
  body.agency = "triage";
  body.text = "Pregunta " + std::to_string(seq);
  body.asker = {participant_id{7}, "Ana Gómez", {"Jefa", chat::entity_type::alcaldia, "05001", "Alcaldía"}};
  chat::event e{seq, at("2012-05-29T14:00:00Z") + std::chrono::seconds(seq), body,
                chat::event_origin{participant_id{7}, cid.empty() ? "c-" + std::to_string(seq) : cid}};
  return record_of(session, std::move(e), connection_id{100 + static_cast<std::uint64_t>(seq)});
}

chat::transcript_record private_answer(help_session_id session, seq_t seq, question_id to) {
  chat::event e{seq, at("2012-05-29T14:30:00Z"),
                chat::question_answered{to,
                                        chat::visibility::private_,
                                        "Le escribo por correo.",
                                        {participant_id{10}, "Marta", "dafp"},
                                        participant_id{7},
                                        {participant_id{8}}},
                chat::event_origin{participant_id{10}, "m-" + std::to_string(seq)}};
  return record_of(session, std::move(e), connection_id{900});
}

chat::transcript_record state_change(help_session_id session, seq_t seq) {
  return record_of(session,
                   chat::event{seq, at("2012-05-29T14:00:00Z"),
                               chat::session_state_changed{chat::session_state::scheduled, chat::session_state::live},
                               std::nullopt});
}

// A migrated database file with one help session, and the writer over its own connection.
class writer_harness {
 public:
  explicit writer_harness(transcript_writer::options opts = {}) {
    auto db = open();
    auto migrated = migrate(db);
    EXPECT_TRUE(migrated.ok()) << (migrated ? "" : migrated.failure().message);
    session = insert_session(db);
    other_session = insert_session(db);
    writer = std::make_unique<transcript_writer>(
        std::move(db),
        [this](const status& now) {
          std::lock_guard lock(health_mutex);
          health.push_back(now ? "recovered" : "failed: " + now.failure().message);
        },
        opts);
  }

  database open() {
    auto db = database::open(dir.path() / "helpchat.db");
    if (!db) throw std::runtime_error(db.failure().message);
    return std::move(db).value();
  }

  help_session_id insert_session(database& db) {
    chat::help_session_info info{{},
                                 "Sesión",
                                 {at("2012-05-29T13:00:00Z"), at("2012-05-29T14:00:00Z"), at("2012-05-29T16:00:00Z"),
                                  at("2012-06-05T00:00:00Z")}};
    auto inserted = insert_help_session(db, info, at("2012-05-01T00:00:00Z"));
    EXPECT_TRUE(inserted.ok());
    return inserted ? inserted->id : help_session_id{};
  }

  // What a fresh reader connection finds on disk.
  std::vector<chat::transcript_record> on_disk(help_session_id id) {
    auto reader = open();
    auto loaded = load_transcript(reader, id);
    EXPECT_TRUE(loaded.ok()) << (loaded ? "" : loaded.failure().message);
    return loaded ? std::move(loaded).value() : std::vector<chat::transcript_record>{};
  }

  std::int64_t count(const std::string& sql) {
    auto reader = open();
    return testing::sql_int(reader, sql);
  }

  testing::temp_directory dir;
  help_session_id session;
  help_session_id other_session;
  recording_listener listener;
  std::vector<std::string> health_changes() {
    std::lock_guard lock(health_mutex);
    return health;
  }

  std::mutex health_mutex;
  std::vector<std::string> health;  // "failed: why" and "recovered", in order
  std::unique_ptr<transcript_writer> writer;
};

TEST(transcript_writer, appended_records_are_committed_in_order_to_the_listener) {
  writer_harness h;
  h.writer->start(h.listener);
  h.writer->append(state_change(h.session, 1));
  for (seq_t seq = 2; seq <= 6; ++seq) h.writer->append(question(h.session, seq));
  h.writer->stop();
  EXPECT_EQ(h.listener.seqs(), (std::vector<seq_t>{1, 2, 3, 4, 5, 6}));
  auto commits = h.listener.commits();
  ASSERT_FALSE(commits.empty());
  const auto& second = commits.front().size() > 1 ? commits.front()[1] : commits.at(1).front();
  ASSERT_TRUE(second.ack_to.has_value()) << "the connection to acknowledge travels with the record";
  EXPECT_EQ(second.ack_to->value, 102u);
  EXPECT_NE(second.json.full, nullptr);
  EXPECT_TRUE(h.health_changes().empty());
  EXPECT_EQ(h.writer->backlog(), 0u);
}

TEST(transcript_writer, load_transcript_returns_the_events_with_seq_1_to_n) {
  writer_harness h;
  h.writer->start(h.listener);
  std::vector<std::string> bodies;
  for (seq_t seq = 1; seq <= 4; ++seq) {
    auto record = question(h.session, seq);
    bodies.push_back(*record.json.full);
    h.writer->append(std::move(record));
  }
  h.writer->stop();
  auto loaded = h.on_disk(h.session);
  ASSERT_EQ(loaded.size(), 4u);
  for (std::size_t i = 0; i < loaded.size(); ++i) {
    const auto& record = loaded[i];
    EXPECT_EQ(record.e.seq, static_cast<seq_t>(i) + 1);
    EXPECT_EQ(record.json.seq, record.e.seq);
    EXPECT_EQ(record.session, h.session);
    EXPECT_EQ(*record.json.full, bodies[i]) << "stored byte for byte";
    EXPECT_EQ(record.json.full, record.json.redacted) << "public: one buffer";
    ASSERT_TRUE(record.e.origin.has_value());
    EXPECT_EQ(record.e.origin->participant, participant_id{7});
    EXPECT_EQ(record.e.origin->cid, "c-" + std::to_string(i + 1));
    EXPECT_FALSE(record.ack_to.has_value()) << "nobody waits for an ack of history";
    EXPECT_EQ(std::get<chat::question_asked>(record.e.body).text, "Pregunta " + std::to_string(i + 1));
  }
  EXPECT_TRUE(h.on_disk(h.other_session).empty());
}

TEST(transcript_writer, private_answer_is_stored_with_its_redacted_form_and_audience) {
  writer_harness h;
  h.writer->start(h.listener);
  h.writer->append(question(h.session, 1));
  auto answer = private_answer(h.session, 2, question_id{1});
  auto full = *answer.json.full;
  auto redacted = *answer.json.redacted;
  h.writer->append(std::move(answer));
  h.writer->stop();

  auto loaded = h.on_disk(h.session);
  ASSERT_EQ(loaded.size(), 2u);
  EXPECT_TRUE(loaded[1].json.is_private());
  EXPECT_EQ(*loaded[1].json.full, full);
  EXPECT_EQ(*loaded[1].json.redacted, redacted);
  EXPECT_EQ(loaded[1].json.audience, (std::vector<participant_id>{participant_id{7}, participant_id{8}}))
      << "the asker from its column, the co-asker from the body";
  EXPECT_EQ(std::get<chat::question_answered>(loaded[1].e.body).text, "Le escribo por correo.");
  EXPECT_FALSE(loaded[1].e.origin->cid.empty());

  auto reader = h.open();
  auto archive = read_public_transcript(reader, h.session, 0, 100);
  ASSERT_TRUE(archive.ok());
  ASSERT_EQ(archive->size(), 2u);
  EXPECT_EQ((*archive)[1], redacted) << "the public archive withholds the private text";
  EXPECT_EQ((*archive)[1].find("Le escribo"), std::string::npos);
}

TEST(transcript_writer, public_transcript_pages_by_seq) {
  writer_harness h;
  h.writer->start(h.listener);
  for (seq_t seq = 1; seq <= 5; ++seq) h.writer->append(question(h.session, seq));
  h.writer->stop();
  auto reader = h.open();
  auto page = read_public_transcript(reader, h.session, 2, 2);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_NE((*page)[0].find(R"("seq":3)"), std::string::npos);
  EXPECT_NE((*page)[1].find(R"("seq":4)"), std::string::npos);
}

TEST(transcript_writer, gap_in_the_table_is_an_error) {
  writer_harness h;
  h.writer->start(h.listener);
  for (seq_t seq = 1; seq <= 3; ++seq) h.writer->append(question(h.session, seq));
  h.writer->stop();
  {
    auto db = h.open();
    ASSERT_TRUE(db.exec("DELETE FROM events WHERE seq = 2").ok());
  }
  auto reader = h.open();
  auto loaded = load_transcript(reader, h.session);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.failure().code, error_code::internal);
  EXPECT_NE(loaded.failure().message.find("gap"), std::string::npos) << loaded.failure().message;
}

TEST(transcript_writer, unique_index_refuses_a_repeated_command) {
  writer_harness h;
  auto db = h.open();
  auto first = question(h.session, 1, "c-1");
  auto again = question(h.session, 2, "c-1");  // same participant, same cid, another seq
  auto insert = [&](const chat::transcript_record& r) {
    auto stmt = db.prepare(
        "INSERT INTO events (help_session_id, seq, at, type, participant_id, cid, body) VALUES (?1, ?2, ?3, ?4, ?5, "
        "?6, ?7)");
    EXPECT_TRUE(stmt.ok());
    stmt->bind(1, r.session.value).bind(2, r.e.seq).bind(3, format_utc(r.e.at)).bind(4, "question_asked");
    stmt->bind(5, r.e.origin->participant.value).bind(6, r.e.origin->cid).bind(7, *r.json.full);
    return stmt->run();
  };
  EXPECT_TRUE(insert(first).ok());
  auto refused = insert(again);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.failure().message.find("UNIQUE"), std::string::npos) << refused.failure().message;
  // The same cid in another help session, or from another participant, is another command.
  auto elsewhere = question(h.other_session, 1, "c-1");
  EXPECT_TRUE(insert(elsewhere).ok());
}

TEST(transcript_writer, a_batch_with_a_repeated_command_is_not_committed) {
  writer_harness h({8192, 0ms});  // give up at the first failure, so the test does not wait for retries
  h.writer->append(question(h.session, 1, "c-1"));
  h.writer->append(question(h.session, 2, "c-1"));
  h.writer->start(h.listener);
  h.writer->stop();
  EXPECT_TRUE(h.listener.commits().empty()) << "nothing is published that did not commit";
  auto health = h.health_changes();
  ASSERT_EQ(health.size(), 1u);
  EXPECT_NE(health[0].find("UNIQUE"), std::string::npos) << health[0];
  EXPECT_EQ(h.listener.dropped(), (std::vector<seq_t>{1, 2})) << "both refused, so both senders hear it";
  EXPECT_EQ(h.listener.rewound(), (std::vector<help_session_id>{h.session}));
  EXPECT_EQ(h.listener.restored(), (std::vector<std::pair<help_session_id, std::size_t>>{{h.session, 0}}));
  EXPECT_TRUE(h.on_disk(h.session).empty()) << "the whole batch rolled back";
}

TEST(transcript_writer, many_appends_are_grouped_into_fewer_commits) {
  writer_harness h;
  constexpr seq_t total = 1000;
  for (seq_t seq = 1; seq <= total; ++seq) h.writer->append(question(h.session, seq));
  EXPECT_EQ(h.writer->backlog(), static_cast<std::size_t>(total)) << "queued before start, waiting for it";
  h.writer->start(h.listener);
  h.writer->stop();
  auto batches = h.writer->batch_size().read();
  EXPECT_LT(batches.count, static_cast<std::uint64_t>(total));
  EXPECT_EQ(batches.count, 1u) << "everything queued goes in one transaction";
  EXPECT_EQ(batches.sum, static_cast<double>(total));
  EXPECT_EQ(h.writer->commit_seconds().read().count, batches.count);
  EXPECT_EQ(h.listener.seqs().size(), static_cast<std::size_t>(total));
  EXPECT_EQ(h.count("SELECT count(*) FROM events"), total);
}

TEST(transcript_writer, a_batch_holds_at_most_max_batch_records) {
  writer_harness h({100, 10000ms});
  for (seq_t seq = 1; seq <= 1000; ++seq) h.writer->append(question(h.session, seq));
  h.writer->start(h.listener);
  h.writer->stop();
  auto commits = h.listener.commits();
  EXPECT_EQ(commits.size(), 10u);
  for (const auto& commit : commits) EXPECT_LE(commit.size(), 100u);
  EXPECT_EQ(h.writer->batch_size().read().count, 10u);
  std::vector<seq_t> expected;
  for (seq_t seq = 1; seq <= 1000; ++seq) expected.push_back(seq);
  EXPECT_EQ(h.listener.seqs(), expected);
}

TEST(transcript_writer, a_failing_job_does_not_affect_events_of_the_same_batch) {
  writer_harness h;
  std::vector<std::string> outcomes;  // written on the writer thread, read after stop() joined it
  auto outcome = [&](status s) { outcomes.push_back(s ? "ok" : s.failure().message); };
  h.writer->append(question(h.session, 1));
  h.writer->run(
      [](database& db) -> status {
        // Writes, then fails: what it wrote must go, the events around it must stay.
        if (auto ok =
                db.exec("INSERT INTO help_sessions (title, opens_at, starts_at, ends_at, archives_at, created_at) "
                        "VALUES ('de un trabajo fallido', 'a', 'b', 'c', 'd', 'e')");
            !ok) {
          return ok;
        }
        return error::of(error_code::invalid_message, "el trabajo falló");
      },
      outcome);
  h.writer->append(question(h.session, 2));
  h.writer->run([](database& db) { return db.exec("UPDATE help_sessions SET title = 'renombrada' WHERE id = 1"); },
                outcome);
  h.writer->append(question(h.session, 3));
  h.writer->start(h.listener);
  h.writer->stop();

  EXPECT_EQ(outcomes, (std::vector<std::string>{"el trabajo falló", "ok"}));
  EXPECT_EQ(h.listener.seqs(), (std::vector<seq_t>{1, 2, 3}));
  EXPECT_EQ(h.on_disk(h.session).size(), 3u);
  EXPECT_EQ(h.count("SELECT count(*) FROM help_sessions WHERE title = 'de un trabajo fallido'"), 0);
  EXPECT_EQ(h.count("SELECT count(*) FROM help_sessions WHERE title = 'renombrada'"), 1);
  EXPECT_TRUE(h.health_changes().empty());
}

TEST(transcript_writer, job_completions_follow_the_commit) {
  writer_harness h;
  std::vector<std::string> order;
  std::mutex order_mutex;
  struct ordering_listener final : chat::commit_listener {
    std::vector<std::string>& order;
    std::mutex& mutex;
    ordering_listener(std::vector<std::string>& o, std::mutex& m) : order(o), mutex(m) {}
    void on_committed(std::vector<chat::transcript_record>&& records) override {
      std::lock_guard lock(mutex);
      order.push_back("events:" + std::to_string(records.size()));
    }
    void on_dropped(std::vector<chat::transcript_record>&&, std::vector<help_session_id>) override {}
    void restore(help_session_id, std::vector<chat::transcript_record>&&) override {}
  } listener(order, order_mutex);
  h.writer->run([](database&) -> status { return done{}; },
                [&](status) {
                  std::lock_guard lock(order_mutex);
                  order.push_back("job");
                });
  h.writer->append(question(h.session, 1));
  h.writer->start(listener);
  h.writer->stop();
  EXPECT_EQ(order, (std::vector<std::string>{"events:1", "job"}));
}

TEST(transcript_writer, stop_commits_what_is_queued) {
  writer_harness h;
  h.writer->start(h.listener);
  constexpr seq_t total = 500;
  for (seq_t seq = 1; seq <= total; ++seq) h.writer->append(question(h.session, seq));
  h.writer->stop();
  EXPECT_EQ(h.listener.seqs().size(), static_cast<std::size_t>(total));
  EXPECT_EQ(h.on_disk(h.session).size(), static_cast<std::size_t>(total));
  EXPECT_EQ(h.writer->backlog(), 0u);
  h.writer->stop();  // idempotent
  EXPECT_EQ(h.listener.seqs().size(), static_cast<std::size_t>(total));
}

TEST(transcript_writer, sessions_keep_their_own_seqs_in_one_commit) {
  writer_harness h;
  h.writer->append(question(h.session, 1));
  h.writer->append(state_change(h.other_session, 1));
  h.writer->append(question(h.session, 2));
  h.writer->start(h.listener);
  h.writer->stop();
  auto commits = h.listener.commits();
  ASSERT_EQ(commits.size(), 1u);
  EXPECT_EQ(h.on_disk(h.session).size(), 2u);
  EXPECT_EQ(h.on_disk(h.other_session).size(), 1u);
  std::vector<help_session_id> order;
  for (const auto& record : commits[0]) order.push_back(record.session);
  EXPECT_EQ(order, (std::vector<help_session_id>{h.session, h.other_session, h.session})) << "append order kept";
}

// The writer's thread, its probe included, gives no other signal than what it did.
template <class Predicate>
bool eventually(Predicate done) {
  return testing::eventually(done, 10s);
}

// Runs `sql` on the writer's own connection, in its next commit (a job), and waits for it.
void on_writer_connection(transcript_writer& writer, std::string sql) {
  auto ran = std::make_shared<std::promise<void>>();
  auto future = ran->get_future();
  writer.run([sql = std::move(sql)](database& db) { return db.exec(sql); }, [ran](const status&) { ran->set_value(); });
  ASSERT_EQ(future.wait_for(10s), std::future_status::ready);
}

std::vector<seq_t> seqs_of(const std::vector<chat::transcript_record>& records) {
  std::vector<seq_t> seqs;
  for (const auto& record : records) seqs.push_back(record.e.seq);
  return seqs;
}

TEST(transcript_writer, a_full_database_drops_the_batch_rewinds_its_session_and_recovers_when_there_is_room) {
  writer_harness h({8192, 0ms});
  h.writer->start(h.listener);
  for (seq_t seq = 1; seq <= 2; ++seq) h.writer->append(question(h.session, seq));
  ASSERT_TRUE(h.writer->flush(10s));
  // PRAGMA max_page_count belongs to a connection: set on the writer's own, it makes the database "full" at its size.
  auto pages = h.count("PRAGMA page_count");
  on_writer_connection(*h.writer, "PRAGMA max_page_count = " + std::to_string(pages));
  for (seq_t seq = 3; seq <= 40; ++seq) {
    auto big = question(h.session, seq);
    h.writer->append(std::move(big));
  }
  ASSERT_TRUE(eventually([&] { return !h.writer->healthy(); }));
  ASSERT_TRUE(eventually([&] { return !h.listener.restored().empty(); }));
  EXPECT_EQ(h.writer->storage_failures(), 1u);
  // Whatever was queued behind the failed batch is dropped with it; what this thread appended after the writer took
  // the queue no longer follows the disk and is dropped as out of order. Either way, nothing past the disk stays.
  ASSERT_TRUE(eventually([&] {
    auto dropped = h.listener.dropped();
    return !dropped.empty() && dropped.back() == 40;
  }));
  EXPECT_EQ(h.listener.rewound(), (std::vector<help_session_id>{h.session}));
  auto restored = h.listener.restored();
  ASSERT_EQ(restored.size(), 1u);
  EXPECT_EQ(restored[0].first, h.session);
  auto kept = h.on_disk(h.session);
  EXPECT_EQ(restored[0].second, kept.size()) << "restored to what is on disk";
  // Nothing is committed while full: the probe keeps failing.
  std::this_thread::sleep_for(300ms);
  EXPECT_FALSE(h.writer->healthy());

  on_writer_connection(*h.writer, "PRAGMA max_page_count = 1073741823");
  ASSERT_TRUE(eventually([&] { return h.writer->healthy(); }));
  auto next = static_cast<seq_t>(kept.size()) + 1;
  h.writer->append(question(h.session, next));
  h.writer->stop();
  auto after = seqs_of(h.on_disk(h.session));
  ASSERT_EQ(after.size(), kept.size() + 1);
  for (std::size_t i = 0; i < after.size(); ++i) EXPECT_EQ(after[i], static_cast<seq_t>(i + 1)) << "once, in order";
  auto health = h.health_changes();
  ASSERT_EQ(health.size(), 2u);
  EXPECT_NE(health[0].find("full"), std::string::npos) << health[0];
  EXPECT_EQ(health[1], "recovered");
}

TEST(transcript_writer, a_lock_held_past_the_retry_window_refuses_then_a_probe_finds_the_way_clear) {
  writer_harness h({8192, 200ms});
  h.writer->start(h.listener);
  on_writer_connection(*h.writer, "PRAGMA busy_timeout = 20");
  h.writer->append(question(h.session, 1));
  ASSERT_TRUE(h.writer->flush(10s));

  auto other = h.open();
  ASSERT_TRUE(other.exec("BEGIN EXCLUSIVE").ok());
  h.writer->append(question(h.session, 2));
  h.writer->append(question(h.other_session, 1));
  ASSERT_TRUE(eventually([&] { return h.listener.restored().size() == 2; }));
  EXPECT_FALSE(h.writer->healthy());
  EXPECT_EQ(h.listener.dropped(), (std::vector<seq_t>{2, 1}));
  // Decided before its session was rewound: it does not follow the disk (seq 1), so it is dropped, never written.
  h.writer->append(question(h.session, 3));
  ASSERT_TRUE(eventually([&] { return h.listener.dropped().size() == 3; }));
  EXPECT_EQ(h.listener.rewound().size(), 2u) << "a stale event asks for no second rewind";

  ASSERT_TRUE(other.exec("COMMIT").ok());
  ASSERT_TRUE(eventually([&] { return h.writer->healthy(); })) << "recovered with nothing queued: the probe";
  h.writer->append(question(h.session, 2, "c-2"));  // the same command, resent, decided anew
  h.writer->stop();
  EXPECT_EQ(seqs_of(h.on_disk(h.session)), (std::vector<seq_t>{1, 2}));
  EXPECT_EQ(h.count("SELECT count(*) FROM events WHERE cid = 'c-2'"), 1);
  EXPECT_EQ(h.count("SELECT count(*) FROM storage_probe"), 0) << "the probe leaves nothing behind";
}

TEST(transcript_writer, an_event_that_does_not_follow_the_disk_is_never_written) {
  {
    writer_harness h;
    h.writer->start(h.listener);
    h.writer->append(question(h.session, 1));
    h.writer->append(question(h.session, 3));
    h.writer->stop();
    EXPECT_EQ(seqs_of(h.on_disk(h.session)), (std::vector<seq_t>{1}));
    EXPECT_EQ(h.listener.dropped(), (std::vector<seq_t>{3}));
    EXPECT_TRUE(h.listener.rewound().empty());
    EXPECT_TRUE(h.writer->healthy());
  }
}

TEST(transcript_writer, a_new_writer_continues_each_session_from_its_last_seq_on_disk) {
  writer_harness h;
  h.writer->start(h.listener);
  for (seq_t seq = 1; seq <= 3; ++seq) h.writer->append(question(h.session, seq));
  h.writer->stop();
  recording_listener second_listener;
  transcript_writer second(h.open(), {}, {});
  second.start(second_listener);
  second.append(question(h.session, 3, "again"));  // already on disk
  second.append(question(h.session, 4));
  second.stop();
  EXPECT_EQ(second_listener.dropped(), (std::vector<seq_t>{3}));
  EXPECT_EQ(seqs_of(h.on_disk(h.session)), (std::vector<seq_t>{1, 2, 3, 4}));
}

TEST(transcript_writer, only_failures_that_wrote_nothing_are_waited_out) {
  for (int code : {SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED, SQLITE_FULL, SQLITE_READONLY,
                   SQLITE_READONLY_DBMOVED, SQLITE_CONSTRAINT_UNIQUE, SQLITE_INTERRUPT, SQLITE_NOMEM}) {
    EXPECT_TRUE(storage_may_recover(code)) << code;
  }
  // A failed sync may have lost pages the kernel then calls clean; corruption does not heal.
  for (int code : {SQLITE_IOERR, SQLITE_IOERR_FSYNC, SQLITE_IOERR_WRITE, SQLITE_IOERR_SHORT_READ, SQLITE_CORRUPT,
                   SQLITE_NOTADB, SQLITE_CANTOPEN, SQLITE_ERROR}) {
    EXPECT_FALSE(storage_may_recover(code)) << code;
  }
}

}  // namespace
}  // namespace helpchat::store
