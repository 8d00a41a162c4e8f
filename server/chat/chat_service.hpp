// The help sessions of this server and the path of a command through them (DESIGN.md, "The path of a message"):
//
//   submit() ─post─▶ session strand: dedupe cid → help_session::decide → apply → encode once → transcript_sink
//                                     → route: the automatic assignments that event made possible, the same way
//   transcript writer thread, after COMMIT: on_committed() → event_log → outbox.publish (fan-out, then acks)
//
// Routing (chat/routing.hpp) runs on the session strand after every event, after a moderator joins, and on tick();
// it needs to know who is connected, which the gateway reports through join() and leave(). tick() also releases
// the assignments of a moderator away longer than the grace period.
//
// When storage fails, the writer drops what it could not commit: on_dropped() refuses those commands
// (`unavailable`) and holds the sessions whose memory ran ahead of the disk — each refuses commands and skips its
// schedule — until restore() rebuilds it from its history on disk. A resend with the same cid is then decided anew.
//
// Each help session lives on its own strand, so its state is changed in one place with no mutex; sessions are
// spread over the io executors given at construction. Nothing is published or acknowledged before it is durable.
//
// Thread-safety: every public member may be called from any thread. add() takes the sessions map's write lock;
// everything else reads it under a shared lock held only to find the session.
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/strand.hpp>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "chat/clock.hpp"
#include "chat/command.hpp"
#include "chat/event_encoder.hpp"
#include "chat/event_log.hpp"
#include "chat/help_session.hpp"
#include "chat/outbox.hpp"
#include "chat/transcript_sink.hpp"
#include "common/histogram.hpp"
#include "common/mutex.hpp"
#include "common/token_bucket.hpp"

namespace helpchat::chat {

// How many questions are in each state, per agency queue and per field, across all help sessions: for metrics.
struct question_tally {
  std::map<std::pair<question_state, std::string>, std::int64_t> by_state_and_agency;
  std::map<std::string, std::int64_t> answered_by_faq_by_field;
};

// What others may read about a help session at any time, without its strand.
struct session_view {
  help_session_info info;
  session_state state = session_state::scheduled;
  seq_t last_committed_seq = 0;
};

// How questions are handed out automatically.
struct routing_settings {
  routing_policy policy;
  // How long a moderator whose last connection closed keeps their assignments.
  std::chrono::seconds grace{60};
};

class chat_service final : public commit_listener {
 public:
  // `questions_per_official` bounds how fast one official may ask in one help session. `catalog` must outlive the
  // service.
  chat_service(std::vector<boost::asio::any_io_executor> executors, const clock& clock, transcript_sink& sink,
               outbox& outbox, const event_encoder& encoder, const catalog& catalog, rate questions_per_official,
               routing_settings routing = {});
  ~chat_service() override;
  chat_service(const chat_service&) = delete;
  chat_service& operator=(const chat_service&) = delete;

  // Hosts a help session with its committed history (seq 1..n, in order).
  void add(help_session_info info, std::vector<transcript_record> history);

  std::optional<session_view> view(help_session_id id) const;
  std::vector<session_view> list() const;
  // The session's committed events, for replay to a joining client; null for an unknown session.
  std::shared_ptr<const event_log> log_of(help_session_id id) const;

  // Runs `cmd` for `who` (a command with client id `cid`, sent on connection `from`). The outcome reaches the
  // connection through the outbox: an ack after the commit, or a refusal.
  void submit(help_session_id session, connection_id from, participant who, std::string cid, command cmd);

  // A connection of `who` has joined the session (after its welcome), or has closed. Several connections of one
  // participant count as one presence.
  void join(help_session_id session, participant who);
  void leave(help_session_id session, participant_id who);

  // Whether `official` is blocked in the session (a rejoin with their token is refused). Thread-safe.
  bool is_blocked(help_session_id session, participant_id official) const;

  question_tally tally() const;
  // Seconds from a question being asked to its first claim, and to its answer (live events only).
  const histogram& seconds_to_claim() const { return seconds_to_claim_; }
  const histogram& seconds_to_answer() const { return seconds_to_answer_; }

  // Waits until every command already handed to a session strand has been decided (and its event appended to the
  // sink), at most `timeout`. For shutdown, after new commands have stopped arriving. Not from a strand.
  void quiesce(std::chrono::milliseconds timeout);

  // Moves every session along its schedule (call it every second or so).
  void tick();

  void on_committed(std::vector<transcript_record>&& records) override;
  void on_dropped(std::vector<transcript_record>&& records, std::vector<help_session_id> rewind) override;
  void restore(help_session_id session, std::vector<transcript_record>&& history) override;

 private:
  struct hosted_session;

  std::shared_ptr<hosted_session> find(help_session_id id) const HELPCHAT_EXCLUDES(sessions_mutex_);
  void record(hosted_session& session, event e, std::optional<connection_id> ack_to) HELPCHAT_EXCLUDES(tally_mutex_);
  // Applies `e` to the session's domain and keeps the tally in step.
  void apply_counted(hosted_session& session, const event& e) HELPCHAT_EXCLUDES(tally_mutex_);
  // Takes the session's questions out of the tally (before its domain is rebuilt).
  void uncount(const hosted_session& session) HELPCHAT_EXCLUDES(tally_mutex_);
  void release_waiting_acks(hosted_session& session);
  // Records the releases and automatic assignments due now. On the session's strand.
  void route(hosted_session& session) HELPCHAT_EXCLUDES(tally_mutex_);

  // Constant after construction.
  const clock& clock_;
  transcript_sink& sink_;
  outbox& outbox_;
  const event_encoder& encoder_;
  const catalog& catalog_;
  const rate questions_per_official_;
  const routing_settings routing_;
  std::vector<boost::asio::any_io_executor> executors_;

  // Thread-safe themselves.
  histogram seconds_to_claim_{{5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600}};
  histogram seconds_to_answer_{{15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200}};

  // Taken under sessions_mutex_ by add(), never the other way round.
  mutable mutex tally_mutex_ HELPCHAT_ACQUIRED_AFTER(sessions_mutex_);
  question_tally tally_ HELPCHAT_GUARDED_BY(tally_mutex_);

  mutable shared_mutex sessions_mutex_;
  std::unordered_map<help_session_id, std::shared_ptr<hosted_session>> sessions_ HELPCHAT_GUARDED_BY(sessions_mutex_);
};

}  // namespace helpchat::chat
