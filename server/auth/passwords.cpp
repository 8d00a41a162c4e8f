#include "auth/passwords.hpp"

#include <sodium.h>

#include <stdexcept>

namespace helpchat::auth {
namespace {

void ensure_sodium() {
  // sodium_init() is idempotent and thread-safe; a failure means no usable randomness, which is fatal.
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

}  // namespace

password_cost password_cost::interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

password_cost password_cost::minimum() { return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}; }

result<std::string> hash_password(std::string_view password, password_cost cost) {
  ensure_sodium();
  if (password.size() < 8)
    return error::of(error_code::invalid_message, "La contraseña debe tener al menos 8 caracteres.");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.ops, cost.memory_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return error::of(error_code::internal, "No hay memoria suficiente para calcular el hash de la contraseña.");
  }
  return std::string(out);
}

bool verify_password(std::string_view password, const std::string& stored_hash) {
  ensure_sodium();
  return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

std::string generate_password() {
  ensure_sodium();
  static constexpr std::string_view alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string password(20, ' ');
  for (char& c : password) c = alphabet[randombytes_uniform(static_cast<std::uint32_t>(alphabet.size()))];
  return password;
}

}  // namespace helpchat::auth
