// A fresh, empty directory under the system's temporary directory, removed with everything in it when the object
// goes away. For tests that need real files (an SQLite database, a config file, a web root). Not thread-safe to
// share; each test makes its own.
#pragma once

#include <filesystem>

namespace helpchat::testing {

class temp_directory {
 public:
  temp_directory();
  ~temp_directory();
  temp_directory(const temp_directory&) = delete;
  temp_directory& operator=(const temp_directory&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace helpchat::testing
