#include "app/live/participant_directory.hpp"

#include <charconv>
#include <cstring>

namespace helpchat::app {

std::size_t participant_directory::digest_hash::operator()(const digest_bytes& digest) const noexcept {
  std::size_t hash = 0;
  std::memcpy(&hash, digest.data(), sizeof hash);
  return hash;
}

std::optional<participant_directory::digest_bytes> participant_directory::parse_digest(const std::string& hex) {
  digest_bytes bytes{};
  if (hex.size() != 2 * bytes.size()) return std::nullopt;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto [end, ec] = std::from_chars(hex.data() + 2 * i, hex.data() + 2 * i + 2, bytes[i], 16);
    if (ec != std::errc() || end != hex.data() + 2 * i + 2) return std::nullopt;
  }
  return bytes;
}

std::shared_ptr<const chat::participant> participant_directory::add_official(store::official_row official) {
  auto who = std::make_shared<const chat::participant>(std::move(official.who));
  // Digests are ours (auth::token_digest): one that does not parse cannot match any token, so it is not kept.
  const auto digest = parse_digest(official.token_digest);
  if (!digest) return who;
  writer_lock lock(mutex_);
  officials_[*digest] = known_official{who, official.session};
  return who;
}

std::shared_ptr<const chat::participant> participant_directory::official(const std::string& token_digest,
                                                                         help_session_id session) const {
  const auto digest = parse_digest(token_digest);
  if (!digest) return nullptr;
  reader_lock lock(mutex_);
  auto it = officials_.find(*digest);
  if (it == officials_.end() || it->second.session != session) return nullptr;
  return it->second.who;
}

void participant_directory::put_account(store::account_row account) {
  writer_lock lock(mutex_);
  if (account.disabled) {
    std::erase_if(logins_, [&](const auto& entry) { return entry.second.account == account.id; });
  }
  usernames_[account.id.value] = account.username;
  auto name = account.username;
  accounts_[name] = std::move(account);
}

std::optional<store::account_row> participant_directory::account(const std::string& username) const {
  reader_lock lock(mutex_);
  auto it = accounts_.find(username);
  if (it == accounts_.end()) return std::nullopt;
  return it->second;
}

void participant_directory::add_login(store::login_row login) {
  writer_lock lock(mutex_);
  auto digest = login.digest;
  logins_[digest] = std::move(login);
}

void participant_directory::remove_login(const std::string& digest) {
  writer_lock lock(mutex_);
  logins_.erase(digest);
}

std::optional<store::account_row> participant_directory::logged_in(const std::string& digest, utc_time now) const {
  reader_lock lock(mutex_);
  auto login = logins_.find(digest);
  if (login == logins_.end() || login->second.expires_at <= now) return std::nullopt;
  auto username = usernames_.find(login->second.account.value);
  if (username == usernames_.end()) return std::nullopt;
  auto account = accounts_.find(username->second);
  if (account == accounts_.end() || account->second.disabled) return std::nullopt;
  return account->second;
}

}  // namespace helpchat::app
