// The Plan de Acción form as data (faq/form.json): the agencies that answer questions, the sections with their
// own fields, and the activity-row fields shared by the component sections. It tells the rest of the server what
// a field id means and which agency's queue a question about it goes to.
//
// Ids a question may be keyed to (what `locate` accepts):
//   "gel_fase"             a section's own field          → that section's owner
//   "gel_fases.fecha_fin"  a row field within a section   → that section's owner (the section must have rows)
//   "fecha_fin"            a row field, section unknown   → triage
//   "gel_fases"            a section                      → its owner
//   "general"                                             → triage
//
// Built once at start-up and never changed: a `form_model` is immutable after `parse`, so any number of threads
// may read one concurrently.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace helpchat::faq {

struct agency {
  std::string id;          // "mintic-gel", "dnp-pnsc", "dafp", "triage"
  std::string name;        // full name
  std::string short_name;  // for narrow places in the UI ("short" in form.json)
};

// One entry of a closed list: `value` goes on the wire, `label` is shown.
struct field_option {
  std::string value;
  std::string label;
};

struct form_field {
  std::string id;
  std::string label;
  std::string help;                   // one line shown beside the field
  std::vector<field_option> options;  // empty when the answer is free text
};

struct form_section {
  std::string id;
  std::string title;
  std::string owner;                    // agency id that answers questions about the section
  std::optional<std::string> co_owner;  // an agency that shares the subject (rendición de cuentas: DNP with DAFP)
  std::string description;
  bool has_rows = false;  // true: the section also holds activity rows made of the form's row fields
  std::vector<form_field> fields;
};

// Where a question keyed to an id goes, and how to name that place to people.
struct field_route {
  std::string field_id;    // the id as asked ("gel_fases.fecha_fin")
  std::string section_id;  // empty for "general" and for a bare row field
  std::string agency;      // the agency whose queue receives the question
  std::string label;       // "Implementación de las fases de Gobierno en línea › Plazo"
};

class form_model {
 public:
  static constexpr std::string_view general_id = "general";
  static constexpr std::string_view triage_agency = "triage";

  // Reads and validates form.json. Fails with `not_found` when the file cannot be read and `invalid_message`
  // naming the bad item ("sección 'gel_fases': dueño desconocido 'mintic'") when its content is wrong.
  static result<form_model> load_file(const std::filesystem::path& path);
  static result<form_model> parse(std::string_view json_text);

  const std::string& title() const { return title_; }
  const std::vector<agency>& agencies() const { return agencies_; }
  const std::vector<form_field>& row_fields() const { return row_fields_; }
  const std::vector<form_section>& sections() const { return sections_; }

  const form_section* find_section(std::string_view section_id) const;
  bool is_agency(std::string_view agency_id) const;
  // Nothing when `id` is none of the forms listed at the top of this file.
  std::optional<field_route> locate(std::string_view id) const;

  // The model as compact JSON for `GET /api/form`, in form.json's shape; serialized once by `parse`.
  const std::string& json_text() const { return json_text_; }

 private:
  form_model() = default;

  std::string title_;
  std::vector<agency> agencies_;
  std::vector<form_field> row_fields_;
  std::vector<form_section> sections_;
  // Every id `locate` accepts, qualified row fields included, resolved once at load.
  std::map<std::string, field_route, std::less<>> routes_;
  std::string json_text_;
};

}  // namespace helpchat::faq
