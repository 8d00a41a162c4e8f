// A self-signed certificate for 127.0.0.1 and its key (PEM), made by openssl in a temporary directory that goes
// away with the object: for integration tests of the TLS server. Make one per test suite (RSA key generation is
// the slow part).
#pragma once

#include <filesystem>

#include "support/temp_directory.hpp"

namespace helpchat::testing {

class test_certificate {
 public:
  // Throws std::runtime_error when openssl cannot make it.
  test_certificate();

  std::filesystem::path certificate() const { return directory_.path() / "cert.pem"; }
  std::filesystem::path key() const { return directory_.path() / "key.pem"; }

 private:
  temp_directory directory_;
};

}  // namespace helpchat::testing
