// Checks the FAQ content against the form model; backs `helpchat faq check`.
//
// Errors (the FAQ must not be served with them):
//   malformed_id     id empty or not kebab-case ("gel-fases-todas")
//   duplicate_id     two entries share an id
//   no_fields        an entry keyed to nothing
//   unknown_field    a field id form_model::locate does not know
//   empty_question, empty_answer   blank after trimming
//   unknown_status   neither "published" nor "draft"
//   broken_link      /faq#campo-ID to an unknown field, or /faq#entrada-ID to an unknown entry
// Warning:
//   uncovered_fields  form fields that no published entry answers, listed in one finding; a row field counts as
//                     covered when an entry names it bare ("fecha_fin") or in any section ("gel_fases.fecha_fin")
//
// Pure: `check` reads its arguments and returns a report; safe to call from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "faq/faq_catalog.hpp"
#include "faq/form_model.hpp"

namespace helpchat::faq {

enum class faq_problem {
  malformed_id,
  duplicate_id,
  no_fields,
  unknown_field,
  empty_question,
  empty_answer,
  unknown_status,
  broken_link,
  uncovered_fields,
};

struct faq_finding {
  faq_problem problem;
  std::string where;    // "gel_fases.json, entrada 'gel-fases-todas'"
  std::string message;  // Spanish, for the person editing the FAQ
};

struct faq_check_report {
  std::size_t entries_checked = 0;
  std::vector<faq_finding> errors;
  std::vector<faq_finding> warnings;
  std::vector<std::string> uncovered_fields;  // the ids behind the uncovered_fields warning, in form order

  bool ok() const { return errors.empty(); }
  // One line per finding ("ERROR …", "AVISO …") and a closing summary line, for the command line.
  std::string to_text() const;
};

class faq_validator {
 public:
  // Keeps a reference: `form` must outlive the validator.
  explicit faq_validator(const form_model& form) : form_(form) {}

  faq_check_report check(const faq_catalog& catalog) const;

 private:
  const form_model& form_;
};

}  // namespace helpchat::faq
