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
// Failure policy: a failed commit is retried (the batch stays queued, in order); if storage keeps failing past
// `options::give_up_after`, `on_fatal` is called once and nothing more is committed. Nothing is acknowledged that
// was not committed, so a restart loses nothing that any client was told about.
//
// Thread-safety: append() and run() may be called from any thread; everything else is the writer thread's own.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <variant>
#include <vector>

#include "chat/transcript_sink.hpp"
#include "common/histogram.hpp"
#include "store/database.hpp"

namespace helpchat::store {

class transcript_writer final : public chat::transcript_sink {
 public:
  struct options {
    std::size_t max_batch = 8192;  // records per transaction; bounds the time one commit holds the write lock
    std::chrono::milliseconds give_up_after{10000};
  };
  // A write that is not an event (a new participant, a login token): it runs inside the next group commit, in a
  // savepoint of its own, so its failure affects only itself. `done` gets its outcome on the writer thread.
  using job = std::function<status(database&)>;
  using completion = std::function<void(status)>;

  // `on_wal_size` is called on the writer thread with the WAL's size in pages after each commit that wrote to it, once
  // the batch is published and no lock is held. It may hold the writer briefly: the checkpointer does so when the WAL
  // must be reset and back-to-back commits never leave it the moment. Empty: nothing checkpoints but SQLite itself,
  // when the last connection closes.
  transcript_writer(database db, std::function<void(const error&)> on_fatal, options opts,
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

 private:
  struct job_item {
    job work;
    completion done;
  };
  using item = std::variant<chat::transcript_record, job_item>;

  void loop();
  status commit(std::vector<item>& batch, std::vector<std::optional<status>>& job_results);
  status insert_event(const chat::transcript_record& record);
  // sqlite3_wal_hook's callback: SQLite calls it inside COMMIT, after the write lock is released.
  static int on_wal_commit(void* self, sqlite3* db, const char* schema, int wal_pages);
  void report_wal_size();

  database db_;  // writer thread only
  statement insert_event_;
  chat::commit_listener* listener_ = nullptr;  // set by start(), before the thread exists
  std::function<void(const error&)> on_fatal_;
  options options_;
  std::function<void(std::int64_t wal_pages)> on_wal_size_;
  bool wal_written_ = false;  // writer thread only: a commit wrote to the WAL since on_wal_size_ last heard

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<item> queue_;  // GUARDED_BY(mutex_)
  bool stopping_ = false;    // GUARDED_BY(mutex_)

  // Written by the writer thread only, read by anyone.
  histogram commit_seconds_;
  histogram batch_size_;
  std::atomic<double> commit_seconds_max_{0};
  std::atomic<std::int64_t> wal_pages_{0};

  std::thread thread_;
};

}  // namespace helpchat::store
