#include "auth/tokens.hpp"

#include <gtest/gtest.h>

#include <set>

namespace helpchat::auth {
namespace {

TEST(tokens, are_32_random_bytes_in_base64url) {
  auto token = generate_token();
  EXPECT_EQ(token.size(), 43u) << "32 bytes, base64 without padding";
  EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos)
      << token << " must be safe in a cookie and a URL";
}

TEST(tokens, never_repeat) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(seen.insert(generate_token()).second);
}

TEST(tokens, digest_is_hex_sha256) {
  EXPECT_EQ(token_digest(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(token_digest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(tokens, digest_is_stable_and_distinguishes_tokens) {
  auto token = generate_token();
  EXPECT_EQ(token_digest(token), token_digest(token));
  EXPECT_NE(token_digest(token), token_digest(generate_token()));
  EXPECT_EQ(token_digest(token).size(), 64u);
  EXPECT_EQ(token_digest(token).find(token), std::string::npos) << "the digest does not contain the token";
}

}  // namespace
}  // namespace helpchat::auth
