// Notices help sessions and moderator accounts that another process commits to the database — `helpchat session
// create`, `helpchat moderator add|passwd|disable|edit` — so that a running server takes them up without a restart.
//
// poll() reads one row, `catalog_version` (migration 003), which triggers bump on every insert into help_sessions,
// every insert or update of accounts and every update of an account's participant row (name, agency, sections;
// migration 005). Only when it has moved does poll() read the help sessions newer than the
// newest it knows (help sessions are never edited, and ids only grow) and the accounts table (a few dozen rows),
// and return what is new or different since the previous poll. The transcript writer's constant commits never
// touch that row, so a busy server polls as cheaply as an idle one.
//
// Owns its connection, a reader: in WAL mode it neither waits for the writer nor holds it up, and every statement
// of a poll runs to its end before poll() returns, so no read transaction outlives it to keep a checkpoint from
// resetting the WAL.
// Not thread-safe: one thread polls (the server's control thread, once a second).
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "chat/help_session.hpp"
#include "common/result.hpp"
#include "store/database.hpp"
#include "store/participant_store.hpp"

namespace helpchat::store {

class catalog_watcher {
 public:
  struct changes {
    std::vector<chat::help_session_info> added_sessions;  // by id
    std::vector<account_row> changed_accounts;            // new, or any of its columns differs from last time
    bool empty() const { return added_sessions.empty() && changed_accounts.empty(); }
  };

  // Takes what `db` (migrated) holds now as known: poll() reports only what differs from it.
  static result<catalog_watcher> open(database db);

  // What changed since the previous poll (or open). On failure nothing is taken as seen: the next poll reports it.
  result<changes> poll();

 private:
  explicit catalog_watcher(database db) : db_(std::move(db)) {}
  result<std::int64_t> read_version();

  database db_;
  std::int64_t version_ = -1;  // catalog_version as of the last successful poll; -1 before the first
  help_session_id newest_session_{0};
  std::unordered_map<std::int64_t, account_row> accounts_;  // by account id, as of the last successful poll
};

}  // namespace helpchat::store
