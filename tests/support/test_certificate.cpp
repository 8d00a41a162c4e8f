#include "support/test_certificate.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace helpchat::testing {

test_certificate::test_certificate() {
  const std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -keyout " + key().string() + " -out " +
                              certificate().string() + " -subj /CN=127.0.0.1 -days 1 2>/dev/null";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("openssl could not make a test certificate");
}

}  // namespace helpchat::testing
