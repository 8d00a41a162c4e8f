// A chat::transcript_sink that keeps appended records in memory. Nothing is durable until the test says so:
// commit(listener) hands everything appended since the last commit to the listener, exactly as the transcript
// writer does after a COMMIT — so a test decides when "the disk" has caught up; fail(listener) drops it instead, as
// the writer does when storage fails, and restores the sessions involved from what was committed. Thread-safe: one
// mutex; commit() calls the listener after releasing it.
#pragma once

#include <algorithm>
#include <mutex>
#include <vector>

#include "chat/transcript_sink.hpp"

namespace helpchat::testing {

class memory_transcript_sink final : public chat::transcript_sink {
 public:
  void append(chat::transcript_record record) override {
    std::lock_guard lock(mutex_);
    appended_.push_back(record);
    pending_.push_back(std::move(record));
  }

  // "Commits" what is pending, in append order; returns how many records that was (none: the listener is not called).
  std::size_t commit(chat::commit_listener& listener) {
    std::vector<chat::transcript_record> batch;
    {
      std::lock_guard lock(mutex_);
      batch.swap(pending_);
    }
    std::size_t count = batch.size();
    {
      std::lock_guard lock(mutex_);
      committed_.insert(committed_.end(), batch.begin(), batch.end());
    }
    if (count > 0) listener.on_committed(std::move(batch));
    return count;
  }

  // Storage "fails" under what is pending: it is dropped, and every session with pending records is rewound and
  // restored to its committed records. Returns how many records were dropped.
  std::size_t fail(chat::commit_listener& listener) {
    std::vector<chat::transcript_record> batch;
    std::vector<chat::transcript_record> committed;
    {
      std::lock_guard lock(mutex_);
      batch.swap(pending_);
      committed = committed_;
    }
    std::vector<help_session_id> rewind;
    for (const auto& record : batch) {
      if (std::find(rewind.begin(), rewind.end(), record.session) == rewind.end()) rewind.push_back(record.session);
    }
    std::size_t count = batch.size();
    listener.on_dropped(std::move(batch), rewind);
    for (auto session : rewind) {
      std::vector<chat::transcript_record> history;
      for (const auto& record : committed) {
        if (record.session == session) history.push_back(record);
      }
      listener.restore(session, std::move(history));
    }
    return count;
  }

  // Every record ever appended, committed or not, in append order.
  std::vector<chat::transcript_record> appended() const {
    std::lock_guard lock(mutex_);
    return appended_;
  }
  std::size_t pending() const {
    std::lock_guard lock(mutex_);
    return pending_.size();
  }

 private:
  mutable std::mutex mutex_;
  std::vector<chat::transcript_record> appended_;   // GUARDED_BY(mutex_)
  std::vector<chat::transcript_record> pending_;    // GUARDED_BY(mutex_)
  std::vector<chat::transcript_record> committed_;  // GUARDED_BY(mutex_)
};

}  // namespace helpchat::testing
