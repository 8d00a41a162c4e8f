#include "chat/chat_service.hpp"

#include <boost/asio/post.hpp>
#include <future>
#include <map>
#include <set>

namespace helpchat::chat {

struct chat_service::hosted_session {
  hosted_session(const boost::asio::any_io_executor& executor, help_session_info info, const catalog& catalog,
                 utc_time started_at)
      : strand(boost::asio::make_strand(executor)),
        log(std::make_shared<event_log>()),
        domain(std::move(info), catalog),
        present(started_at) {}

  boost::asio::strand<boost::asio::any_io_executor> strand;
  const std::shared_ptr<event_log> log;  // thread-safe itself

  // Only on strand:
  help_session domain;
  presence present;
  std::vector<acknowledgement> waiting_acks;  // repeats of commands whose event is not committed yet
  std::unordered_map<participant_id, token_bucket> question_budgets;

  // Mirrors for readers off the strand.
  std::atomic<session_state> state{session_state::scheduled};
  std::atomic<seq_t> committed_seq{0};
  std::atomic<bool> has_waiting_acks{false};
  // Between on_dropped() and restore(): memory is ahead of the disk, so nothing is decided.
  std::atomic<bool> rewinding{false};
  // The domain's blocked officials, for joins on io threads; changed only when a block or unblock is applied.
  mutable mutex blocked_mutex;
  std::set<participant_id> blocked HELPCHAT_GUARDED_BY(blocked_mutex);

