// Keeps the running server in step with the help sessions and moderator accounts that `helpchat session create`
// and `helpchat moderator add|passwd|disable|edit` write from a process of their own (catalog_watcher finds them):
// - a new help session is hosted by the chat_service: listed, joinable, moved along its schedule by the next tick;
// - a new or changed account replaces the directory's copy, so that logins, passwords and login cookies (HTTP API
//   and WebSocket joins) follow it at once, and a moderator's next join carries their new name, agency and sections;
// - a disabled account's open moderator connections are closed with 1008 and a reason in Spanish.
//
// Thread-safety: none needed; the server's control thread calls sync() once a second, before chat_service::tick().
// What it changes (chat_service, participant_directory, room_hub) is thread-safe.
#pragma once

#include "app/live/participant_directory.hpp"
#include "app/live/room_hub.hpp"
#include "chat/chat_service.hpp"
#include "common/logger.hpp"
#include "store/catalog_watcher.hpp"

namespace helpchat::app {

class catalog_sync {
 public:
  struct dependencies {
    chat::chat_service& chat;
    participant_directory& directory;
    room_hub& hub;
    logger& log;
  };
  catalog_sync(store::catalog_watcher watcher, dependencies deps);

  // Applies what changed since the last call. A failed read is logged (once until it works again) and retried at
  // the next call; nothing is lost meanwhile.
  void sync();

 private:
  store::catalog_watcher watcher_;
  dependencies deps_;
  bool failing_ = false;  // the last poll failed and was logged
};

}  // namespace helpchat::app
