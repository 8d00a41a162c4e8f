#include "faq/entity_directory.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "faq/place_name.hpp"

namespace helpchat::faq {
namespace {

const char* const real_divipola = HELPCHAT_SOURCE_DIR "/faq/divipola.csv";
const char* const header = "dept_code,dept_name,muni_code,muni_name,kind\n";

const entity_directory& real_directory() {
  static const entity_directory directory = [] {
    auto loaded = entity_directory::load_file(real_divipola);
    if (!loaded) {
      ADD_FAILURE() << loaded.failure().message;
      return entity_directory::parse(header).value();
    }
    return std::move(loaded).value();
  }();
  return directory;
}

std::string refusal_of(const std::string& csv) {
  auto directory = entity_directory::parse(csv);
  EXPECT_FALSE(directory.ok());
  if (directory) return "";
  EXPECT_EQ(directory.failure().code, error_code::invalid_message);
  return directory.failure().message;
}

TEST(entity_directory, real_file_has_33_departments_and_1122_units) {
  const auto& directory = real_directory();
  EXPECT_EQ(directory.departments().size(), 33u);
  std::size_t units = 0;
  for (const auto& dept : directory.departments()) units += directory.municipalities_of(dept.code)->size();
  EXPECT_EQ(units, 1122u);
}

TEST(entity_directory, departments_are_sorted_by_code_with_readable_names) {
  const auto& departments = real_directory().departments();
  ASSERT_FALSE(departments.empty());
  EXPECT_EQ(departments.front().code, "05");
  EXPECT_EQ(departments.front().name, "Antioquia");
  EXPECT_EQ(departments.front().dane_name, "ANTIOQUIA");
  EXPECT_EQ(departments.back().code, "99");
  for (std::size_t i = 1; i < departments.size(); ++i) EXPECT_LT(departments[i - 1].code, departments[i].code);
}

TEST(entity_directory, municipalities_keep_leading_zeros_and_kinds) {
  const auto* antioquia = real_directory().municipalities_of("05");
  ASSERT_NE(antioquia, nullptr);
  EXPECT_EQ(antioquia->size(), 125u);
  EXPECT_EQ(antioquia->front().code, "05001");
  EXPECT_EQ(antioquia->front().name, "Medellín");
  EXPECT_EQ(antioquia->front().kind, municipality_kind::municipio);
  EXPECT_EQ(real_directory().find_municipality("11001")->kind, municipality_kind::distrito_capital);
  EXPECT_EQ(real_directory().find_municipality("91263")->kind, municipality_kind::area_no_municipalizada);
  EXPECT_EQ(real_directory().municipalities_of("5"), nullptr);
  EXPECT_EQ(real_directory().municipalities_of("00"), nullptr);
}

TEST(entity_directory, alcaldia_is_named_with_its_department) {
  EXPECT_EQ(real_directory().entity_name("alcaldia", "05001"), "Alcaldía de Medellín (Antioquia)");
  EXPECT_EQ(real_directory().entity_name("alcaldia", "52835"), "Alcaldía de San Andrés de Tumaco (Nariño)");
  EXPECT_EQ(real_directory().entity_name("alcaldia", "76001"), "Alcaldía de Cali (Valle del Cauca)");
  EXPECT_EQ(real_directory().entity_name("alcaldia", "88564"),
            "Alcaldía de Providencia (Archipiélago de San Andrés, Providencia y Santa Catalina)");
}

TEST(entity_directory, alcaldia_of_bogota_is_the_alcaldia_mayor) {
  EXPECT_EQ(real_directory().entity_name("alcaldia", "11001"), "Alcaldía Mayor de Bogotá, D.C.");
}

TEST(entity_directory, gobernacion_is_named_after_its_department) {
  EXPECT_EQ(real_directory().entity_name("gobernacion", "05"), "Gobernación de Antioquia");
  EXPECT_EQ(real_directory().entity_name("gobernacion", "44"), "Gobernación de La Guajira");
  EXPECT_EQ(real_directory().entity_name("gobernacion", "41"), "Gobernación del Huila");
  EXPECT_EQ(real_directory().entity_name("gobernacion", "76"), "Gobernación del Valle del Cauca");
  EXPECT_EQ(real_directory().entity_name("gobernacion", "54"), "Gobernación de Norte de Santander");
}

TEST(entity_directory, gobernacion_of_bogota_is_refused) {
  EXPECT_EQ(real_directory().entity_name("gobernacion", "11"), std::nullopt);
}

TEST(entity_directory, alcaldia_of_a_non_municipalised_area_is_refused) {
  EXPECT_EQ(real_directory().entity_name("alcaldia", "91263"), std::nullopt);  // El Encanto, Amazonas
  EXPECT_EQ(real_directory().entity_name("alcaldia", "97889"), std::nullopt);  // Yavaraté, Vaupés
}

TEST(entity_directory, alcaldia_of_san_andres_island_is_refused) {
  EXPECT_EQ(real_directory().entity_name("alcaldia", "88001"), std::nullopt);
  EXPECT_EQ(real_directory().entity_name("gobernacion", "88"),
            "Gobernación del Archipiélago de San Andrés, Providencia y Santa Catalina");
}

TEST(entity_directory, unknown_or_mismatched_codes_are_refused) {
  const auto& directory = real_directory();
  EXPECT_EQ(directory.entity_name("alcaldia", "05999"), std::nullopt);
  EXPECT_EQ(directory.entity_name("alcaldia", "5001"), std::nullopt);      // leading zero lost
  EXPECT_EQ(directory.entity_name("alcaldia", "05"), std::nullopt);        // a department code
  EXPECT_EQ(directory.entity_name("gobernacion", "05001"), std::nullopt);  // a municipal code
  EXPECT_EQ(directory.entity_name("gobernacion", "00"), std::nullopt);
  EXPECT_EQ(directory.entity_name("gobernacion", "5"), std::nullopt);
  EXPECT_EQ(directory.entity_name("concejo", "05001"), std::nullopt);
  EXPECT_EQ(directory.entity_name("alcaldia", ""), std::nullopt);
}

TEST(entity_directory, json_departments_lists_readable_names_in_code_order) {
  auto document = nlohmann::json::parse(real_directory().json_departments());
  ASSERT_EQ(document["departments"].size(), 33u);
  EXPECT_EQ(document["departments"][0], (nlohmann::json{{"code", "05"}, {"name", "Antioquia"}}));
  EXPECT_EQ(real_directory().json_departments().rfind(R"({"departments":[{"code":"05","name":"Antioquia"},)", 0), 0u);
}

TEST(entity_directory, json_municipalities_has_department_and_kinds) {
  const std::string* text = real_directory().json_municipalities("91");
  ASSERT_NE(text, nullptr);
  auto document = nlohmann::json::parse(*text);
  EXPECT_EQ(document["department"], (nlohmann::json{{"code", "91"}, {"name", "Amazonas"}}));
  ASSERT_EQ(document["municipalities"].size(), 11u);
  EXPECT_EQ(document["municipalities"][0],
            (nlohmann::json{{"code", "91001"}, {"name", "Leticia"}, {"kind", "municipio"}}));
  EXPECT_EQ(document["municipalities"][1]["kind"], "area_no_municipalizada");
  EXPECT_EQ(real_directory().json_municipalities("12"), nullptr);
}

TEST(entity_directory, quoted_names_with_commas_are_read_whole) {
  EXPECT_EQ(real_directory().find_department("11")->name, "Bogotá, D.C.");
  EXPECT_EQ(real_directory().find_municipality("11001")->dane_name, "BOGOTÁ, D.C.");
}

TEST(entity_directory, small_valid_file_with_crlf_and_doubled_quotes_loads) {
  auto directory = entity_directory::parse(
      "dept_code,dept_name,muni_code,muni_name,kind\r\n"
      "05,ANTIOQUIA,05001,\"MEDELLÍN \"\"LA BELLA\"\"\",municipio\r\n");
  ASSERT_TRUE(directory) << directory.failure().message;
  EXPECT_EQ(directory->find_municipality("05001")->dane_name, "MEDELLÍN \"LA BELLA\"");
}

TEST(entity_directory, wrong_header_is_refused) {
  EXPECT_NE(refusal_of("code,name\n05,ANTIOQUIA\n").find("línea 1"), std::string::npos);
}

TEST(entity_directory, unpadded_code_is_refused_with_its_line) {
  auto message = refusal_of(std::string(header) + "05,ANTIOQUIA,05001,MEDELLÍN,municipio\n" +
                            "5,ANTIOQUIA,5002,ABEJORRAL,municipio\n");
  EXPECT_NE(message.find("línea 3"), std::string::npos) << message;
}

TEST(entity_directory, municipality_outside_its_department_is_refused) {
  auto message = refusal_of(std::string(header) + "05,ANTIOQUIA,08001,BARRANQUILLA,municipio\n");
  EXPECT_NE(message.find("línea 2"), std::string::npos) << message;
}

TEST(entity_directory, unknown_kind_is_refused) {
  auto message = refusal_of(std::string(header) + "05,ANTIOQUIA,05001,MEDELLÍN,ciudad\n");
  EXPECT_NE(message.find("'ciudad'"), std::string::npos) << message;
}

TEST(entity_directory, missing_column_is_refused) {
  auto message = refusal_of(std::string(header) + "05,ANTIOQUIA,05001,MEDELLÍN\n");
  EXPECT_NE(message.find("línea 2"), std::string::npos) << message;
}

TEST(entity_directory, duplicate_code_is_refused) {
  auto message = refusal_of(std::string(header) + "05,ANTIOQUIA,05001,MEDELLÍN,municipio\n" +
                            "05,ANTIOQUIA,05001,MEDELLÍN,municipio\n");
  EXPECT_NE(message.find("línea 3"), std::string::npos) << message;
}

TEST(entity_directory, department_with_two_names_is_refused) {
  auto message = refusal_of(std::string(header) + "05,ANTIOQUIA,05001,MEDELLÍN,municipio\n" +
                            "05,ANTIOQIA,05002,ABEJORRAL,municipio\n");
  EXPECT_NE(message.find("línea 3"), std::string::npos) << message;
}

TEST(entity_directory, unterminated_quote_is_refused_with_its_line) {
  auto message = refusal_of(std::string(header) + "11,\"BOGOTÁ, D.C.,11001,BOGOTÁ,distrito_capital\n");
  EXPECT_NE(message.find("línea 2"), std::string::npos) << message;
}

TEST(entity_directory, empty_name_is_refused) {
  auto message = refusal_of(std::string(header) + "05,ANTIOQUIA,05001,,municipio\n");
  EXPECT_NE(message.find("línea 2"), std::string::npos) << message;
}

TEST(entity_directory, missing_file_is_not_found) {
  auto directory = entity_directory::load_file(HELPCHAT_SOURCE_DIR "/faq/no-such.csv");
  ASSERT_FALSE(directory);
  EXPECT_EQ(directory.failure().code, error_code::not_found);
}

TEST(place_name, dane_upper_case_becomes_spanish_title_case) {
  EXPECT_EQ(readable_place_name("SAN ANDRÉS DE TUMACO"), "San Andrés de Tumaco");
  EXPECT_EQ(readable_place_name("EL CARMEN DE VIBORAL"), "El Carmen de Viboral");
  EXPECT_EQ(readable_place_name("SAN PEDRO DE LOS MILAGROS"), "San Pedro de los Milagros");
  EXPECT_EQ(readable_place_name("ARCHIPIÉLAGO DE SAN ANDRÉS, PROVIDENCIA Y SANTA CATALINA"),
            "Archipiélago de San Andrés, Providencia y Santa Catalina");
  EXPECT_EQ(readable_place_name("BOGOTÁ, D.C."), "Bogotá, D.C.");
  EXPECT_EQ(readable_place_name("PIENDAMÓ - TUNÍA"), "Piendamó - Tunía");
  EXPECT_EQ(readable_place_name("GÜICÁN DE LA SIERRA"), "Güicán de la Sierra");
  EXPECT_EQ(readable_place_name("ÁBREGO"), "Ábrego");
  EXPECT_EQ(readable_place_name("LA GUAJIRA"), "La Guajira");
  EXPECT_EQ(readable_place_name("NARIÑO"), "Nariño");
}

}  // namespace
}  // namespace helpchat::faq
