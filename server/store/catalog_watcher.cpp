#include "store/catalog_watcher.hpp"

#include "store/session_store.hpp"

namespace helpchat::store {
namespace {

bool same_account(const account_row& a, const account_row& b) {
  return a.id == b.id && a.username == b.username && a.password_hash == b.password_hash && a.disabled == b.disabled &&
         a.who.id == b.who.id && a.who.role == b.who.role && a.who.name == b.who.name && a.who.agency == b.who.agency &&
         a.who.sections == b.who.sections;
}

}  // namespace

result<catalog_watcher> catalog_watcher::open(database db) {
  catalog_watcher watcher(std::move(db));
  if (auto first = watcher.poll(); !first) return first.failure();
  return watcher;
}

result<std::int64_t> catalog_watcher::read_version() {
  auto query = db_.prepare("SELECT version FROM catalog_version WHERE id = 1");
  if (!query) return query.failure();
  auto row = query->step();
  if (!row) return row.failure();
  if (!*row) return error::of(error_code::unavailable, "catalog_version has no row");
  return query->column_int(0);
}

result<catalog_watcher::changes> catalog_watcher::poll() {
  // The version is read before the tables: a write committed in between is then either in what is read now (and
  // read again, unchanged, next time) or in what is read next time — never missed.
  auto version = read_version();
  if (!version) return version.failure();
  if (*version == version_) return changes{};
  auto sessions = load_help_sessions_after(db_, newest_session_);
  if (!sessions) return sessions.failure();
  auto accounts = load_accounts(db_);
  if (!accounts) return accounts.failure();

  version_ = *version;
  if (!sessions->empty()) newest_session_ = sessions->back().id;
  changes found;
  found.added_sessions = std::move(sessions).value();
  for (auto& account : *accounts) {
    auto [known, added] = accounts_.try_emplace(account.id.value, account);
    if (!added) {
      if (same_account(known->second, account)) continue;
      known->second = account;
    }
    found.changed_accounts.push_back(std::move(account));
  }
  return found;
}

}  // namespace helpchat::store
