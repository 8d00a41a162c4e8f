// The JSON API under /api/ and the operational endpoints (/healthz, /readyz, /metrics), as listed in
// docs/protocol.md ("HTTP API"). Reads come from memory (the event logs, the form model, the entity directory);
// writes (logins) go through the transcript writer; password checks run on a worker thread, never an io thread.
// Thread-safety: handle() may run on any io thread concurrently; the state it touches is thread-safe.
#pragma once

#include <atomic>
#include <boost/asio/thread_pool.hpp>
#include <functional>
#include <unordered_map>

#include "app/api/faq_api.hpp"
#include "app/api/similar_questions.hpp"
#include "app/live/participant_directory.hpp"
#include "app/live/room_hub.hpp"
#include "chat/chat_service.hpp"
#include "common/logger.hpp"
#include "common/mutex.hpp"
#include "common/token_bucket.hpp"
#include "faq/entity_directory.hpp"
#include "faq/form_model.hpp"
#include "net/http_types.hpp"
#include "store/transcript_writer.hpp"
#include "store/wal_checkpointer.hpp"

namespace helpchat::app {

class api_handler final : public net::http_handler {
 public:
  struct dependencies {
    chat::chat_service& chat;
    room_hub& hub;
    faq_api& faq;
    similar_questions& similar;
    participant_directory& directory;
    store::transcript_writer& writer;
    const store::wal_checkpointer& checkpointer;
    const faq::form_model& form;
    const faq::entity_directory& entities;
    const chat::clock& clock;
    const helpchat::limits& limits;
    logger& log;
  };
  explicit api_handler(dependencies deps);
  ~api_handler() override;

  void handle(const net::http_request& request, const net::http_context& context,
              std::function<void(net::http_response)> respond) override;

  // While draining, /readyz answers 503 so a load balancer stops sending new clients.
  void set_draining() { draining_ = true; }

 private:
  using respond_fn = std::function<void(net::http_response)>;
  void login(const net::http_request& request, const net::http_context& context, respond_fn respond);
  // On the password pool: the slow part of login(), then the login row through the writer.
  void check_password(const std::string& username, const std::string& password, unsigned version, bool secure,
                      const std::string& remote, const respond_fn& respond);
  void logout(const net::http_request& request, const net::http_context& context, respond_fn respond);
  net::http_response me(const net::http_request& request) const;
  net::http_response sessions(const net::http_request& request) const;
  net::http_response transcript(const net::http_request& request, const net::request_target& target,
                                help_session_id id) const;
  net::http_response export_file(const net::http_request& request, const net::request_target& target,
                                 help_session_id id) const;
  net::http_response similar(const net::http_request& request, const net::request_target& target,
                             help_session_id id) const;
  net::http_response entities(const net::http_request& request, const net::request_target& target) const;
  net::http_response metrics(const net::http_request& request) const;

  // Whether `address` may try another login now (a token bucket per address).
  bool may_try_login(const std::string& address);

  dependencies deps_;
  boost::asio::thread_pool password_checks_{1};
  mutex login_attempts_mutex_;
  // By address.
  std::unordered_map<std::string, token_bucket> login_attempts_ HELPCHAT_GUARDED_BY(login_attempts_mutex_);
  std::atomic<bool> draining_{false};
};

}  // namespace helpchat::app
