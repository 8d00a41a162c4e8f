// The FAQ part of the JSON API (docs/protocol.md, "FAQ"):
//   GET  /api/faq[?field=ID]                  published entries, grouped by section and field (or one field's)
//   GET  /api/faq/search?q=&field=&limit=     best matches first
//   GET  /api/faq/drafts                      proposals (moderators)
//   POST /api/faq/drafts {session, answer}    propose a live answer as an entry (moderators)
//   PUT  /api/faq/drafts/ID {…}               edit (owning agency's moderators, admins)
//   POST /api/faq/drafts/ID/publish|discard   (owning agency's moderators, admins)
// Thread-safety: handle() may run on any io thread; drafts are guarded by a mutex, writes go through the
// transcript writer and the in-memory copy changes only once they are committed.
#pragma once

#include <map>

#include "app/faq_library.hpp"
#include "app/live/participant_directory.hpp"
#include "chat/chat_service.hpp"
#include "chat/clock.hpp"
#include "common/logger.hpp"
#include "common/mutex.hpp"
#include "faq/form_model.hpp"
#include "net/http_types.hpp"
#include "store/transcript_writer.hpp"

namespace helpchat::app {

class faq_api {
 public:
  struct dependencies {
    faq_library& library;
    chat::chat_service& chat;
    participant_directory& directory;
    store::transcript_writer& writer;
    const faq::form_model& form;
    const chat::clock& clock;
    logger& log;
  };
  faq_api(dependencies deps, std::vector<store::faq_draft> drafts);

  // Paths under /api/faq.
  static bool handles(const net::request_target& target);
  void handle(const net::http_request& request, const net::request_target& target,
              std::function<void(net::http_response)> respond);

 private:
  using respond_fn = std::function<void(net::http_response)>;
  net::http_response entries(const net::http_request& request, const net::request_target& target) const;
  net::http_response search(const net::http_request& request, const net::request_target& target) const;
  net::http_response list_drafts(const net::http_request& request) const;
  void propose(const net::http_request& request, const store::account_row& who, respond_fn respond);
  void change(const net::http_request& request, const store::account_row& who, std::int64_t id, std::string_view action,
              respond_fn respond);
  // Writes `draft` and, once committed, keeps it (and publishes it into the library when published).
  void save(const net::http_request& request, store::faq_draft draft, bool is_new, respond_fn respond);

  dependencies deps_;
  mutable mutex mutex_;
  std::map<std::int64_t, store::faq_draft> drafts_ HELPCHAT_GUARDED_BY(mutex_);  // by id
};

}  // namespace helpchat::app
