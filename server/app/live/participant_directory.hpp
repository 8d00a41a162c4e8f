// Who is who, in memory: officials by the digest of their rejoin token, accounts by username, and open moderator
// logins by the digest of their cookie token. Loaded from the database at start and kept in step by the callers
// after each write commits — and, for what the CLI writes from its own process, by app::catalog_sync — so that a
// join or a login check never waits on the disk.
// Thread-safe: a shared_mutex; lookups copy the small records out.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "common/mutex.hpp"
#include "store/participant_store.hpp"

namespace helpchat::app {

class participant_directory {
 public:
  // Returns the record kept, which the official's connections share (one copy per official, however many
  // times it rejoins).
  std::shared_ptr<const chat::participant> add_official(store::official_row official);
  // The official holding `token_digest`, if that token was issued for `session`.
  std::shared_ptr<const chat::participant> official(const std::string& token_digest, help_session_id session) const;

  // Adds or replaces the account (found by username). A disabled account loses its logins here as in the
  // database (store::set_account_disabled), so that enabling it again would not revive old cookies.
  void put_account(store::account_row account);
  std::optional<store::account_row> account(const std::string& username) const;

  void add_login(store::login_row login);
  void remove_login(const std::string& digest);
  // The moderator or admin behind a login cookie still valid at `now`.
  std::optional<store::account_row> logged_in(const std::string& digest, utc_time now) const;

 private:
  mutable shared_mutex mutex_;
  struct known_official {
    std::shared_ptr<const chat::participant> who;
    help_session_id session;
  };
  // A token digest as its 32 bytes rather than 64 hex characters: the key sits inline, with no string of its
  // own per official (thousands are held).
  using digest_bytes = std::array<std::uint8_t, 32>;
  struct digest_hash {
    // A SHA-256 is uniformly distributed already: any 8 of its bytes are a good hash. noexcept, so the map does
    // not store the hash beside each key.
    std::size_t operator()(const digest_bytes& digest) const noexcept;
  };
  static std::optional<digest_bytes> parse_digest(const std::string& hex);

  std::unordered_map<digest_bytes, known_official, digest_hash> officials_ HELPCHAT_GUARDED_BY(mutex_);
  std::unordered_map<std::string, store::account_row> accounts_ HELPCHAT_GUARDED_BY(mutex_);  // by username
  std::unordered_map<std::int64_t, std::string> usernames_ HELPCHAT_GUARDED_BY(mutex_);       // account id → username
  std::unordered_map<std::string, store::login_row> logins_ HELPCHAT_GUARDED_BY(mutex_);      // by digest
};

}  // namespace helpchat::app
