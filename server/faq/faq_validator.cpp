#include "faq/faq_validator.hpp"

#include <map>
#include <set>
#include <string_view>

namespace helpchat::faq {
namespace {

constexpr std::string_view field_link = "/faq#campo-";
constexpr std::string_view entry_link = "/faq#entrada-";

bool is_kebab_case(std::string_view id) {
  if (id.empty() || id.front() == '-' || id.back() == '-') return false;
  char previous = 0;
  for (char c : id) {
    bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!allowed || (c == '-' && previous == '-')) return false;
    previous = c;
  }
  return true;
}

bool is_blank(std::string_view text) { return text.find_first_not_of(" \t\r\n") == std::string_view::npos; }

bool is_link_id_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

// The ids after each occurrence of `prefix` in `text`. A trailing dot is the end of a sentence, not of the id.
std::vector<std::string> link_targets(std::string_view text, std::string_view prefix) {
  std::vector<std::string> targets;
  for (std::size_t at = text.find(prefix); at != std::string_view::npos; at = text.find(prefix, at + 1)) {
    std::size_t start = at + prefix.size();
    std::size_t end = start;
    while (end < text.size() && is_link_id_character(text[end])) ++end;
    std::string_view target = text.substr(start, end - start);
    while (!target.empty() && target.back() == '.') target.remove_suffix(1);
    targets.emplace_back(target);
  }
  return targets;
}

std::string where_of(const faq_entry& entry, std::size_t index) {
  if (entry.id.empty()) return entry.source + ", entrada #" + std::to_string(index + 1);
  return entry.source + ", entrada '" + entry.id + "'";
}

// The row field a field id names, bare or qualified: "gel_fases.fecha_fin" → "fecha_fin"; other ids → "".
std::string row_field_of(const form_model& form, std::string_view id) {
  std::string_view tail = id.substr(id.find('.') == std::string_view::npos ? 0 : id.find('.') + 1);
  for (const auto& row_field : form.row_fields()) {
    if (row_field.id == tail) return row_field.id;
  }
  return "";
}

}  // namespace

faq_check_report faq_validator::check(const faq_catalog& catalog) const {
  faq_check_report report;
  const auto& entries = catalog.entries();
  report.entries_checked = entries.size();
  auto add_error = [&report](faq_problem problem, std::string where, std::string message) {
    report.errors.push_back({problem, std::move(where), std::move(message)});
  };

  std::map<std::string, std::string, std::less<>> first_source_of_id;
  for (const auto& entry : entries) first_source_of_id.emplace(entry.id, entry.source);
  std::map<std::string, int, std::less<>> seen_ids;
  std::set<std::string, std::less<>> covered;

  for (std::size_t i = 0; i < entries.size(); ++i) {
    const faq_entry& entry = entries[i];
    std::string where = where_of(entry, i);
    if (!is_kebab_case(entry.id)) {
      add_error(faq_problem::malformed_id, where, "el id debe estar en minúsculas, con palabras unidas por guiones");
    } else if (++seen_ids[entry.id] == 2) {
      add_error(faq_problem::duplicate_id, where,
                "el id '" + entry.id + "' ya lo usa otra entrada (en " + first_source_of_id[entry.id] + ")");
    }
    if (entry.fields.empty()) {
      add_error(faq_problem::no_fields, where, "'fields' está vacío: diga qué campo o sección responde");
    }
    for (const auto& field : entry.fields) {
      if (!form_.locate(field)) {
        add_error(faq_problem::unknown_field, where, "campo desconocido '" + field + "'");
      } else if (entry.status == faq_catalog::published) {
        covered.insert(field);
        if (auto row_field = row_field_of(form_, field); !row_field.empty()) covered.insert(row_field);
      }
    }
    if (is_blank(entry.question)) add_error(faq_problem::empty_question, where, "la pregunta está vacía");
    if (is_blank(entry.answer)) add_error(faq_problem::empty_answer, where, "la respuesta está vacía");
    if (entry.status != faq_catalog::published && entry.status != faq_catalog::draft) {
      add_error(faq_problem::unknown_status, where,
                "estado desconocido '" + entry.status + "': use \"published\" o \"draft\"");
    }
    for (std::string_view text : {std::string_view(entry.question), std::string_view(entry.answer)}) {
      for (const auto& target : link_targets(text, field_link)) {
        if (!form_.locate(target)) {
          add_error(faq_problem::broken_link, where, "enlace roto a un campo desconocido: /faq#campo-" + target);
        }
      }
      for (const auto& target : link_targets(text, entry_link)) {
        if (catalog.find(target) == nullptr) {
          add_error(faq_problem::broken_link, where, "enlace roto a una entrada desconocida: /faq#entrada-" + target);
        }
      }
    }
  }

  for (const auto& section : form_.sections()) {
    for (const auto& field : section.fields) {
      if (!covered.contains(field.id)) report.uncovered_fields.push_back(field.id);
    }
  }
  for (const auto& row_field : form_.row_fields()) {
    if (!covered.contains(row_field.id)) report.uncovered_fields.push_back(row_field.id);
  }
  if (!report.uncovered_fields.empty()) {
    std::string list;
    for (const auto& id : report.uncovered_fields) list += (list.empty() ? "" : ", ") + id;
    report.warnings.push_back(
        {faq_problem::uncovered_fields, "formulario",
         std::to_string(report.uncovered_fields.size()) + " campos sin ninguna entrada publicada: " + list});
  }
  return report;
}

std::string faq_check_report::to_text() const {
  std::string out;
  for (const auto& finding : errors) out += "ERROR " + finding.where + ": " + finding.message + "\n";
  for (const auto& finding : warnings) out += "AVISO " + finding.where + ": " + finding.message + "\n";
  out += std::to_string(entries_checked) + " entradas revisadas: " + std::to_string(errors.size()) + " errores, " +
         std::to_string(warnings.size()) + " avisos.\n";
  return out;
}

}  // namespace helpchat::faq
