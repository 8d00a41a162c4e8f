#include "store/wal_checkpointer.hpp"

#include <utility>

namespace helpchat::store {
namespace {

bool is_busy(int rc) { return (rc & 0xff) == SQLITE_BUSY; }

}  // namespace

wal_checkpointer::wal_checkpointer(database db, logger& log, options opts)
    : log_(log),
      options_(opts),
      escalation_pages_(opts.threshold_pages * opts.escalation_factor),
      db_(std::move(db)),
      checkpoint_seconds_({0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}) {
  // No busy handler: a TRUNCATE that finds a reader in the WAL gives up at once rather than wait for it.
  sqlite3_busy_timeout(db_.handle(), 0);
  thread_ = std::thread([this] { loop(); });
}

wal_checkpointer::~wal_checkpointer() { stop(); }

void wal_checkpointer::after_commit(std::int64_t wal_pages) {
  mutex_lock lock(mutex_);
  if (stopping_) return;
  if (wal_pages < copied_pages_) copied_pages_ = 0;  // the writer started the WAL again
  reported_pages_ = wal_pages;
  committed_since_last_ = true;
  auto remainder = wal_pages - copied_pages_;
  bool keeping_up = remainder <= options_.threshold_pages;
  bool falling_behind = wal_pages >= 2 * escalation_pages_ && remainder <= escalation_pages_;
  bool reset_due = wal_pages >= escalation_pages_ && wal_pages >= retry_reset_at_ && (keeping_up || falling_behind);
  if (!reset_due) {
    bool pass_due = wal_pages >= options_.threshold_pages;
    lock.unlock();
    if (pass_due) wake_.notify_one();
    return;
  }
  reset_wanted_ = true;
  wake_.notify_one();
  const auto longest = std::chrono::steady_clock::now() + options_.longest_hold;
  while (reset_wanted_ && !stopping_) {
    if (!released_.wait_until(mutex_, longest)) break;
  }
}

void wal_checkpointer::stop() {
  {
    mutex_lock lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  released_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void wal_checkpointer::loop() {
  mutex_lock lock(mutex_);
  for (;;) {
    while (!stopping_ && !reset_wanted_ && reported_pages_ < options_.threshold_pages) wake_.wait(mutex_);
    if (stopping_) break;

    if (reset_wanted_) {
      // The writer waits in after_commit(), outside any transaction: the write lock is free.
      auto wal_pages = reported_pages_;
      lock.unlock();
      auto reset = checkpoint(SQLITE_CHECKPOINT_TRUNCATE, "truncate");
      lock.lock();
      if (reset.rc == SQLITE_OK) {
        copied_pages_ = 0;
        reported_pages_ = 0;
        retry_reset_at_ = 0;
        committed_since_last_ = false;
      } else {
        retry_reset_at_ = wal_pages + options_.threshold_pages;
      }
      reset_wanted_ = false;
      lock.unlock();
      released_.notify_all();
      if (reset.rc == SQLITE_OK) warned_not_reset_ = false;
      if (is_busy(reset.rc)) warn_not_reset(wal_pages, "a reader is using the WAL");
      lock.lock();
      continue;
    }

    // Commits that arrive during the pass coalesce: the next pass sees only the latest size.
    auto wal_pages = std::exchange(reported_pages_, 0);
    committed_since_last_ = false;
    lock.unlock();
    auto pass = checkpoint(SQLITE_CHECKPOINT_PASSIVE, "passive");
    if (wal_pages < escalation_pages_) {
      warned_not_reset_ = false;
    } else if (pass.rc == SQLITE_OK && pass.copied_pages < pass.wal_pages) {
      warn_not_reset(pass.wal_pages, "a reader holds an older snapshot");
    }
    lock.lock();
    copied_pages_ = pass.rc == SQLITE_OK ? pass.copied_pages : 0;
  }
  bool committed_since_last = committed_since_last_;
  lock.unlock();
  if (committed_since_last) checkpoint(SQLITE_CHECKPOINT_PASSIVE, "passive");
}

wal_checkpointer::outcome wal_checkpointer::checkpoint(int mode, const char* mode_name) {
  int wal_frames = -1;
  int copied_frames = -1;
  auto started = std::chrono::steady_clock::now();
  int rc = sqlite3_wal_checkpoint_v2(db_.handle(), nullptr, mode, &wal_frames, &copied_frames);
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (rc == SQLITE_OK && wal_frames < 0) {
    // SQLite's answer when the connection is not in WAL mode: nothing was done.
    failures_.fetch_add(1, std::memory_order_relaxed);
    log_.error("wal_checkpoint_failed", {{"mode", mode_name}, {"reason", "the connection is not in WAL mode"}});
    return {SQLITE_ERROR, wal_frames, copied_frames};
  }
  if (rc == SQLITE_OK) {
    checkpoints_.fetch_add(1, std::memory_order_relaxed);
    checkpoint_seconds_.observe(seconds);
    log_.debug("wal_checkpoint",
               {{"mode", mode_name}, {"wal_pages", wal_frames}, {"copied_pages", copied_frames}, {"seconds", seconds}});
  } else if (!is_busy(rc)) {
    // Busy is expected: another connection is checkpointing, or (TRUNCATE) a reader is using the WAL.
    failures_.fetch_add(1, std::memory_order_relaxed);
    log_.error("wal_checkpoint_failed", {{"mode", mode_name}, {"reason", sqlite3_errmsg(db_.handle())}});
  }
  return {rc, wal_frames, copied_frames};
}

void wal_checkpointer::warn_not_reset(std::int64_t wal_pages, const char* reason) {
  if (warned_not_reset_) return;
  warned_not_reset_ = true;
  log_.warn("wal_not_reset", {{"wal_pages", wal_pages}, {"reason", reason}});
}

}  // namespace helpchat::store
