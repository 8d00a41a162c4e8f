// The web client, served from memory: every file under the web root is read (and gzip-compressed) once at start,
// so a request costs no disk I/O and no path can reach outside the root — only files found at start exist.
// `/` is index.html and `/name` is name.html. Thread-safe after construction (read-only).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "net/http_types.hpp"

namespace helpchat::net {

class static_files {
 public:
  static result<static_files> load(const std::filesystem::path& root);

  // The response for a GET or HEAD of `target`, or nothing when no such file exists.
  std::optional<http_response> respond(const http_request& request) const;

  std::size_t file_count() const { return files_.size(); }

 private:
  struct file {
    std::string content;
    std::string gzipped;  // empty when compression does not pay
    std::string content_type;
    std::string etag;
  };
  const file* find(std::string_view path) const;

  std::map<std::string, file, std::less<>> files_;  // by URL path, e.g. "/js/connection.js"
};

}  // namespace helpchat::net
