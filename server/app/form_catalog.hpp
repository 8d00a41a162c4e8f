// The help sessions' view of the form and the FAQ (chat::catalog), answered from the form model loaded at start
// and the FAQ library as it is now (drafts published while the server runs count at once).
//
// Thread-safety: as its parts — the form model is constant after load, the FAQ library is thread-safe.
#pragma once

#include "app/faq_library.hpp"
#include "chat/catalog.hpp"
#include "faq/form_model.hpp"

namespace helpchat::app {

class form_catalog final : public chat::catalog {
 public:
  // Both must outlive the catalog.
  form_catalog(const faq::form_model& form, const faq_library& faq) : form_(form), faq_(faq) {}

  std::optional<chat::field_route> locate(std::string_view field) const override {
    auto route = form_.locate(field);
    if (!route) return std::nullopt;
    return chat::field_route{std::move(route->field_id), std::move(route->section_id), std::move(route->agency)};
  }
  bool has_faq_entry(std::string_view id) const override { return faq_.has_entry(id); }
  bool is_agency(std::string_view agency) const override { return form_.is_agency(agency); }

 private:
  const faq::form_model& form_;
  const faq_library& faq_;
};

}  // namespace helpchat::app
