// Password hashing for moderator and admin accounts: Argon2id through libsodium's crypto_pwhash_str, whose output
// carries its own salt and parameters, so stored hashes stay verifiable when the parameters are raised later.
// Hashing is deliberately slow (tens of milliseconds): never call it on an io thread.
// Thread-safe (libsodium is initialised once by the first call).
#pragma once

#include <string>
#include <string_view>

#include "common/result.hpp"

namespace helpchat::auth {

struct password_cost {
  unsigned long long ops;
  std::size_t memory_bytes;
  // libsodium's interactive limits: about 64 MiB and well under a second.
  static password_cost interactive();
  // For tests only: the minimum libsodium allows, so suites stay fast.
  static password_cost minimum();
};

result<std::string> hash_password(std::string_view password, password_cost cost = password_cost::interactive());
bool verify_password(std::string_view password, const std::string& stored_hash);

// A random password for generated accounts (demo), 20 characters from an unambiguous alphabet.
std::string generate_password();

}  // namespace helpchat::auth
