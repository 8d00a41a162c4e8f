// An immutable string that copies share instead of duplicating: for a text repeated in thousands of records (an
// entity's name in every official's profile and in every question they ask). A copy is a reference count.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <string_view>

namespace helpchat {

class shared_text {
 public:
  shared_text() = default;
  shared_text(std::string text)  // NOLINT(google-explicit-constructor): stands in for a std::string
      : text_(std::make_shared<const std::string>(std::move(text))) {}
  shared_text(const char* text) : shared_text(std::string(text)) {}  // NOLINT(google-explicit-constructor)

  const std::string& str() const { return text_ ? *text_ : empty_text(); }
  operator const std::string&() const { return str(); }  // NOLINT(google-explicit-constructor)

  friend bool operator==(const shared_text& a, std::string_view b) { return a.str() == b; }
  friend std::ostream& operator<<(std::ostream& out, const shared_text& text) { return out << text.str(); }

 private:
  static const std::string& empty_text() {
    static const std::string empty;
    return empty;
  }

  std::shared_ptr<const std::string> text_;
};

}  // namespace helpchat
