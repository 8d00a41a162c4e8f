#include "app/catalog_sync.hpp"

namespace helpchat::app {

catalog_sync::catalog_sync(store::catalog_watcher watcher, dependencies deps)
    : watcher_(std::move(watcher)), deps_(deps) {}

void catalog_sync::sync() {
  auto changes = watcher_.poll();
  if (!changes) {
    if (!failing_) deps_.log.warn("catalog_poll_failed", {{"reason", changes.failure().message}});
    failing_ = true;
    return;
  }
  failing_ = false;

  for (auto& info : changes->added_sessions) {
    // Already hosted when it committed between the watcher's first look and the server's loading at start.
    if (deps_.chat.view(info.id)) continue;
    deps_.log.info("help_session_added", {{"session", info.id.value}});
    // A help session this server has never hosted has no transcript yet: only its chat_service writes events.
    deps_.chat.add(std::move(info), {});
  }

  for (auto& account : changes->changed_accounts) {
    const auto who = account.who.id;
    const bool disabled = account.disabled;
    deps_.log.info("account_changed", {{"account", account.id.value}, {"disabled", disabled}});
    // The directory first: a moderator join decided before this line is on its shard already and is closed below;
    // one decided after it is refused.
    deps_.directory.put_account(std::move(account));
    if (disabled) {
      deps_.hub.close_connections_of(who, net::close_code::policy_violation, "Su cuenta de moderador fue desactivada.");
    }
  }
}

}  // namespace helpchat::app
