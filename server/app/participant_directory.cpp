#include "app/participant_directory.hpp"

#include <mutex>

namespace helpchat::app {

std::shared_ptr<const chat::participant> participant_directory::add_official(store::official_row official) {
  auto who = std::make_shared<const chat::participant>(std::move(official.who));
  std::unique_lock lock(mutex_);
  officials_[std::move(official.token_digest)] = known_official{who, official.session};
  return who;
}

std::shared_ptr<const chat::participant> participant_directory::official(const std::string& token_digest,
                                                                         help_session_id session) const {
  std::shared_lock lock(mutex_);
  auto it = officials_.find(token_digest);
  if (it == officials_.end() || it->second.session != session) return nullptr;
  return it->second.who;
}

void participant_directory::put_account(store::account_row account) {
  std::unique_lock lock(mutex_);
  usernames_[account.id.value] = account.username;
  auto name = account.username;
  accounts_[name] = std::move(account);
}

std::optional<store::account_row> participant_directory::account(const std::string& username) const {
  std::shared_lock lock(mutex_);
  auto it = accounts_.find(username);
  if (it == accounts_.end()) return std::nullopt;
  return it->second;
}

void participant_directory::add_login(store::login_row login) {
  std::unique_lock lock(mutex_);
  auto digest = login.digest;
  logins_[digest] = std::move(login);
}

void participant_directory::remove_login(const std::string& digest) {
  std::unique_lock lock(mutex_);
  logins_.erase(digest);
}

std::optional<store::account_row> participant_directory::logged_in(const std::string& digest, utc_time now) const {
  std::shared_lock lock(mutex_);
  auto login = logins_.find(digest);
  if (login == logins_.end() || login->second.expires_at <= now) return std::nullopt;
  auto username = usernames_.find(login->second.account.value);
  if (username == usernames_.end()) return std::nullopt;
  auto account = accounts_.find(username->second);
  if (account == accounts_.end() || account->second.disabled) return std::nullopt;
  return account->second;
}

std::size_t participant_directory::official_count() const {
  std::shared_lock lock(mutex_);
  return officials_.size();
}

}  // namespace helpchat::app
