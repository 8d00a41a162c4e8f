// What the help session needs to know about the form and the FAQ to decide a command: where a question about a
// field goes, which FAQ entries and agencies exist. The domain asks; the app answers from the form model and the
// FAQ library it loaded (app/form_catalog.hpp), so every reason to refuse a command is decided in one place.
//
// Thread-safety: implementations are called from every session strand at once.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace helpchat::chat {

// Where a question about one form field waits.
struct field_route {
  std::string field;    // the id as asked
  std::string section;  // the section it belongs to; empty for a general question
  std::string agency;   // the queue that receives it
};

class catalog {
 public:
  virtual ~catalog() = default;

  // The route of a question about `field` (a field id, a section id or "general"); none when the form has no such
  // field.
  virtual std::optional<field_route> locate(std::string_view field) const = 0;
  virtual bool has_faq_entry(std::string_view id) const = 0;
  virtual bool is_agency(std::string_view agency) const = 0;
};

}  // namespace helpchat::chat
