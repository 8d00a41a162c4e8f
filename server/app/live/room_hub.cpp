#include "app/live/room_hub.hpp"

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <boost/container/small_vector.hpp>
#include <cassert>

#include "common/work_pacer.hpp"
#include "protocol/server_message.hpp"

namespace helpchat::app {

struct room_hub::shard_rooms {
  shard_rooms(boost::asio::io_context& io, double writes_per_second)
      : fanout_timer(io), write_budget(writes_per_second, write_allowance) {}
  // How far ahead of its write budget a shard may run: bursts this long go at the fan-out interval's pace.
  static constexpr std::chrono::milliseconds write_allowance{250};

  std::unordered_map<connection_id, member> members;
  std::unordered_map<help_session_id, std::vector<member*>> rooms;
  // Batches that arrived within the fan-out interval, in commit order, and the timer that ends the interval.
  std::vector<std::shared_ptr<const prepared_batch>> waiting;
  boost::asio::steady_timer fanout_timer;
  std::chrono::steady_clock::time_point last_fanout{};
  work_pacer write_budget;  // the writes this shard's fan-outs started
  bool fanout_due = false;  // the timer is set
};

struct room_hub::prepared_batch {
  std::shared_ptr<const chat::published_batch> batch;
  std::shared_ptr<const std::string> for_officials;   // every event as the room sees it
  std::shared_ptr<const std::string> for_moderators;  // with private answers' text; same pointer if none
  bool has_private = false;
};

namespace {

bool sees_everything(const chat::participant& who) { return who.role != auth::role::official; }

const std::string& rendering_for(const chat::committed_event& e, const chat::participant& who) {
  if (!e.is_private() || sees_everything(who) || e.is_addressed_to(who.id)) return *e.full;
  return *e.redacted;
}

// The events with seq > after, as `who` may see them, comma-joined.
std::shared_ptr<const std::string> personal_chunk(const std::vector<chat::committed_event>& events, seq_t after,
                                                  const chat::participant& who) {
  auto chunk = std::make_shared<std::string>();
  for (const auto& e : events) {
    if (e.seq <= after) continue;
    if (!chunk->empty()) chunk->push_back(',');
    chunk->append(rendering_for(e, who));
  }
  return chunk;
}

}  // namespace

room_hub::room_hub(net::io_shards& shards, const limits& limits, address_brake& brake)
    : shards_(shards),
      brake_(brake),
      fanout_interval_(limits.fanout_interval),
      replay_page_bytes_(std::max<std::size_t>(limits.max_queued_bytes / 4, 1)) {
  for (std::size_t i = 0; i < shards.size(); ++i) {
    rooms_.push_back(std::make_unique<shard_rooms>(shards.context(i), limits.fanout_writes_per_second));
  }
}

room_hub::~room_hub() = default;

member& room_hub::connect(net::connection& c) {
  auto [it, added] = rooms_[c.shard()]->members.try_emplace(c.id(), &c);
  assert(added);
  ++connections_;
  return it->second;
}

void room_hub::disconnect(net::connection& c) {
  auto& shard = *rooms_[c.shard()];
  auto it = shard.members.find(c.id());
  if (it == shard.members.end()) return;
  member& m = it->second;
  if (m.who) {
    auto& room = shard.rooms[m.session];
    assert(room[m.room_index] == &m);
    room[m.room_index] = room.back();
    room[m.room_index]->room_index = m.room_index;
    room.pop_back();
    if (room.empty()) shard.rooms.erase(m.session);
  }
  shard.members.erase(it);
  --connections_;
}

member* room_hub::find(connection_id id) {
  auto& shard = *rooms_[shard_of(id)];
  auto it = shard.members.find(id);
  return it == shard.members.end() ? nullptr : &it->second;
}

void room_hub::enter(member& m, std::shared_ptr<const chat::participant> who, help_session_id session,
                     const std::string& welcome, std::shared_ptr<const chat::event_log> log, seq_t since) {
  auto& shard = *rooms_[m.connection->shard()];
  m.who = std::move(who);
  m.session = session;
  m.delivered_upto = std::clamp<seq_t>(since, 0, log->last_seq());
  m.replaying = std::move(log);
  auto& room = shard.rooms[session];
  m.room_index = room.size();
  room.push_back(&m);
  continue_replay(m, welcome);
}

void room_hub::continue_replay(member& m, std::string frame) {
  auto page = m.replaying->page_after(m.delivered_upto, replay_page_bytes_);
  auto chunk = personal_chunk(page.events, m.delivered_upto, *m.who);
  if (!page.events.empty()) m.delivered_upto = page.events.back().seq;
  if (!chunk->empty()) {
    if (!frame.empty()) frame.push_back(',');
    frame.append(*chunk);
  }
  if (page.complete) {
    // Caught up: from here live delivery takes over. Events committed after this read reach this shard later,
    // through deliver(), with seq > delivered_upto.
    if (!frame.empty()) frame.push_back(',');
    frame.append(protocol::encode_synced(m.delivered_upto));
    m.replaying.reset();
  }
  m.connection->send(std::make_shared<const std::string>(std::move(frame)));
}

void room_hub::drained(net::connection& c) {
  member* m = find(c.id());
  if (m != nullptr && m->replaying) continue_replay(*m, {});
}

void room_hub::send_to(connection_id id, std::string message) {
  shards_.post(shard_of(id), [this, id, message = std::make_shared<const std::string>(std::move(message))]() mutable {
    if (member* m = find(id)) m->connection->send(std::move(message));
  });
}

void room_hub::close_all(net::close_code code, std::string reason) {
  for (std::size_t shard = 0; shard < rooms_.size(); ++shard) {
    shards_.post(shard, [this, shard, code, reason] {
      // What has committed goes out before the close frame: acknowledgements must not be lost at shutdown.
      if (!rooms_[shard]->waiting.empty()) fan_out(*rooms_[shard]);
      for (auto& [id, m] : rooms_[shard]->members) m.connection->close(code, reason);
    });
  }
}

void room_hub::close_connections_of(participant_id who, net::close_code code, std::string reason) {
  for (std::size_t shard = 0; shard < rooms_.size(); ++shard) {
    shards_.post(shard, [this, shard, who, code, reason] {
      for (auto& [id, m] : rooms_[shard]->members) {
        if (m.who && m.who->id == who) m.connection->close(code, reason);
      }
    });
  }
}

void room_hub::expel(participant_id official, std::string reason) {
  for (std::size_t shard = 0; shard < rooms_.size(); ++shard) {
    shards_.post(shard, [this, shard, official, reason] {
      auto now = std::chrono::steady_clock::now();
      for (auto& [id, m] : rooms_[shard]->members) {
        if (!m.who || m.who->id != official) continue;
        brake_.slow(m.connection->remote_address(), now);
        m.connection->close(net::close_code::policy_violation, reason);
      }
    });
  }
}

void room_hub::publish(std::shared_ptr<const chat::published_batch> batch) {
  auto prepared = std::make_shared<prepared_batch>();
  std::string officials;
  std::string moderators;
  for (const auto& e : batch->events) {
    if (!officials.empty()) officials.push_back(',');
    officials.append(*e.redacted);
    prepared->has_private = prepared->has_private || e.is_private();
  }
  prepared->for_officials = std::make_shared<const std::string>(std::move(officials));
  if (prepared->has_private) {
    for (const auto& e : batch->events) {
      if (!moderators.empty()) moderators.push_back(',');
      moderators.append(*e.full);
    }
    prepared->for_moderators = std::make_shared<const std::string>(std::move(moderators));
  } else {
    prepared->for_moderators = prepared->for_officials;
  }
  prepared->batch = std::move(batch);
  std::shared_ptr<const prepared_batch> shared = std::move(prepared);
  for (std::size_t shard = 0; shard < rooms_.size(); ++shard) {
    shards_.post(shard, [this, shard, shared] { arrive(*rooms_[shard], shared); });
  }
}

void room_hub::arrive(shard_rooms& shard, std::shared_ptr<const prepared_batch> batch) {
  shard.waiting.push_back(std::move(batch));
  if (shard.fanout_due) return;
  const auto due = std::max(shard.last_fanout + fanout_interval_, shard.write_budget.next_start());
  if (std::chrono::steady_clock::now() >= due) return fan_out(shard);
  shard.fanout_due = true;
  shard.fanout_timer.expires_at(due);
  shard.fanout_timer.async_wait([this, &shard](boost::system::error_code ec) {
    shard.fanout_due = false;
    if (!ec) fan_out(shard);  // cancelled only when the hub is destroyed
  });
}

void room_hub::fan_out(shard_rooms& shard) {
  shard.last_fanout = std::chrono::steady_clock::now();
  auto batches = std::move(shard.waiting);
  shard.waiting.clear();
  for (const auto& batch : batches) deliver(shard, *batch);
  // A write per member of each room served: several batches to one member leave in one write (the connection
  // corks its sends), so each room counts once.
  std::size_t writes = 0;
  boost::container::small_vector<help_session_id, 4> rooms_served;
  for (const auto& batch : batches) {
    const auto session = batch->batch->session;
    if (std::find(rooms_served.begin(), rooms_served.end(), session) != rooms_served.end()) continue;
    rooms_served.push_back(session);
    if (auto room = shard.rooms.find(session); room != shard.rooms.end()) writes += room->second.size();
  }
  shard.write_budget.spent(static_cast<double>(writes), shard.last_fanout);
}

void room_hub::deliver(shard_rooms& shard, const prepared_batch& prepared) {
  const auto& batch = *prepared.batch;
  if (batch.events.empty()) return;
  const seq_t first = batch.events.front().seq;
  const seq_t last = batch.events.back().seq;
  if (auto room = shard.rooms.find(batch.session); room != shard.rooms.end()) {
    std::uint64_t delivered = 0;
    for (member* m : room->second) {
      if (m->delivered_upto >= last || m->replaying) continue;
      std::shared_ptr<const std::string> chunk;
      if (m->delivered_upto >= first) {
        chunk = personal_chunk(batch.events, m->delivered_upto, *m->who);
      } else if (sees_everything(*m->who)) {
        chunk = prepared.for_moderators;
      } else if (prepared.has_private) {
        bool addressed = false;
        for (const auto& e : batch.events) addressed = addressed || (e.is_private() && e.is_addressed_to(m->who->id));
        chunk = addressed ? personal_chunk(batch.events, 0, *m->who) : prepared.for_officials;
      } else {
        chunk = prepared.for_officials;
      }
      delivered += static_cast<std::uint64_t>(last - std::max(m->delivered_upto, first - 1));
      m->delivered_upto = last;
      m->connection->send(std::move(chunk));
    }
    deliveries_.fetch_add(delivered, std::memory_order_relaxed);
  }
  for (const auto& ack : batch.acks) {
    if (rooms_[shard_of(ack.connection)].get() != &shard) continue;  // another shard's connection
    if (auto it = shard.members.find(ack.connection); it != shard.members.end()) {
      it->second.connection->send(std::make_shared<const std::string>(protocol::encode_ack(ack.cid, ack.seq)));
    }
  }
}

void room_hub::acknowledge(chat::acknowledgement ack) {
  send_to(ack.connection, protocol::encode_ack(ack.cid, ack.seq));
}

void room_hub::refuse(connection_id connection, std::string cid, error why) {
  ++refusals_[static_cast<std::size_t>(why.code)];
  send_to(connection, protocol::encode_error(cid, why));
}

void room_hub::refuse_now(net::connection& c, const std::string& cid, const error& why) {
  ++refusals_[static_cast<std::size_t>(why.code)];
  c.send(std::make_shared<const std::string>(protocol::encode_error(cid, why)));
}

}  // namespace helpchat::app
