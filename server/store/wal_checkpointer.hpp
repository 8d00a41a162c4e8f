// Checkpoints the database's WAL from a thread and a connection of its own, so that no COMMIT does it.
//
// SQLite's auto-checkpoint runs inside the COMMIT that crosses its threshold, on the transcript writer's thread: it
// copies the WAL into the database file and syncs it, and every broadcast waits behind that commit (one stall of
// ~150 ms in the ladder benchmark). The writer turns it off and reports the WAL's size after each commit to
// after_commit(). Past `threshold_pages` this thread runs a PASSIVE checkpoint, which takes no lock that the writer
// or a reader waits for.
//
// A checkpoint only copies; the WAL starts again from its beginning when the writer begins a transaction after a
// checkpoint has copied all of it and no reader is using it. Under back-to-back commits a concurrent checkpoint is
// always a commit behind, so the WAL would grow for as long as the load lasts. Past `threshold_pages ×
// escalation_factor` pages, after_commit() therefore holds the writer (which holds no lock then) until this thread
// has finished the PASSIVE pass in progress and run a TRUNCATE checkpoint, which resets the WAL and shrinks the file.
// How much the writer waits for is what the passes have not copied yet (the remainder):
// - while they keep up (remainder ≤ `threshold_pages`), at most what SQLite's own auto-checkpoint copies inside a
//   commit, in practice about one commit's worth, once per `threshold_pages × escalation_factor` pages written;
// - when they fall behind (the disk cannot copy as fast as commits write), the writer is held anyway once the WAL is
//   twice the escalation size: commits then wait for the disk, as they would with SQLite's own checkpoints, and the
//   WAL stays bounded;
// - never for a remainder larger than the escalation size (say, a WAL left by a crash): the passes copy it first.
// A reader that holds the WAL makes the TRUNCATE fail (logged once, as `wal_not_reset`); it is tried again
// `threshold_pages` later.
//
// The thread (loop()):
//
//   waiting ──after_commit(pages ≥ threshold)──────────▶ PASSIVE pass ─────────────────────▶ waiting
//      │    ──after_commit(escalation, small remainder)─▶ (pass in progress,) TRUNCATE ──────▶ waiting, writer released
//      └──stop()──▶ a last PASSIVE pass if anything was committed since the previous one ──▶ stopped
//
// A failed checkpoint is logged (`wal_checkpoint_failed`) and counted; the next commit past the threshold tries
// again. It never stops the server: the WAL only grows until a checkpoint succeeds.
//
// Ownership: the checkpointer owns its connection and its thread, which starts in the constructor and is joined by
// stop() or the destructor. It may stop before or after the writer; after_commit() after stop() does nothing.
// Thread-safety: after_commit(), stop() (from one thread at a time) and the metrics may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

#include "common/histogram.hpp"
#include "common/logger.hpp"
#include "common/mutex.hpp"
#include "store/database.hpp"

namespace helpchat::store {

class wal_checkpointer {
 public:
  struct options {
    std::int64_t threshold_pages = 1000;  // SQLite's own wal_autocheckpoint default
    std::int64_t escalation_factor = 10;
    // A safety net: after_commit() holds the writer no longer than this (a TRUNCATE still running then keeps the write
    // lock, and the writer's next BEGIN waits for it in SQLite's busy handler).
    std::chrono::milliseconds longest_hold{1000};
  };

  // `db` is a read-write connection to the writer's database file.
  wal_checkpointer(database db, logger& log, options opts);
  ~wal_checkpointer();
  wal_checkpointer(const wal_checkpointer&) = delete;
  wal_checkpointer& operator=(const wal_checkpointer&) = delete;

  // The writer's report: the WAL holds `wal_pages` pages after a commit, and the writer holds no lock. Returns at
  // once, except past the escalation size, as the header comment says.
  void after_commit(std::int64_t wal_pages);

  // Runs a last PASSIVE checkpoint if anything was committed since the previous one, then joins. Idempotent.
  void stop();

  // Checkpoints that completed (SQLITE_OK), and those that failed with an error other than "busy".
  std::uint64_t checkpoints() const { return checkpoints_.load(std::memory_order_relaxed); }
  std::uint64_t failures() const { return failures_.load(std::memory_order_relaxed); }
  // Seconds per checkpoint, PASSIVE or TRUNCATE.
  const histogram& checkpoint_seconds() const { return checkpoint_seconds_; }

 private:
  struct outcome {
    int rc = SQLITE_OK;
    std::int64_t wal_pages = -1;     // the WAL's size when the checkpoint ran
    std::int64_t copied_pages = -1;  // how much of it is now in the database file
  };

  void loop() HELPCHAT_EXCLUDES(mutex_);
  // One sqlite3_wal_checkpoint_v2 call: counted and timed if it succeeded, logged if it failed.
  outcome checkpoint(int mode, const char* mode_name);
  // Logs `wal_not_reset` once per stretch of time the WAL cannot be reset.
  void warn_not_reset(std::int64_t wal_pages, const char* reason);

  // Constant after construction.
  logger& log_;
  options options_;
  std::int64_t escalation_pages_;

  // The thread's own once it runs.
  database db_;
  bool warned_not_reset_ = false;

  // Shared by the writer (after_commit), stop() and the thread.
  mutex mutex_;
  condition_variable wake_;      // the thread waits on it
  condition_variable released_;  // a held writer waits on it
  // The WAL's size after the latest commit not yet handled.
  std::int64_t reported_pages_ HELPCHAT_GUARDED_BY(mutex_) = 0;
  // How much of the WAL the last PASSIVE pass had copied.
  std::int64_t copied_pages_ HELPCHAT_GUARDED_BY(mutex_) = 0;
  // After a refused TRUNCATE, the size to try again at.
  std::int64_t retry_reset_at_ HELPCHAT_GUARDED_BY(mutex_) = 0;
  bool committed_since_last_ HELPCHAT_GUARDED_BY(mutex_) = false;
  bool reset_wanted_ HELPCHAT_GUARDED_BY(mutex_) = false;  // the writer is held for a TRUNCATE
  bool stopping_ HELPCHAT_GUARDED_BY(mutex_) = false;

  std::atomic<std::uint64_t> checkpoints_{0};
  std::atomic<std::uint64_t> failures_{0};
  histogram checkpoint_seconds_;

  std::thread thread_;  // last: starts once everything above is built
};

}  // namespace helpchat::store
