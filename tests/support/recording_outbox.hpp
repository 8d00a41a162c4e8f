// A chat::outbox that delivers nothing and records every call — publish, acknowledge, refuse, expel — in call order, so
// a test can check what reached connections and when (e.g. that nothing is published before the commit, and that an ack
// never precedes its event). Thread-safe: one mutex around the record; readers get copies.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

#include "chat/outbox.hpp"

namespace helpchat::testing {

class recording_outbox final : public chat::outbox {
 public:
  struct refusal {
    connection_id connection;
    std::string cid;
    error why;
  };
  struct expulsion {
    participant_id official;
    std::string reason;
  };
  // One call: a published batch, a lone acknowledgement (of a repeated command), a refusal or an expulsion.
  using call = std::variant<std::shared_ptr<const chat::published_batch>, chat::acknowledgement, refusal, expulsion>;

  void publish(std::shared_ptr<const chat::published_batch> batch) override { record(std::move(batch)); }
  void acknowledge(chat::acknowledgement ack) override { record(std::move(ack)); }
  void refuse(connection_id connection, std::string cid, error why) override {
    record(refusal{connection, std::move(cid), std::move(why)});
  }
  void expel(participant_id official, std::string reason) override { record(expulsion{official, std::move(reason)}); }

  std::vector<call> calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }
  bool empty() const {
    std::lock_guard lock(mutex_);
    return calls_.empty();
  }
  void clear() {
    std::lock_guard lock(mutex_);
    calls_.clear();
  }

  std::vector<std::shared_ptr<const chat::published_batch>> batches() const { return only<0>(); }
  std::vector<chat::acknowledgement> lone_acks() const { return only<1>(); }
  std::vector<refusal> refusals() const { return only<2>(); }
  std::vector<expulsion> expulsions() const { return only<3>(); }

  // The seqs of every published event, in the order they were handed over.
  std::vector<seq_t> published_seqs() const {
    std::vector<seq_t> seqs;
    for (const auto& batch : batches()) {
      for (const auto& e : batch->events) seqs.push_back(e.seq);
    }
    return seqs;
  }
  // Every acknowledgement, in batches or alone, in the order it was handed over.
  std::vector<chat::acknowledgement> all_acks() const {
    std::vector<chat::acknowledgement> acks;
    for (const auto& c : calls()) {
      if (const auto* batch = std::get_if<0>(&c)) acks.insert(acks.end(), (*batch)->acks.begin(), (*batch)->acks.end());
      if (const auto* ack = std::get_if<1>(&c)) acks.push_back(*ack);
    }
    return acks;
  }

 private:
  void record(call c) {
    std::lock_guard lock(mutex_);
    calls_.push_back(std::move(c));
  }

  template <std::size_t Index>
  std::vector<std::variant_alternative_t<Index, call>> only() const {
    std::vector<std::variant_alternative_t<Index, call>> picked;
    for (const auto& c : calls()) {
      if (const auto* value = std::get_if<Index>(&c)) picked.push_back(*value);
    }
    return picked;
  }

  mutable std::mutex mutex_;
  std::vector<call> calls_;  // GUARDED_BY(mutex_)
};

}  // namespace helpchat::testing
