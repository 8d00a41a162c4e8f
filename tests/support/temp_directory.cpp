#include "support/temp_directory.hpp"

#include <random>
#include <string>
#include <system_error>

namespace helpchat::testing {

temp_directory::temp_directory() {
  std::random_device random;
  path_ =
      std::filesystem::temp_directory_path() / ("helpchat-test-" + std::to_string(random()) + std::to_string(random()));
  std::filesystem::create_directories(path_);
}

temp_directory::~temp_directory() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace helpchat::testing
