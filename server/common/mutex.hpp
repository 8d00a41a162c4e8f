// Mutexes that clang's thread-safety analysis understands (common/thread_annotations.hpp). libstdc++'s std::mutex
// carries no annotations, so a member marked GUARDED_BY a std::mutex would be checked against nothing: these thin
// wrappers are the capabilities, and their scoped locks take and give them back (LevelDB's port::Mutex and
// port::CondVar, absl::Mutex's MutexLock, ReaderMutexLock and WriterMutexLock, made small).
//
//   mutex ──────── mutex_lock: exclusive, for its scope (it may unlock and lock again within it)
//     └─────────── condition_variable: waits with the mutex held by the caller
//   shared_mutex ─ writer_lock: exclusive;  reader_lock: shared
//
// Ownership: a scoped lock refers to its mutex, which must outlive it. Thread-safety: the mutexes are what makes
// other classes thread-safe; a scoped lock belongs to the thread that made it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <shared_mutex>

#include "common/thread_annotations.hpp"

namespace helpchat {

class HELPCHAT_CAPABILITY("mutex") mutex {
 public:
  mutex() = default;
  mutex(const mutex&) = delete;
  mutex& operator=(const mutex&) = delete;

  void lock() HELPCHAT_ACQUIRE() { native_.lock(); }
  void unlock() HELPCHAT_RELEASE() { native_.unlock(); }

 private:
  friend class condition_variable;
  std::mutex native_;
};

// Holds a mutex from construction to destruction. unlock() and lock() let a scope give it up for a while (to notify,
// or to do slow work) and take it again; the analysis follows which parts of the scope hold it.
class HELPCHAT_SCOPED_CAPABILITY mutex_lock {
 public:
  explicit mutex_lock(mutex& m) HELPCHAT_ACQUIRE(m) : mutex_(m) { mutex_.lock(); }
  ~mutex_lock() HELPCHAT_RELEASE() {
    if (held_) mutex_.unlock();
  }
  mutex_lock(const mutex_lock&) = delete;
  mutex_lock& operator=(const mutex_lock&) = delete;

  void unlock() HELPCHAT_RELEASE() {
    mutex_.unlock();
    held_ = false;
  }
  void lock() HELPCHAT_ACQUIRE() {
    mutex_.lock();
    held_ = true;
  }

 private:
  mutex& mutex_;
  bool held_ = true;
};

// std::condition_variable over a helpchat::mutex the caller holds (through a mutex_lock), which it holds again when
// a wait returns. There is no predicate overload on purpose: a predicate lambda is analysed apart from the scope that
// holds the lock, so callers loop on their condition where the analysis sees the lock —
//   while (queue_.empty() && !stopping_) wake_.wait(mutex_);
// Waits may wake spuriously, hence the loop.
class condition_variable {
 public:
  void wait(mutex& m) HELPCHAT_REQUIRES(m) {
    std::unique_lock<std::mutex> lock(m.native_, std::adopt_lock);
    native_.wait(lock);
    lock.release();  // the caller's mutex_lock still owns it
  }
  // As wait(); false once `deadline` has passed.
  template <class Clock, class Duration>
  bool wait_until(mutex& m, const std::chrono::time_point<Clock, Duration>& deadline) HELPCHAT_REQUIRES(m) {
    std::unique_lock<std::mutex> lock(m.native_, std::adopt_lock);
    const auto woken = native_.wait_until(lock, deadline);
    lock.release();
    return woken == std::cv_status::no_timeout;
  }
  void notify_one() noexcept { native_.notify_one(); }
  void notify_all() noexcept { native_.notify_all(); }

 private:
  std::condition_variable native_;
};

// Many readers or one writer.
class HELPCHAT_CAPABILITY("shared_mutex") shared_mutex {
 public:
  shared_mutex() = default;
  shared_mutex(const shared_mutex&) = delete;
  shared_mutex& operator=(const shared_mutex&) = delete;

  void lock() HELPCHAT_ACQUIRE() { native_.lock(); }
  void unlock() HELPCHAT_RELEASE() { native_.unlock(); }
  void lock_shared() HELPCHAT_ACQUIRE_SHARED() { native_.lock_shared(); }
  void unlock_shared() HELPCHAT_RELEASE_SHARED() { native_.unlock_shared(); }

 private:
  std::shared_mutex native_;
};

// Holds a shared_mutex exclusively for its scope.
class HELPCHAT_SCOPED_CAPABILITY writer_lock {
 public:
  explicit writer_lock(shared_mutex& m) HELPCHAT_ACQUIRE(m) : mutex_(m) { mutex_.lock(); }
  ~writer_lock() HELPCHAT_RELEASE() { mutex_.unlock(); }
  writer_lock(const writer_lock&) = delete;
  writer_lock& operator=(const writer_lock&) = delete;

 private:
  shared_mutex& mutex_;
};

// Holds a shared_mutex shared for its scope: guarded members may be read, not written.
class HELPCHAT_SCOPED_CAPABILITY reader_lock {
 public:
  explicit reader_lock(shared_mutex& m) HELPCHAT_ACQUIRE_SHARED(m) : mutex_(m) { mutex_.lock_shared(); }
  ~reader_lock() HELPCHAT_RELEASE() { mutex_.unlock_shared(); }
  reader_lock(const reader_lock&) = delete;
  reader_lock& operator=(const reader_lock&) = delete;

 private:
  shared_mutex& mutex_;
};

}  // namespace helpchat
