// Colombia's departments and municipalities with their DANE (DIVIPOLA) codes, read from faq/divipola.csv: it
// checks the DANE code an official gives when joining and names the entity for people ("Alcaldía de Medellín
// (Antioquia)"), and serves the lists behind `GET /api/entities`.
//
// Codes are text, zero-padded: 2 digits for a department ("05"), 5 for a municipality ("05001"), the first two
// being its department's. Names are kept as DANE writes them (upper case) and as people read them ("Medellín").
//
// Immutable after `parse`: any number of threads may read one concurrently.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "common/shared_text.hpp"

namespace helpchat::faq {

enum class municipality_kind {
  municipio,
  distrito_capital,        // Bogotá, D.C. (11001), the only one
  area_no_municipalizada,  // in Amazonas, Guainía and Vaupés: no municipality, hence no mayor
};

// "municipio", "distrito_capital", "area_no_municipalizada" (the csv's and the API's spelling).
std::string_view to_string(municipality_kind kind);

struct department {
  std::string code;              // "05"
  std::string name;              // readable: "Antioquia"
  std::string dane_name;         // as DANE writes it: "ANTIOQUIA"
  shared_text gobernacion_name;  // "Gobernación de Antioquia"; empty where there is no governor (Bogotá)
};

struct municipality {
  std::string code;       // "05001"
  std::string name;       // readable: "Medellín"
  std::string dane_name;  // "MEDELLÍN"
  municipality_kind kind;
  shared_text alcaldia_name;  // "Alcaldía de Medellín (Antioquia)"; empty where there is no mayor
};

class entity_directory {
 public:
  // Reads and validates the csv. Fails with `not_found` when the file cannot be read, and with
  // `invalid_message` naming the line of the first bad row otherwise.
  static result<entity_directory> load_file(const std::filesystem::path& path);
  // `csv_text` has the header `dept_code,dept_name,muni_code,muni_name,kind` and RFC 4180 quoting.
  static result<entity_directory> parse(std::string_view csv_text);

  // Sorted by code.
  const std::vector<department>& departments() const { return departments_; }
  const department* find_department(std::string_view dept_code) const;
  // Sorted by code; nullptr for an unknown department.
  const std::vector<municipality>* municipalities_of(std::string_view dept_code) const;
  const municipality* find_municipality(std::string_view muni_code) const;

  // The entity's name for people, or nothing when the pair does not name an entity that has a mayor or a
  // governor:
  //   ("alcaldia", "05001")   → "Alcaldía de Medellín (Antioquia)"
  //   ("alcaldia", "11001")   → "Alcaldía Mayor de Bogotá, D.C."
  //   ("gobernacion", "05")   → "Gobernación de Antioquia";  ("gobernacion", "41") → "Gobernación del Huila"
  // Refused: unknown codes; a code of the wrong length for the type; a non-municipalised area (no mayor);
  // 88001 San Andrés, which DANE lists as an island, not a municipality (the departmental government runs it);
  // gobernación "11" (Bogotá D.C. has no governor: its alcaldía is 11001).
  // Built once at load: every official of an entity shares its name.
  std::optional<shared_text> entity_name(std::string_view entity_type, std::string_view dane_code) const;

  // `GET /api/entities`: {"departments":[{"code":"05","name":"Antioquia"},...]}, built once at load.
  const std::string& json_departments() const { return json_departments_; }
  // `GET /api/entities?dept=05`:
  // {"department":{"code":"05","name":"Antioquia"},
  //  "municipalities":[{"code":"05001","name":"Medellín","kind":"municipio"},...]}, built once at load;
  // nullptr for an unknown department.
  const std::string* json_municipalities(std::string_view dept_code) const;

 private:
  entity_directory() = default;

  std::vector<department> departments_;
  std::map<std::string, std::vector<municipality>, std::less<>> municipalities_by_department_;
  std::map<std::string, std::string, std::less<>> json_municipalities_by_department_;
  std::string json_departments_;
};

}  // namespace helpchat::faq
