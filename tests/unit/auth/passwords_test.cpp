#include "auth/passwords.hpp"

#include <gtest/gtest.h>

namespace helpchat::auth {
namespace {

// The cheapest cost libsodium allows keeps this suite fast; verification reads the cost from the hash itself.
std::string hashed(std::string_view password) {
  auto hash = hash_password(password, password_cost::minimum());
  if (!hash) {
    ADD_FAILURE() << hash.failure().message;
    return {};
  }
  return std::move(hash).value();
}

TEST(passwords, hash_then_verify_accepts_the_password) {
  auto hash = hashed("correcto caballo batería");
  EXPECT_TRUE(hash.starts_with("$argon2id$")) << hash;
  EXPECT_TRUE(verify_password("correcto caballo batería", hash));
}

TEST(passwords, wrong_password_is_refused) {
  auto hash = hashed("correcto caballo batería");
  EXPECT_FALSE(verify_password("correcto caballo bateria", hash));
  EXPECT_FALSE(verify_password("", hash));
  EXPECT_FALSE(verify_password("correcto caballo batería ", hash));
}

TEST(passwords, short_password_is_refused) {
  auto hash = hash_password("1234567", password_cost::minimum());
  ASSERT_FALSE(hash.ok());
  EXPECT_EQ(hash.failure().code, error_code::invalid_message);
  EXPECT_NE(hash.failure().message.find('8'), std::string::npos) << hash.failure().message;
  EXPECT_TRUE(hash_password("12345678", password_cost::minimum()).ok()) << "eight is enough";
}

TEST(passwords, two_hashes_of_one_password_differ) {
  auto first = hashed("correcto caballo batería");
  auto second = hashed("correcto caballo batería");
  EXPECT_NE(first, second) << "each hash has its own salt";
  EXPECT_TRUE(verify_password("correcto caballo batería", first));
  EXPECT_TRUE(verify_password("correcto caballo batería", second));
}

TEST(passwords, a_damaged_hash_verifies_nothing) {
  EXPECT_FALSE(verify_password("correcto caballo batería", ""));
  EXPECT_FALSE(verify_password("correcto caballo batería", "not a hash"));
  auto hash = hashed("correcto caballo batería");
  hash.back() = hash.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(verify_password("correcto caballo batería", hash));
}

TEST(passwords, generated_passwords_are_long_unambiguous_and_different) {
  auto first = generate_password();
  auto second = generate_password();
  EXPECT_EQ(first.size(), 20u);
  EXPECT_NE(first, second);
  for (char c : first + second) {
    EXPECT_EQ(std::string_view("0O1lI").find(c), std::string_view::npos) << "ambiguous character " << c;
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << c;
  }
  EXPECT_TRUE(verify_password(first, hashed(first)));
}

}  // namespace
}  // namespace helpchat::auth
