// The one writer of the database (DESIGN.md invariant 4): a thread that owns the write connection and commits
// whatever has queued since its last commit in one transaction — group commit — so durability costs one sync per
// batch, not per event. After each COMMIT it hands the batch's events to the commit_listener (which publishes
// them), then calls the completions of the other jobs of that batch.
//
// Checkpoints are not this thread's job: the connection has SQLite's auto-checkpoint turned off (it would run inside
// the COMMIT that crosses its threshold, stalling every broadcast behind it). Once a commit's batch is published, the
// WAL's size goes to `on_wal_size`, which is how store::wal_checkpointer learns when to checkpoint on its own
// connection.
//
// Failure policy (a full disk, a lock held by another process, an I/O error). Nothing is acknowledged that was not
// committed, and nothing in memory may stay ahead of the disk:
//
//   healthy ──a commit fails for `retry_for` (retried with backoff)──▶ failing ──a commit or probe succeeds──▶ healthy
//
//   - On entering failing, the failed batch and everything queued behind it are dropped: the listener's
//     on_dropped() refuses their commands (`unavailable`) and rewinds the help sessions that had events among
//     them; each is then restore()d from its history on disk (read on this connection, retried until it reads).
//   - While failing, each new batch is tried once (its commands fail fast rather than wait out the retry window),
//     and with nothing queued the writer probes storage with a throw-away write that must allocate pages, backing
//     off from 100 ms to 5 s. `on_health` hears the change both ways; healthy() tells /readyz.
//   - Only failures that wrote nothing are waited out (a lock, a full disk, read-only storage, a batch that breaks a
//     constraint). After an I/O error, a failed sync above all, or corruption, the writer stops for good: every
//     later batch is dropped as above, /readyz stays 503, and a person checks the disk and restarts
//     (docs/decisions.md, "Storage failure").
//   - An event whose seq does not follow its session's last committed one was decided from a state that has been
//     rewound; it is dropped (its sender hears `unavailable`), never written: the transcript has no gaps.
//
// Thread-safety: append() and run() may be called from any thread; everything else is the writer thread's own.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <thread>
#include <unordered_map>
#include <variant>
#include <vector>

#include "chat/transcript_sink.hpp"
#include "common/histogram.hpp"
#include "common/mutex.hpp"
#include "store/database.hpp"

namespace helpchat::store {

// Whether storage that failed with this SQLite result code may take writes again without a restart.
bool storage_may_recover(int sqlite_code);

class transcript_writer final : public chat::transcript_sink {
 public:
  struct options {
    std::size_t max_batch = 8192;  // records per transaction; bounds the time one commit holds the write lock
    // How long a failing commit is retried before its commands are refused: long enough to ride out a backup's or
    // another process's lock, short enough that clients do not wait in silence.
    std::chrono::milliseconds retry_for{10000};
  };
  // A write that is not an event (a new participant, a login token): it runs inside the next group commit, in a
  // savepoint of its own, so its failure affects only itself. `done` gets its outcome on the writer thread.
  using job = std::function<status(database&)>;
  using completion = std::function<void(status)>;

  // `on_health` is called on the writer thread with the error when storage starts failing and with done{} when it
  // works again.
  // `on_wal_size` is called on the writer thread with the WAL's size in pages after each commit that wrote to it, once
  // the batch is published and no lock is held. It may hold the writer briefly: the checkpointer does so when the WAL
  // must be reset and back-to-back commits never leave it the moment. Empty: nothing checkpoints but SQLite itself,
  // when the last connection closes.
  // Throws at start-up if the database cannot be prepared for writing.
  transcript_writer(database db, std::function<void(const status&)> on_health, options opts,
                    std::function<void(std::int64_t wal_pages)> on_wal_size = {});
  ~transcript_writer() override;
  transcript_writer(const transcript_writer&) = delete;
  transcript_writer& operator=(const transcript_writer&) = delete;

  // Starts the thread; committed records go to `listener`. What was queued before start() waits for it.
  void start(chat::commit_listener& listener);

  void append(chat::transcript_record record) override;
  void run(job work, completion done);

