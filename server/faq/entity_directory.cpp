#include "faq/entity_directory.hpp"

#include <algorithm>
#include <array>
#include <set>

#include <nlohmann/json.hpp>

#include "faq/csv_reader.hpp"
#include "faq/place_name.hpp"
#include "faq/text_file.hpp"

namespace helpchat::faq {
namespace {

constexpr std::string_view expected_header[] = {"dept_code", "dept_name", "muni_code", "muni_name", "kind"};
constexpr std::size_t department_code_length = 2;
constexpr std::size_t municipality_code_length = 5;
constexpr std::string_view bogota_department = "11";
// DANE types 88001 SAN ANDRÉS as "Isla": the island is governed by the department, it has no alcaldía.
constexpr std::string_view san_andres_island = "88001";

// Departments whose name is said with the article "el" ("el Huila", "el Valle del Cauca"), so their government
// is "Gobernación del …"; the rest take a bare "de" ("Gobernación de Antioquia", "Gobernación de La Guajira").
constexpr std::array departments_with_article{"08", "18", "19", "20", "27", "41", "47", "50", "63",
                                              "73", "76", "86", "88", "91", "94", "95", "97", "99"};

bool is_digits(std::string_view text, std::size_t length) {
  return text.size() == length && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<municipality_kind> kind_from_string(std::string_view text) {
  for (auto kind :
       {municipality_kind::municipio, municipality_kind::distrito_capital, municipality_kind::area_no_municipalizada}) {
    if (to_string(kind) == text) return kind;
  }
  return std::nullopt;
}

// The entity's name for people (see entity_name); empty for a department without a governor.
std::string gobernacion_name(const department& dept) {
  const bool with_article = std::find(departments_with_article.begin(), departments_with_article.end(), dept.code) !=
                            departments_with_article.end();
  return (with_article ? "Gobernación del " : "Gobernación de ") + dept.name;
}

// Empty where there is no mayor: a non-municipalised area, or the island of San Andrés.
std::string alcaldia_name(const municipality& muni, const department& dept) {
  if (muni.kind == municipality_kind::area_no_municipalizada || muni.code == san_andres_island) return {};
  if (muni.kind == municipality_kind::distrito_capital) return "Alcaldía Mayor de " + muni.name;
  return "Alcaldía de " + muni.name + " (" + dept.name + ")";
}

error bad_row(std::size_t line, std::string_view why) {
  return error::of(error_code::invalid_message,
                   "divipola: fila inválida en la línea " + std::to_string(line) + ": " + std::string(why) + ".");
}

}  // namespace

std::string_view to_string(municipality_kind kind) {
  switch (kind) {
    case municipality_kind::municipio:
      return "municipio";
    case municipality_kind::distrito_capital:
      return "distrito_capital";
    case municipality_kind::area_no_municipalizada:
      return "area_no_municipalizada";
  }
  return "municipio";
}

result<entity_directory> entity_directory::load_file(const std::filesystem::path& path) {
  auto text = read_text_file(path);
  if (!text) return text.failure();
  return parse(*text);
}

result<entity_directory> entity_directory::parse(std::string_view csv_text) {
  auto records = parse_csv(csv_text);
  if (!records) return records.failure();
  if (records->empty()) return bad_row(1, "falta el encabezado");
  const auto& header = records->front();
  if (!std::equal(header.fields.begin(), header.fields.end(), std::begin(expected_header), std::end(expected_header))) {
    return bad_row(header.line, "el encabezado debe ser dept_code,dept_name,muni_code,muni_name,kind");
  }

  entity_directory directory;
  std::map<std::string, std::string, std::less<>> department_names;  // code → DANE name
  std::set<std::string, std::less<>> seen_municipalities;
  for (std::size_t i = 1; i < records->size(); ++i) {
    const csv_record& row = (*records)[i];
    if (row.fields.size() != std::size(expected_header)) {
      return bad_row(row.line, "se esperaban 5 columnas y hay " + std::to_string(row.fields.size()));
    }
    const std::string& dept_code = row.fields[0];
    const std::string& dept_name = row.fields[1];
    const std::string& muni_code = row.fields[2];
    const std::string& muni_name = row.fields[3];
    if (!is_digits(dept_code, department_code_length)) {
      return bad_row(row.line, "el código de departamento '" + dept_code + "' debe tener 2 dígitos");
    }
    if (!is_digits(muni_code, municipality_code_length)) {
      return bad_row(row.line, "el código de municipio '" + muni_code + "' debe tener 5 dígitos");
    }
    if (!muni_code.starts_with(dept_code)) {
      return bad_row(row.line, "el municipio '" + muni_code + "' no empieza por su departamento '" + dept_code + "'");
    }
    if (dept_name.empty() || muni_name.empty()) return bad_row(row.line, "nombre vacío");
    auto kind = kind_from_string(row.fields[4]);
    if (!kind) return bad_row(row.line, "tipo desconocido '" + row.fields[4] + "'");
    auto [known, inserted] = department_names.emplace(dept_code, dept_name);
    if (!inserted && known->second != dept_name) {
      return bad_row(row.line, "el departamento '" + dept_code + "' ya tenía otro nombre");
    }
    if (!seen_municipalities.insert(muni_code).second) {
      return bad_row(row.line, "código de municipio repetido '" + muni_code + "'");
    }
    directory.municipalities_by_department_[dept_code].push_back(
        municipality{muni_code, readable_place_name(muni_name), muni_name, *kind, {}});
  }

  for (const auto& [code, dane_name] : department_names) {  // std::map: already sorted by code
    directory.departments_.push_back(department{code, readable_place_name(dane_name), dane_name, {}});
    auto& dept = directory.departments_.back();
    if (code != bogota_department) dept.gobernacion_name = shared_text(gobernacion_name(dept));
  }

  nlohmann::ordered_json all = {{"departments", nlohmann::ordered_json::array()}};
  for (const auto& dept : directory.departments_) {
    all["departments"].push_back({{"code", dept.code}, {"name", dept.name}});
    auto& municipalities = directory.municipalities_by_department_[dept.code];
    std::sort(municipalities.begin(), municipalities.end(),
              [](const municipality& a, const municipality& b) { return a.code < b.code; });
    nlohmann::ordered_json one;
    one["department"] = {{"code", dept.code}, {"name", dept.name}};
    one["municipalities"] = nlohmann::ordered_json::array();
    for (auto& muni : municipalities) {
      if (auto name = alcaldia_name(muni, dept); !name.empty()) muni.alcaldia_name = shared_text(std::move(name));
      one["municipalities"].push_back({{"code", muni.code}, {"name", muni.name}, {"kind", to_string(muni.kind)}});
    }
    directory.json_municipalities_by_department_.emplace(dept.code, one.dump());
  }
  directory.json_departments_ = all.dump();
  return directory;
}

const department* entity_directory::find_department(std::string_view dept_code) const {
  auto found = std::lower_bound(departments_.begin(), departments_.end(), dept_code,
                                [](const department& dept, std::string_view code) { return dept.code < code; });
  if (found == departments_.end() || found->code != dept_code) return nullptr;
  return &*found;
}

const std::vector<municipality>* entity_directory::municipalities_of(std::string_view dept_code) const {
  auto found = municipalities_by_department_.find(dept_code);
  return found == municipalities_by_department_.end() ? nullptr : &found->second;
}

const municipality* entity_directory::find_municipality(std::string_view muni_code) const {
  if (muni_code.size() != municipality_code_length) return nullptr;
  const auto* municipalities = municipalities_of(muni_code.substr(0, department_code_length));
  if (municipalities == nullptr) return nullptr;
  auto found = std::lower_bound(municipalities->begin(), municipalities->end(), muni_code,
                                [](const municipality& muni, std::string_view code) { return muni.code < code; });
  if (found == municipalities->end() || found->code != muni_code) return nullptr;
  return &*found;
}

std::optional<shared_text> entity_directory::entity_name(std::string_view entity_type,
                                                         std::string_view dane_code) const {
  const shared_text* name = nullptr;
  if (entity_type == "alcaldia") {
    const municipality* muni = find_municipality(dane_code);
    if (muni != nullptr) name = &muni->alcaldia_name;
  } else if (entity_type == "gobernacion" && dane_code.size() == department_code_length) {
    const department* dept = find_department(dane_code);
    if (dept != nullptr) name = &dept->gobernacion_name;
  }
  if (name == nullptr || name->str().empty()) return std::nullopt;
  return *name;
}

const std::string* entity_directory::json_municipalities(std::string_view dept_code) const {
  auto found = json_municipalities_by_department_.find(dept_code);
  return found == json_municipalities_by_department_.end() ? nullptr : &found->second;
}

}  // namespace helpchat::faq
