// A chat::catalog over a small fixed table, for the domain's unit tests. The real one (app::form_catalog over
// faq/form.json and the FAQ) is what the gateway, integration and browser tests run against.
#pragma once

#include <map>
#include <set>
#include <string>

#include "chat/catalog.hpp"

namespace helpchat::testing {

class table_catalog final : public chat::catalog {
 public:
  // One field for each agency's section, and a general question for triage.
  table_catalog()
      : fields_{{"gel_fase", {"gel_fase", "gel", "mintic-gel"}},
                {"servicio_canales", {"servicio_canales", "servicio", "dnp-pnsc"}},
                {"talento_plan", {"talento_plan", "talento", "dafp"}},
                {"general", {"general", "", "triage"}}},
        faq_entries_{"gel-fases-todas"},
        agencies_{"mintic-gel", "dnp-pnsc", "dafp", "triage"} {}

  // The table's field whose questions go to `agency`.
  static std::string field_for(std::string_view agency) {
    if (agency == "mintic-gel") return "gel_fase";
    if (agency == "dnp-pnsc") return "servicio_canales";
    if (agency == "dafp") return "talento_plan";
    return "general";
  }

  std::optional<chat::field_route> locate(std::string_view field) const override {
    auto it = fields_.find(field);
    if (it == fields_.end()) return std::nullopt;
    return it->second;
  }
  bool has_faq_entry(std::string_view id) const override { return faq_entries_.contains(id); }
  bool is_agency(std::string_view agency) const override { return agencies_.contains(agency); }

 private:
  std::map<std::string, chat::field_route, std::less<>> fields_;
  std::set<std::string, std::less<>> faq_entries_;
  std::set<std::string, std::less<>> agencies_;
};

}  // namespace helpchat::testing
