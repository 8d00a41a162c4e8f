#include "faq/form_model.hpp"

#include <set>

#include "faq/json_members.hpp"
#include "faq/text_file.hpp"

namespace helpchat::faq {
namespace {

using nlohmann::json;

constexpr std::string_view label_separator = " › ";
constexpr std::string_view general_label = "Pregunta general";

// Field and section ids: small letters, digits and underscores. The dot is reserved for "section.row_field".
bool is_field_id(std::string_view id) {
  if (id.empty() || id[0] < 'a' || id[0] > 'z') return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// Agency ids are kebab-case: "mintic-gel".
bool is_agency_id(std::string_view id) {
  if (id.empty() || id[0] < 'a' || id[0] > 'z') return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

std::string in_quotes(std::string_view id) { return "'" + std::string(id) + "'"; }

result<std::string> non_empty_string(const json& object, std::string_view key, std::string_view where) {
  auto value = required_string(object, key, where);
  if (!value) return value;
  if (value->empty()) return bad_content(where, "'" + std::string(key) + "' está vacío");
  return value;
}

result<agency> read_agency(const json& item, std::size_t index) {
  std::string where = "agencia #" + std::to_string(index + 1);
  if (!item.is_object()) return bad_content(where, "debe ser un objeto");
  if (auto known = only_members(item, {"id", "name", "short"}, where); !known) return known.failure();
  auto id = non_empty_string(item, "id", where);
  if (!id) return id.failure();
  where = "agencia " + in_quotes(*id);
  if (!is_agency_id(*id)) return bad_content(where, "el id debe estar en minúsculas con guiones");
  auto name = non_empty_string(item, "name", where);
  if (!name) return name.failure();
  auto short_name = non_empty_string(item, "short", where);
  if (!short_name) return short_name.failure();
  return agency{std::move(*id), std::move(*name), std::move(*short_name)};
}

result<form_field> read_field(const json& item, std::string_view container) {
  std::string where = std::string(container) + ", campo";
  if (!item.is_object()) return bad_content(where, "debe ser un objeto");
  auto id = non_empty_string(item, "id", where);
  if (!id) return id.failure();
  where = std::string(container) + ", campo " + in_quotes(*id);
  if (auto known = only_members(item, {"id", "label", "help", "options"}, where); !known) return known.failure();
  if (!is_field_id(*id)) return bad_content(where, "el id debe estar en minúsculas con guiones bajos");
  auto label = non_empty_string(item, "label", where);
  if (!label) return label.failure();
  auto help = optional_string(item, "help", where);
  if (!help) return help.failure();

  form_field field{std::move(*id), std::move(*label), help->value_or(""), {}};
  if (auto options = item.find("options"); options != item.end()) {
    if (!options->is_array() || options->empty()) return bad_content(where, "'options' debe ser una lista no vacía");
    std::set<std::string, std::less<>> values;
    for (const auto& option : *options) {
      std::string option_where = where + ", opción";
      if (!option.is_object()) return bad_content(option_where, "debe ser un objeto");
      if (auto known = only_members(option, {"value", "label"}, option_where); !known) return known.failure();
      auto value = non_empty_string(option, "value", option_where);
      if (!value) return value.failure();
      auto option_label = non_empty_string(option, "label", option_where);
      if (!option_label) return option_label.failure();
      if (!values.insert(*value).second) return bad_content(where, "opción repetida " + in_quotes(*value));
      field.options.push_back({std::move(*value), std::move(*option_label)});
    }
  }
  return field;
}

result<form_section> read_section(const json& item, std::size_t index) {
  std::string where = "sección #" + std::to_string(index + 1);
  if (!item.is_object()) return bad_content(where, "debe ser un objeto");
  auto id = non_empty_string(item, "id", where);
  if (!id) return id.failure();
  where = "sección " + in_quotes(*id);
  if (auto known = only_members(item, {"id", "title", "owner", "co_owner", "description", "has_rows", "fields"}, where);
      !known) {
    return known.failure();
  }
  if (!is_field_id(*id)) return bad_content(where, "el id debe estar en minúsculas con guiones bajos");
  auto title = non_empty_string(item, "title", where);
  if (!title) return title.failure();
  auto owner = non_empty_string(item, "owner", where);
  if (!owner) return owner.failure();
  auto co_owner = optional_string(item, "co_owner", where);
  if (!co_owner) return co_owner.failure();
  auto description = optional_string(item, "description", where);
  if (!description) return description.failure();
  auto has_rows = item.find("has_rows");
  if (has_rows == item.end() || !has_rows->is_boolean()) return bad_content(where, "'has_rows' debe ser true o false");
  auto fields = required_array(item, "fields", where);
  if (!fields) return fields.failure();

  form_section section{std::move(*id),
                       std::move(*title),
                       std::move(*owner),
                       std::move(*co_owner),
                       description->value_or(""),
                       has_rows->get<bool>(),
                       {}};
  for (const auto& field_item : **fields) {
    auto field = read_field(field_item, where);
    if (!field) return field.failure();
    section.fields.push_back(std::move(*field));
  }
  return section;
}

nlohmann::ordered_json field_json(const form_field& field) {
  nlohmann::ordered_json out;
  out["id"] = field.id;
  out["label"] = field.label;
  out["help"] = field.help;
  if (!field.options.empty()) {
    out["options"] = nlohmann::ordered_json::array();
    for (const auto& option : field.options) {
      nlohmann::ordered_json item;
      item["value"] = option.value;
      item["label"] = option.label;
      out["options"].push_back(std::move(item));
    }
  }
  return out;
}

}  // namespace

result<form_model> form_model::load_file(const std::filesystem::path& path) {
  auto text = read_text_file(path);
  if (!text) return text.failure();
  auto model = parse(*text);
  if (!model) return error::of(model.failure().code, path.filename().string() + ": " + model.failure().message);
  return model;
}

result<form_model> form_model::parse(std::string_view json_text) {
  auto document = parse_json(json_text, "formulario");
  if (!document) return document.failure();
  const json& root = *document;
  const std::string where = "formulario";
  if (!root.is_object()) return bad_content(where, "debe ser un objeto");
  if (auto known = only_members(root, {"version", "title", "agencies", "row_fields", "sections"}, where); !known) {
    return known.failure();
  }
  if (auto version = root.find("version"); version == root.end() || *version != 1) {
    return bad_content(where, "'version' debe ser 1");
  }

  form_model model;
  auto title = non_empty_string(root, "title", where);
  if (!title) return title.failure();
  model.title_ = std::move(*title);

  auto agencies = required_array(root, "agencies", where);
  if (!agencies) return agencies.failure();
  for (std::size_t i = 0; i < (*agencies)->size(); ++i) {
    auto read = read_agency((**agencies)[i], i);
    if (!read) return read.failure();
    if (model.is_agency(read->id)) return bad_content("agencia " + in_quotes(read->id), "id repetido");
    model.agencies_.push_back(std::move(*read));
  }
  if (!model.is_agency(triage_agency)) {
    return bad_content(where, "falta la agencia " + in_quotes(triage_agency) + ", que recibe las preguntas generales");
  }

  auto row_fields = required_array(root, "row_fields", where);
  if (!row_fields) return row_fields.failure();
  for (const auto& item : **row_fields) {
    auto field = read_field(item, "campos de actividad");
    if (!field) return field.failure();
    model.row_fields_.push_back(std::move(*field));
  }

  auto sections = required_array(root, "sections", where);
  if (!sections) return sections.failure();
  for (std::size_t i = 0; i < (*sections)->size(); ++i) {
    auto section = read_section((**sections)[i], i);
    if (!section) return section.failure();
    std::string section_where = "sección " + in_quotes(section->id);
    if (!model.is_agency(section->owner)) {
      return bad_content(section_where, "dueño desconocido " + in_quotes(section->owner));
    }
    if (section->co_owner && (!model.is_agency(*section->co_owner) || *section->co_owner == section->owner)) {
      return bad_content(section_where, "co-dueño inválido " + in_quotes(*section->co_owner));
    }
    if (section->has_rows && model.row_fields_.empty()) {
      return bad_content(section_where, "tiene filas de actividades pero el formulario no define 'row_fields'");
    }
    model.sections_.push_back(std::move(*section));
  }

  // Every id a question can be keyed to shares one namespace, so `locate` is never ambiguous.
  auto add_route = [&model](field_route route) -> status {
    std::string id = route.field_id;
    if (!model.routes_.emplace(id, std::move(route)).second) return bad_content("id " + in_quotes(id), "repetido");
    return done{};
  };
  std::string triage(triage_agency);
  if (auto added = add_route({std::string(general_id), "", triage, std::string(general_label)}); !added) {
    return added.failure();
  }
  for (const auto& row_field : model.row_fields_) {
    if (auto added = add_route({row_field.id, "", triage, row_field.label}); !added) return added.failure();
  }
  for (const auto& section : model.sections_) {
    if (auto added = add_route({section.id, section.id, section.owner, section.title}); !added) return added.failure();
    for (const auto& field : section.fields) {
      std::string label = section.title + std::string(label_separator) + field.label;
      if (auto added = add_route({field.id, section.id, section.owner, std::move(label)}); !added) {
        return added.failure();
      }
    }
  }
  // Qualified row fields contain a dot, which no other id may, so they cannot collide with the ids above.
  for (const auto& section : model.sections_) {
    if (!section.has_rows) continue;
    for (const auto& row_field : model.row_fields_) {
      std::string label = section.title + std::string(label_separator) + row_field.label;
      model.routes_.emplace(section.id + "." + row_field.id,
                            field_route{section.id + "." + row_field.id, section.id, section.owner, std::move(label)});
    }
  }

  nlohmann::ordered_json out;
  out["version"] = 1;
  out["title"] = model.title_;
  out["agencies"] = nlohmann::ordered_json::array();
  for (const auto& agency : model.agencies_) {
    nlohmann::ordered_json item;
    item["id"] = agency.id;
    item["name"] = agency.name;
    item["short"] = agency.short_name;
    out["agencies"].push_back(std::move(item));
  }
  out["row_fields"] = nlohmann::ordered_json::array();
  for (const auto& row_field : model.row_fields_) out["row_fields"].push_back(field_json(row_field));
  out["sections"] = nlohmann::ordered_json::array();
  for (const auto& section : model.sections_) {
    nlohmann::ordered_json item;
    item["id"] = section.id;
    item["title"] = section.title;
    item["owner"] = section.owner;
    if (section.co_owner) item["co_owner"] = *section.co_owner;
    item["description"] = section.description;
    item["has_rows"] = section.has_rows;
    item["fields"] = nlohmann::ordered_json::array();
    for (const auto& field : section.fields) item["fields"].push_back(field_json(field));
    out["sections"].push_back(std::move(item));
  }
  model.json_text_ = out.dump();
  return model;
}

const form_section* form_model::find_section(std::string_view section_id) const {
  for (const auto& section : sections_) {
    if (section.id == section_id) return &section;
  }
  return nullptr;
}

bool form_model::is_agency(std::string_view agency_id) const {
  for (const auto& agency : agencies_) {
    if (agency.id == agency_id) return true;
  }
  return false;
}

std::optional<field_route> form_model::locate(std::string_view id) const {
  auto found = routes_.find(id);
  if (found == routes_.end()) return std::nullopt;
  return found->second;
}

}  // namespace helpchat::faq
