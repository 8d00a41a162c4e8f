#include "store/transcript_writer.hpp"

#include <algorithm>
#include <future>
#include <stdexcept>

#include "protocol/event_codec.hpp"
#include "store/transcript_store.hpp"

namespace helpchat::store {

namespace {

constexpr std::chrono::milliseconds first_probe_delay{100};
constexpr std::chrono::milliseconds longest_probe_delay{5000};

}  // namespace

transcript_writer::transcript_writer(database db, std::function<void(const status&)> on_health, options opts,
                                     std::function<void(std::int64_t wal_pages)> on_wal_size)
    : on_health_(std::move(on_health)),
      options_(opts),
      on_wal_size_(std::move(on_wal_size)),
      db_(std::move(db)),
      commit_seconds_({0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5}),
      batch_size_({1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000}) {
  auto prepared = db_.prepare(
      "INSERT INTO events (help_session_id, seq, at, type, participant_id, cid, audience, body, public_body) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  if (!prepared) throw std::runtime_error("transcript writer: " + prepared.failure().message);
  insert_event_ = std::move(prepared).value();
  auto rewrite = db_.prepare("UPDATE events SET public_body = ?3 WHERE help_session_id = ?1 AND seq = ?2");
  if (!rewrite) throw std::runtime_error("transcript writer: " + rewrite.failure().message);
  rewrite_public_body_ = std::move(rewrite).value();
  // In this order: setting wal_autocheckpoint installs SQLite's own WAL hook, which ours then replaces.
  if (auto ok = db_.exec("PRAGMA wal_autocheckpoint=0"); !ok) {
    throw std::runtime_error("transcript writer: " + ok.failure().message);
  }
  sqlite3_wal_hook(db_.handle(), &transcript_writer::on_wal_commit, this);
  // Every event is written by this writer, so what is on disk now is where each session's seq continues.
  auto last = db_.prepare("SELECT help_session_id, MAX(seq) FROM events GROUP BY help_session_id");
  if (!last) throw std::runtime_error("transcript writer: " + last.failure().message);
  for (;;) {
    auto row = last->step();
    if (!row) throw std::runtime_error("transcript writer: " + row.failure().message);
    if (!*row) break;
    committed_seq_[help_session_id{last->column_int(0)}] = last->column_int(1);
  }
}

int transcript_writer::on_wal_commit(void* self, sqlite3* /*db*/, const char* /*schema*/, int wal_pages) {
  auto& writer = *static_cast<transcript_writer*>(self);
  writer.wal_pages_.store(wal_pages, std::memory_order_relaxed);
  writer.wal_written_ = true;
  return SQLITE_OK;
}

void transcript_writer::report_wal_size() {
  if (!wal_written_ || !on_wal_size_) return;
  wal_written_ = false;
  on_wal_size_(wal_pages_.load(std::memory_order_relaxed));
}

void transcript_writer::start(chat::commit_listener& listener) {
  listener_ = &listener;
  thread_ = std::thread([this] { loop(); });
}

transcript_writer::~transcript_writer() { stop(); }

void transcript_writer::append(chat::transcript_record record) {
  {
    mutex_lock lock(mutex_);
    queue_.emplace_back(std::move(record));
  }
  wake_.notify_one();
}

void transcript_writer::run(job work, completion done) {
  {
    mutex_lock lock(mutex_);
    queue_.emplace_back(job_item{std::move(work), std::move(done)});
  }
  wake_.notify_one();
}

bool transcript_writer::flush(std::chrono::milliseconds timeout) {
  if (!thread_.joinable()) return true;
  auto committed = std::make_shared<std::promise<void>>();
  auto future = committed->get_future();
  // Queued last, so its completion runs after everything before it was committed and published.
  run([](database&) -> status { return done{}; }, [committed](const status&) { committed->set_value(); });
  return future.wait_for(timeout) == std::future_status::ready;
}

void transcript_writer::stop() {
  {
    mutex_lock lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

std::size_t transcript_writer::backlog() const {
  mutex_lock lock(mutex_);
  return queue_.size();
}

status transcript_writer::insert_event(const chat::transcript_record& record) {
  const auto& e = record.e;
  insert_event_.bind(1, record.session.value).bind(2, e.seq).bind(3, format_utc(e.at));
  insert_event_.bind(4, protocol::type_name(e.body));
  if (e.origin) {
    insert_event_.bind(5, e.origin->participant.value).bind(6, e.origin->cid);
  } else {
    insert_event_.bind(5, std::nullopt).bind(6, std::nullopt);
  }
  if (record.json.is_private()) {
    // The audience column holds the asker (none for a moderators-only part); co-askers are in the body
    // (load_transcript reads them back).
    if (record.json.audience.empty()) {
      insert_event_.bind(7, std::nullopt);
    } else {
      insert_event_.bind(7, record.json.audience.front().value);
    }
    insert_event_.bind(9, *record.json.redacted);
  } else {
    insert_event_.bind(7, std::nullopt).bind(9, std::nullopt);
  }
  insert_event_.bind(8, *record.json.full);
  auto ran = insert_event_.run();
  if (!ran) failure_code_ = sqlite3_extended_errcode(db_.handle());
  insert_event_.reset();
  if (!ran) return ran;
  for (const auto& rewrite : record.rewrites) {
    rewrite_public_body_.bind(1, record.session.value).bind(2, rewrite.seq).bind(3, *rewrite.redacted);
    auto rewritten = rewrite_public_body_.run();
    if (!rewritten) failure_code_ = sqlite3_extended_errcode(db_.handle());
    rewrite_public_body_.reset();
    if (!rewritten) return rewritten;
  }
  return ran;
}

status transcript_writer::commit(std::vector<item>& batch, std::vector<std::optional<status>>& job_results) {
  // SQLite's code for a failure is read at once: the rollback that follows would replace it.
  auto noted = [this](status outcome) {
    if (!outcome) failure_code_ = sqlite3_extended_errcode(db_.handle());
    return outcome;
  };
  transaction tx(db_);
  if (!tx.begun()) return noted(tx.begun());
  job_results.assign(batch.size(), std::nullopt);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (auto* record = std::get_if<chat::transcript_record>(&batch[i])) {
      if (auto ok = insert_event(*record); !ok) return ok;
      continue;
    }
    auto& work = std::get<job_item>(batch[i]);
    if (auto ok = db_.exec("SAVEPOINT job"); !ok) return noted(ok);
    status outcome = work.work(db_);
    if (auto ok = db_.exec(outcome ? "RELEASE job" : "ROLLBACK TO job; RELEASE job"); !ok) return noted(ok);
    job_results[i] = std::move(outcome);
  }
  return noted(tx.commit());
}

bool storage_may_recover(int sqlite_code) {
  switch (sqlite_code & 0xff) {
    case SQLITE_BUSY:        // another connection holds the lock
    case SQLITE_LOCKED:      // a conflict inside this process
    case SQLITE_FULL:        // a full disk (or max_page_count): nothing was written
    case SQLITE_READONLY:    // permissions or a read-only remount: nothing was written
    case SQLITE_CONSTRAINT:  // this batch is wrong, not the storage; dropping it is the cure
    case SQLITE_INTERRUPT:
    case SQLITE_NOMEM:
      return true;
    default:  // I/O errors (a failed sync among them), corruption, a file that is no longer the database
      return false;
  }
}

bool transcript_writer::take_batch(std::vector<item>& batch) {
  const bool probing = failing_ && !stopped_;
  const auto probe_due = std::chrono::steady_clock::now() + probe_delay_;
  mutex_lock lock(mutex_);
  while (!stopping_ && queue_.empty()) {
    if (!probing) {
      wake_.wait(mutex_);
    } else if (!wake_.wait_until(mutex_, probe_due)) {
      break;
    }
  }
  if (queue_.empty()) return !stopping_;
  if (queue_.size() <= options_.max_batch) {
    batch.swap(queue_);
  } else {
    auto cut = queue_.begin() + static_cast<std::ptrdiff_t>(options_.max_batch);
    batch.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(cut));
    queue_.erase(queue_.begin(), cut);
  }
  return true;
}

void transcript_writer::loop() {
  std::vector<item> batch;
  std::vector<std::optional<status>> job_results;
  while (take_batch(batch)) {
    restore_rewound();
    if (batch.empty()) {
      // Nothing came while failing: see whether storage takes writes again.
      if (probe()) {
        set_health(done{});
      } else {
        probe_delay_ = std::min(probe_delay_ * 2, longest_probe_delay);
      }
      continue;
    }
    if (stopped_) {
      drop_all(batch);
      continue;
    }
    drop_out_of_order(batch);
    if (batch.empty()) continue;
    auto started = std::chrono::steady_clock::now();
    status committed = failing_ ? commit(batch, job_results) : commit_with_retries(batch, job_results);
    if (!committed) {
      if (!storage_may_recover(failure_code_)) {
        // After a failed sync the kernel may have dropped the pages it could not write and marked them clean, so a
        // later sync that succeeds proves nothing (PostgreSQL's "fsyncgate"): stop for good and let a person look.
        stopped_ = true;
        committed = error::of(error_code::unavailable,
                              committed.failure().message + " (not retried: check the disk, then restart the server)");
        if (failing_ && on_health_) on_health_(committed);  // already failing: now it is for good
      }
      set_health(committed);
      drop_all(batch);
      continue;
    }
    set_health(done{});
    publish(batch, job_results, started);
    report_wal_size();
  }
}

status transcript_writer::commit_with_retries(std::vector<item>& batch,
                                              std::vector<std::optional<status>>& job_results) {
  auto started = std::chrono::steady_clock::now();
  status committed = commit(batch, job_results);
  auto backoff = std::chrono::milliseconds(10);
  while (!committed && std::chrono::steady_clock::now() - started < options_.retry_for) {
    std::this_thread::sleep_for(backoff);
    backoff = std::min(backoff * 2, std::chrono::milliseconds(1000));
    committed = commit(batch, job_results);
  }
  return committed;
}

void transcript_writer::drop_out_of_order(std::vector<item>& batch) {
  std::unordered_map<help_session_id, seq_t> expected;
  std::vector<chat::transcript_record> stale;
  std::erase_if(batch, [&](item& entry) {
    auto* record = std::get_if<chat::transcript_record>(&entry);
    if (record == nullptr) return false;
    auto next = expected.try_emplace(record->session, 0).first;
    if (next->second == 0) {
      auto found = committed_seq_.find(record->session);
      next->second = (found == committed_seq_.end() ? 0 : found->second) + 1;
    }
    if (record->e.seq == next->second) {
      ++next->second;
      return false;
    }
    stale.push_back(std::move(*record));
    return true;
  });
  // Decided before their session was rewound; the rewind itself was asked for when storage failed.
  if (!stale.empty()) listener_->on_dropped(std::move(stale), {});
}

void transcript_writer::drop_all(std::vector<item>& batch) {
  {
    mutex_lock lock(mutex_);
    for (auto& queued : queue_) batch.push_back(std::move(queued));
    queue_.clear();
  }
  std::vector<chat::transcript_record> records;
  std::vector<help_session_id> rewind;
  for (auto& entry : batch) {
    if (auto* work = std::get_if<job_item>(&entry)) {
      work->done(error::of(error_code::unavailable));
      continue;
    }
    auto& record = std::get<chat::transcript_record>(entry);
    auto found = committed_seq_.find(record.session);
    seq_t committed = found == committed_seq_.end() ? 0 : found->second;
    // Its session's memory holds this event, which the disk will not: that session goes back to the disk's state.
    // (A later event of a session was decided after this one; only the first of each can follow the disk.)
    if (record.e.seq == committed + 1 && std::find(rewind.begin(), rewind.end(), record.session) == rewind.end()) {
      rewind.push_back(record.session);
    }
    records.push_back(std::move(record));
  }
  batch.clear();
  for (auto session : rewind) {
    if (std::find(rewound_.begin(), rewound_.end(), session) == rewound_.end()) rewound_.push_back(session);
  }
  listener_->on_dropped(std::move(records), std::move(rewind));
  restore_rewound();
}

void transcript_writer::restore_rewound() {
  std::erase_if(rewound_, [this](help_session_id session) {
    auto history = load_transcript(db_, session);
    if (!history) return false;
    listener_->restore(session, std::move(history).value());
    return true;
  });
}

void transcript_writer::publish(std::vector<item>& batch, std::vector<std::optional<status>>& job_results,
                                std::chrono::steady_clock::time_point started) {
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  commit_seconds_.observe(seconds);
  if (seconds > commit_seconds_max_.load(std::memory_order_relaxed)) {
    commit_seconds_max_.store(seconds, std::memory_order_relaxed);  // this thread is the only writer
  }
  batch_size_.observe(static_cast<double>(batch.size()));

  std::vector<chat::transcript_record> records;
  records.reserve(batch.size());
  for (auto& entry : batch) {
    if (auto* record = std::get_if<chat::transcript_record>(&entry)) {
      committed_seq_[record->session] = record->e.seq;
      records.push_back(std::move(*record));
    }
  }
  if (!records.empty()) listener_->on_committed(std::move(records));
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (auto* work = std::get_if<job_item>(&batch[i])) work->done(std::move(*job_results[i]));
  }
  batch.clear();
}

status transcript_writer::probe() {
  transaction tx(db_);
  if (!tx.begun()) return tx.begun();
  // Larger than a page, so the row needs pages of its own: a full database or disk refuses it.
  if (auto ok = db_.exec("INSERT INTO storage_probe (filler) VALUES (zeroblob(16384))"); !ok) return ok;
  if (auto ok = db_.exec("DELETE FROM storage_probe"); !ok) return ok;
  return tx.commit();
}

void transcript_writer::set_health(const status& now) {
  if (now.ok() == !failing_) return;
  failing_ = !now.ok();
  healthy_.store(now.ok(), std::memory_order_relaxed);
  if (failing_) {
    storage_failures_.fetch_add(1, std::memory_order_relaxed);
    probe_delay_ = first_probe_delay;
  }
  if (on_health_) on_health_(now);
}

}  // namespace helpchat::store