  void mirror_blocked() {
    mutex_lock lock(blocked_mutex);
    blocked = domain.blocked_officials();
  }
};

chat_service::chat_service(std::vector<boost::asio::any_io_executor> executors, const clock& clock,
                           transcript_sink& sink, outbox& outbox, const event_encoder& encoder, const catalog& catalog,
                           rate questions_per_official, routing_settings routing)
    : clock_(clock),
      sink_(sink),
      outbox_(outbox),
      encoder_(encoder),
      catalog_(catalog),
      questions_per_official_(questions_per_official),
      routing_(routing),
      executors_(std::move(executors)) {}

chat_service::~chat_service() = default;

void chat_service::add(help_session_info info, std::vector<transcript_record> history) {
  writer_lock lock(sessions_mutex_);
  auto id = info.id;
  auto& executor = executors_[sessions_.size() % executors_.size()];
  auto session = std::make_shared<hosted_session>(executor, std::move(info), catalog_, clock_.now());
  std::vector<committed_event> replayed;
  replayed.reserve(history.size());
  for (auto& record : history) {
    apply_counted(*session, record.e);
    replayed.push_back(std::move(record.json));
  }
  session->log->append(replayed);
  session->state = session->domain.state();
  session->committed_seq = session->domain.last_seq();
  sessions_[id] = std::move(session);
}

std::shared_ptr<chat_service::hosted_session> chat_service::find(help_session_id id) const {
  reader_lock lock(sessions_mutex_);
  auto it = sessions_.find(id);
  return it == sessions_.end() ? nullptr : it->second;
}

std::optional<session_view> chat_service::view(help_session_id id) const {
  auto session = find(id);
  if (!session) return std::nullopt;
  return session_view{session->domain.info(), session->state.load(), session->committed_seq.load()};
}

std::vector<session_view> chat_service::list() const {
  reader_lock lock(sessions_mutex_);
  std::vector<session_view> views;
  views.reserve(sessions_.size());
  for (const auto& [id, session] : sessions_) {
    // info() is constant after construction, so reading it off the strand is safe.
    views.push_back({session->domain.info(), session->state.load(), session->committed_seq.load()});
  }
  return views;
}

std::shared_ptr<const event_log> chat_service::log_of(help_session_id id) const {
  auto session = find(id);
  return session ? session->log : nullptr;
}

void chat_service::submit(help_session_id id, connection_id from, participant who, std::string cid, command cmd) {
  auto session = find(id);
  if (!session) {
    outbox_.refuse(from, std::move(cid), error::of(error_code::unknown_session));
    return;
  }
  boost::asio::post(session->strand, [this, session, from, who = std::move(who), cid = std::move(cid),
                                      cmd = std::move(cmd)]() mutable {
    if (session->rewinding.load()) {
      outbox_.refuse(from, std::move(cid), error::of(error_code::unavailable));
      return;
    }
    if (auto seq = session->domain.find_duplicate(who.id, cid)) {
      acknowledgement again{from, std::move(cid), *seq};
      // Acknowledged only once committed. The flag is set before committed_seq is read again, so either this
      // release or the writer's (on_committed reads the flag after storing committed_seq) sees the commit.
      session->waiting_acks.push_back(std::move(again));
      session->has_waiting_acks = true;
      release_waiting_acks(*session);
      return;
    }
    auto now = clock_.now();
    if (std::holds_alternative<ask>(cmd)) {
      auto since_epoch = now.time_since_epoch();
      auto budget = session->question_budgets.try_emplace(who.id, questions_per_official_, since_epoch).first;
      if (!budget->second.take(since_epoch)) {
        outbox_.refuse(from, std::move(cid),
                       error::of(error_code::rate_limited,
                                 "Ha hecho muchas preguntas seguidas. Espere un minuto antes de enviar otra."));
        return;
      }
    }
    auto decided = session->domain.decide(who, cmd, cid, now);
    if (!decided) {
      outbox_.refuse(from, std::move(cid), decided.failure());
      return;
    }
    record(*session, std::move(decided).value(), from);
    route(*session);
  });
}

void chat_service::join(help_session_id id, participant who) {
  auto session = find(id);
  if (!session) return;
  boost::asio::post(session->strand, [this, session, who = std::move(who)] {
    bool arrived = session->present.join(who);
    if (arrived && who.role != auth::role::official && !session->rewinding.load()) route(*session);
  });
}

void chat_service::leave(help_session_id id, participant_id who) {
  auto session = find(id);
  if (!session) return;
  boost::asio::post(session->strand, [this, session, who] { session->present.leave(who, clock_.now()); });
}

void chat_service::route(hosted_session& session) {
  auto now = clock_.now();
  while (auto released = session.domain.next_release(session.present, routing_.grace, now)) {
    record(session, std::move(*released), {});
  }
  while (auto assigned = session.domain.next_assignment(session.present, routing_.policy, now)) {
    record(session, std::move(*assigned), {});
  }
}

void chat_service::quiesce(std::chrono::milliseconds timeout) {
  std::vector<std::future<void>> drained;
  {
    reader_lock lock(sessions_mutex_);
    for (const auto& [id, session] : sessions_) {
      auto done = std::make_shared<std::promise<void>>();
      drained.push_back(done->get_future());
      boost::asio::post(session->strand, [done] { done->set_value(); });
    }
  }
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (auto& d : drained) d.wait_until(deadline);
}

void chat_service::tick() {
  reader_lock lock(sessions_mutex_);
  for (const auto& entry : sessions_) {
    auto session = entry.second;  // named: clang 14 cannot capture structured bindings
    boost::asio::post(session->strand, [this, session] {
      if (session->rewinding.load()) return;
      if (auto transition = session->domain.advance(clock_.now())) record(*session, std::move(*transition), {});
      route(*session);
    });
  }
}

void chat_service::apply_counted(hosted_session& session, const event& e) {
  using key = std::pair<question_state, std::string>;
  auto touched = questions_touched_by(e);
  std::vector<std::optional<key>> old_keys;
  old_keys.reserve(touched.size());
  for (auto id : touched) {
    const question* before = session.domain.find(id);
    old_keys.push_back(before ? std::optional(key(before->state, before->agency)) : std::nullopt);
  }
  session.domain.apply(e);
  if (std::holds_alternative<official_blocked>(e.body) || std::holds_alternative<official_unblocked>(e.body)) {
    session.mirror_blocked();
  }
  mutex_lock lock(tally_mutex_);
  for (std::size_t i = 0; i < touched.size(); ++i) {
    const question* after = session.domain.find(touched[i]);
    if (after == nullptr) continue;
    const auto& old_key = old_keys[i];
    if (old_key) --tally_.by_state_and_agency[*old_key];
    ++tally_.by_state_and_agency[{after->state, after->agency}];
    if (after->state == question_state::answered_by_faq && (!old_key || old_key->first != after->state)) {
      ++tally_.answered_by_faq_by_field[after->field];
    }
  }
}

void chat_service::uncount(const hosted_session& session) {
  mutex_lock lock(tally_mutex_);
  for (const auto& [id, q] : session.domain.questions().all()) {
    --tally_.by_state_and_agency[{q.state, q.agency}];
    // answered_by_faq is final, so each such question added exactly one to its field's count.
    if (q.state == question_state::answered_by_faq) --tally_.answered_by_faq_by_field[q.field];
  }
}

bool chat_service::is_blocked(help_session_id id, participant_id official) const {
  auto session = find(id);
  if (!session) return false;
  mutex_lock lock(session->blocked_mutex);
  return session->blocked.contains(official);
}

question_tally chat_service::tally() const {
  mutex_lock lock(tally_mutex_);
  return tally_;
}

void chat_service::record(hosted_session& session, event e, std::optional<connection_id> ack_to) {
  apply_counted(session, e);
  auto waited = [&](question_id id) {
    const question* q = session.domain.find(id);
    return q ? std::chrono::duration<double>(e.at - q->asked_at).count() : 0.0;
  };
  if (const auto* claimed = std::get_if<question_claimed>(&e.body))
    seconds_to_claim_.observe(waited(claimed->question));
  if (const auto* answered = std::get_if<question_answered>(&e.body)) {
    seconds_to_answer_.observe(waited(answered->question));
  }
  session.state = session.domain.state();
  committed_event json = encoder_.encode(e);
  std::vector<public_rewrite> rewrites;
  if (const auto* blocked = std::get_if<official_blocked>(&e.body)) {
    for (auto id : blocked->hidden) {
      if (const question* q = session.domain.find(id))
        rewrites.push_back({id.value, encoder_.encode_hidden_question(*q)});
    }
  }
  sink_.append(transcript_record{session.domain.info().id, std::move(e), std::move(json), ack_to, std::move(rewrites)});
}

void chat_service::on_committed(std::vector<transcript_record>&& records) {
  // Group by help session, keeping each session's seq order; a commit usually holds one or two sessions.
  std::map<help_session_id, std::shared_ptr<published_batch>> batches;
  std::map<help_session_id, std::vector<public_rewrite>> rewrites;
  std::vector<participant_id> expelled;
  for (auto& record : records) {
    if (!record.rewrites.empty()) {
      auto& into = rewrites[record.session];
      into.insert(into.end(), record.rewrites.begin(), record.rewrites.end());
    }
    if (const auto* blocked = std::get_if<official_blocked>(&record.e.body)) {
      expelled.push_back(blocked->official.participant);
    }
    auto& batch = batches[record.session];
    if (!batch) {
      batch = std::make_shared<published_batch>();
      batch->session = record.session;
    }
    if (record.ack_to && record.e.origin) {
      batch->acks.push_back({*record.ack_to, record.e.origin->cid, record.e.seq});
    }
    batch->events.push_back(std::move(record.json));
  }
  for (auto& [id, batch] : batches) {
    auto session = find(id);
    if (!session) continue;
    session->log->append(batch->events);
    if (auto hidden = rewrites.find(id); hidden != rewrites.end()) session->log->rewrite(hidden->second);
    session->committed_seq = batch->events.back().seq;
    outbox_.publish(std::move(batch));
    if (session->has_waiting_acks.load()) {
      boost::asio::post(session->strand, [this, session] { release_waiting_acks(*session); });
    }
  }
  // After the publish: the block event reaches the official's connections before they close.
  for (auto official : expelled) outbox_.expel(official, "Un moderador bloqueó su participación en esta sesión.");
}

void chat_service::on_dropped(std::vector<transcript_record>&& records, std::vector<help_session_id> rewind) {
  // Held before any refusal goes out, so a resend cannot be decided from the state that is about to be undone.
  for (auto id : rewind) {
    if (auto session = find(id)) session->rewinding = true;
  }
  for (auto& record : records) {
    if (record.ack_to && record.e.origin) {
      outbox_.refuse(*record.ack_to, record.e.origin->cid, error::of(error_code::unavailable));
    }
  }
}

void chat_service::restore(help_session_id id, std::vector<transcript_record>&& history) {
  auto session = find(id);
  if (!session) return;
  boost::asio::post(session->strand, [this, session, history = std::move(history)] {
    uncount(*session);
    session->domain = help_session(session->domain.info(), catalog_);
    for (const auto& record : history) apply_counted(*session, record.e);
    session->mirror_blocked();
    session->state = session->domain.state();
    // Repeats that waited for an event the disk never got: that seq will be given to another event.
    seq_t on_disk = session->domain.last_seq();
    auto lost = std::partition(session->waiting_acks.begin(), session->waiting_acks.end(),
                               [on_disk](const acknowledgement& a) { return a.seq <= on_disk; });
    for (auto it = lost; it != session->waiting_acks.end(); ++it) {
      outbox_.refuse(it->connection, std::move(it->cid), error::of(error_code::unavailable));
    }
    session->waiting_acks.erase(lost, session->waiting_acks.end());
    release_waiting_acks(*session);
    session->rewinding = false;
    route(*session);
  });
}

void chat_service::release_waiting_acks(hosted_session& session) {
  seq_t committed = session.committed_seq.load();
  auto still_waiting = std::partition(session.waiting_acks.begin(), session.waiting_acks.end(),
                                      [committed](const acknowledgement& a) { return a.seq > committed; });
  for (auto it = still_waiting; it != session.waiting_acks.end(); ++it) outbox_.acknowledge(std::move(*it));
  session.waiting_acks.erase(still_waiting, session.waiting_acks.end());
  session.has_waiting_acks = !session.waiting_acks.empty();
}

}  // namespace helpchat::chat
