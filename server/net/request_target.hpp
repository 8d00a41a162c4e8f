// A request's target ("/api/faq/search?q=caf%C3%A9&limit=5", RFC 9112 origin-form) parsed with Boost.URL:
// the path split into segments, the query into parameters, everything percent-decoded (`+` is a space in the query,
// as browsers' URLSearchParams writes it) and checked to be UTF-8 once decoded. A target that is not origin-form,
// has a malformed escape ("%G1", "%") or decodes to bytes that are not UTF-8 is refused: what a handler reads from
// here may go into JSON as it is.
// A plain value; thread-safe to read.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.hpp"

namespace helpchat::net {

class request_target {
 public:
  struct parameter {
    std::string name;
    std::string value;  // "" for "?name" without '='
  };

  // invalid_message, with a Spanish sentence, when the target is malformed or not UTF-8 once decoded.
  static result<request_target> parse(std::string_view target);

  // Decoded, e.g. "/api/sessions/7" ("%2F" decodes to '/': look at segments() to tell them apart).
  const std::string& path() const { return path_; }
  // The decoded path segments: "/api/sessions/7/" → {"api", "sessions", "7", ""}; "/" → {}.
  const std::vector<std::string>& segments() const { return segments_; }
  // Every query parameter in order, repeats included.
  const std::vector<parameter>& parameters() const { return parameters_; }
  // The first value of parameter `name`, or nothing when it is absent.
  std::optional<std::string_view> find(std::string_view name) const;

 private:
  std::string path_;
  std::vector<std::string> segments_;
  std::vector<parameter> parameters_;
};

}  // namespace helpchat::net