  // Waits until everything queued before this call is committed and handed to the listener, at most `timeout`.
  // Returns false on timeout. Not from the writer's own thread.
  bool flush(std::chrono::milliseconds timeout);

  // Commits everything queued so far, then stops the thread. Idempotent.
  void stop();

  // Seconds per commit (begin to durable) and records per commit.
  const histogram& commit_seconds() const { return commit_seconds_; }
  const histogram& batch_size() const { return batch_size_; }
  // The slowest commit since start: a single stall that the histogram's buckets would hide.
  double commit_seconds_max() const { return commit_seconds_max_.load(std::memory_order_relaxed); }
  // The WAL's size in pages after the last commit.
  std::int64_t wal_pages() const { return wal_pages_.load(std::memory_order_relaxed); }
  // Records queued and not yet committed.
  std::size_t backlog() const;
  // False from a failed commit until storage takes writes again.
  bool healthy() const { return healthy_.load(std::memory_order_relaxed); }
  // Times storage started failing since start.
  std::uint64_t storage_failures() const { return storage_failures_.load(std::memory_order_relaxed); }

 private:
  struct job_item {
    job work;
    completion done;
  };
  using item = std::variant<chat::transcript_record, job_item>;

  void loop();
  // Waits for work; while failing, at most until the next probe is due. False once stopping with nothing queued.
  bool take_batch(std::vector<item>& batch) HELPCHAT_EXCLUDES(mutex_);
  status commit(std::vector<item>& batch, std::vector<std::optional<status>>& job_results);
  status commit_with_retries(std::vector<item>& batch, std::vector<std::optional<status>>& job_results);
  status insert_event(const chat::transcript_record& record);
  // Removes from `batch` the events whose seq does not follow their session's last committed one.
  void drop_out_of_order(std::vector<item>& batch);
  // Storage failed under `batch`: drops it and everything queued behind it.
  void drop_all(std::vector<item>& batch) HELPCHAT_EXCLUDES(mutex_);
  // After a commit that began at `started`: records to the listener, then the jobs' completions.
  void publish(std::vector<item>& batch, std::vector<std::optional<status>>& job_results,
               std::chrono::steady_clock::time_point started);
  // Reads back the history of each session waiting to be restored; those that cannot be read yet stay waiting.
  void restore_rewound();
  // A write that needs new pages, rolled back: does storage take writes again?
  status probe();
  void set_health(const status& now);
  // sqlite3_wal_hook's callback: SQLite calls it inside COMMIT, after the write lock is released.
  static int on_wal_commit(void* self, sqlite3* db, const char* schema, int wal_pages);
  void report_wal_size();

  // Constant after construction.
  std::function<void(const status&)> on_health_;
  options options_;
  std::function<void(std::int64_t wal_pages)> on_wal_size_;
  chat::commit_listener* listener_ = nullptr;  // set by start(), before the thread exists

  // Writer thread only.
  database db_;
  sqlite::statement insert_event_;
  sqlite::statement rewrite_public_body_;  // a blocked official's question, hidden from the public
  bool wal_written_ = false;               // a commit wrote to the WAL since on_wal_size_ last heard
  bool failing_ = false;
  bool stopped_ = false;          // failed in a way no retry can mend
  int failure_code_ = SQLITE_OK;  // SQLite's extended code for the last failed write
  std::chrono::milliseconds probe_delay_{0};
  std::unordered_map<help_session_id, seq_t> committed_seq_;  // absent: none yet
  std::vector<help_session_id> rewound_;                      // dropped, not yet restored

  // What other threads hand the writer.
  mutable mutex mutex_;
  condition_variable wake_;  // the writer waits on it for queue_ or stopping_
  std::vector<item> queue_ HELPCHAT_GUARDED_BY(mutex_);
  bool stopping_ HELPCHAT_GUARDED_BY(mutex_) = false;

  // Written by the writer thread only, read by anyone.
  histogram commit_seconds_;
  histogram batch_size_;
  std::atomic<double> commit_seconds_max_{0};
  std::atomic<std::int64_t> wal_pages_{0};
  std::atomic<bool> healthy_{true};
  std::atomic<std::uint64_t> storage_failures_{0};

  std::thread thread_;
};

}  // namespace helpchat::store
