#include "faq/form_model.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>

namespace helpchat::faq {
namespace {

using nlohmann::json;

const char* const real_form = HELPCHAT_SOURCE_DIR "/faq/form.json";

form_model load_real_form() {
  auto model = form_model::load_file(real_form);
  if (!model) ADD_FAILURE() << model.failure().message;
  return std::move(model).value();
}

// The smallest valid form: one agency besides triage, one row field, a section with rows and one without.
json small_form() {
  return json::parse(R"({
    "version": 1,
    "title": "Plan",
    "agencies": [{"id": "dafp", "name": "Función Pública", "short": "FP"},
                 {"id": "triage", "name": "Soporte general", "short": "Soporte"}],
    "row_fields": [{"id": "fecha_fin", "label": "Plazo", "help": "Fecha límite"}],
    "sections": [
      {"id": "tramites", "title": "Trámites", "owner": "dafp", "has_rows": true,
       "fields": [{"id": "tramite_nombre", "label": "Nombre del trámite"}]},
      {"id": "datos", "title": "Datos", "owner": "triage", "has_rows": false,
       "fields": [{"id": "entidad_tipo", "label": "Tipo", "options": [{"value": "alcaldia", "label": "Alcaldía"}]}]}
    ]})");
}

std::string refusal_of(const json& form) {
  auto model = form_model::parse(form.dump());
  EXPECT_FALSE(model.ok());
  if (model) return "";
  EXPECT_EQ(model.failure().code, error_code::invalid_message);
  return model.failure().message;
}

TEST(form_model, real_form_has_eight_sections_four_agencies_and_eight_row_fields) {
  auto model = load_real_form();
  EXPECT_EQ(model.sections().size(), 8u);
  EXPECT_EQ(model.agencies().size(), 4u);
  EXPECT_EQ(model.row_fields().size(), 8u);
  std::vector<std::string> section_ids;
  for (const auto& section : model.sections()) section_ids.push_back(section.id);
  EXPECT_EQ(section_ids, (std::vector<std::string>{"identificacion", "gel_fases", "cualificacion_servidores",
                                                   "canales_atencion", "integracion_institucional",
                                                   "racionalizacion_tramites", "rendicion_cuentas", "seguimiento"}));
}

TEST(form_model, real_form_sections_are_owned_as_the_domain_says) {
  auto model = load_real_form();
  std::map<std::string, std::string> owners;
  for (const auto& section : model.sections()) owners[section.id] = section.owner;
  EXPECT_EQ(owners["identificacion"], "triage");
  EXPECT_EQ(owners["gel_fases"], "mintic-gel");
  EXPECT_EQ(owners["cualificacion_servidores"], "dafp");
  EXPECT_EQ(owners["canales_atencion"], "dnp-pnsc");
  EXPECT_EQ(owners["integracion_institucional"], "dnp-pnsc");
  EXPECT_EQ(owners["racionalizacion_tramites"], "dafp");
  EXPECT_EQ(owners["rendicion_cuentas"], "dafp");
  EXPECT_EQ(owners["seguimiento"], "triage");
  const form_section* rendicion = model.find_section("rendicion_cuentas");
  ASSERT_NE(rendicion, nullptr);
  EXPECT_EQ(rendicion->co_owner, "dnp-pnsc");
}

TEST(form_model, real_form_expands_contact_into_concrete_fields) {
  auto model = load_real_form();
  for (const char* id : {"contacto_nombre", "contacto_cargo", "contacto_correo", "contacto_telefono"}) {
    auto route = model.locate(id);
    ASSERT_TRUE(route) << id;
    EXPECT_EQ(route->section_id, "identificacion");
    EXPECT_EQ(route->agency, "triage");
  }
}

TEST(form_model, component_sections_have_rows_and_identification_does_not) {
  auto model = load_real_form();
  EXPECT_FALSE(model.find_section("identificacion")->has_rows);
  for (const char* id : {"gel_fases", "cualificacion_servidores", "canales_atencion", "integracion_institucional",
                         "racionalizacion_tramites", "rendicion_cuentas"}) {
    EXPECT_TRUE(model.find_section(id)->has_rows) << id;
  }
}

TEST(form_model, section_field_routes_to_the_section_owner) {
  auto model = load_real_form();
  auto route = model.locate("gel_fase");
  ASSERT_TRUE(route);
  EXPECT_EQ(route->field_id, "gel_fase");
  EXPECT_EQ(route->section_id, "gel_fases");
  EXPECT_EQ(route->agency, "mintic-gel");
  EXPECT_EQ(route->label, "Implementación de las fases de Gobierno en línea › Fase de Gobierno en línea");
}

TEST(form_model, qualified_row_field_routes_to_its_section_owner) {
  auto model = load_real_form();
  auto route = model.locate("gel_fases.fecha_fin");
  ASSERT_TRUE(route);
  EXPECT_EQ(route->field_id, "gel_fases.fecha_fin");
  EXPECT_EQ(route->section_id, "gel_fases");
  EXPECT_EQ(route->agency, "mintic-gel");
  EXPECT_EQ(route->label, "Implementación de las fases de Gobierno en línea › Plazo");
  EXPECT_EQ(model.locate("rendicion_cuentas.responsable_cargo")->agency, "dafp");
}

TEST(form_model, bare_row_field_goes_to_triage_without_section) {
  auto model = load_real_form();
  auto route = model.locate("fecha_fin");
  ASSERT_TRUE(route);
  EXPECT_EQ(route->section_id, "");
  EXPECT_EQ(route->agency, "triage");
  EXPECT_EQ(route->label, "Plazo");
}

TEST(form_model, section_id_routes_to_its_owner) {
  auto model = load_real_form();
  auto route = model.locate("canales_atencion");
  ASSERT_TRUE(route);
  EXPECT_EQ(route->section_id, "canales_atencion");
  EXPECT_EQ(route->agency, "dnp-pnsc");
  EXPECT_EQ(route->label, "Canales de atención");
}

TEST(form_model, general_goes_to_triage) {
  auto model = load_real_form();
  auto route = model.locate("general");
  ASSERT_TRUE(route);
  EXPECT_EQ(route->section_id, "");
  EXPECT_EQ(route->agency, "triage");
}

TEST(form_model, unknown_ids_are_not_located) {
  auto model = load_real_form();
  for (const char* id : {"", "nope", "identificacion.fecha_fin" /* no rows */, "gel_fases.gel_fase", "gel_fases.",
                         ".fecha_fin", "GEL_FASE", "gel_fases.fecha_fin.x"}) {
    EXPECT_FALSE(model.locate(id)) << id;
  }
}

TEST(form_model, knows_its_agencies) {
  auto model = load_real_form();
  for (const char* id : {"mintic-gel", "dnp-pnsc", "dafp", "triage"}) EXPECT_TRUE(model.is_agency(id)) << id;
  EXPECT_FALSE(model.is_agency("mintic"));
  EXPECT_FALSE(model.is_agency(""));
}

TEST(form_model, json_text_parses_back_to_the_same_model) {
  auto model = load_real_form();
  auto again = form_model::parse(model.json_text());
  ASSERT_TRUE(again) << again.failure().message;
  EXPECT_EQ(again->json_text(), model.json_text());
  auto document = json::parse(model.json_text());
  EXPECT_EQ(document["sections"].size(), 8u);
  EXPECT_EQ(document["agencies"][3]["id"], "triage");
  EXPECT_EQ(document["agencies"][0]["short"], "MinTIC – Gobierno en línea");
}

TEST(form_model, small_form_is_valid) {
  auto model = form_model::parse(small_form().dump());
  ASSERT_TRUE(model) << model.failure().message;
  EXPECT_TRUE(model->locate("tramites.fecha_fin"));
  EXPECT_FALSE(model->locate("datos.fecha_fin"));
}

TEST(form_model, duplicate_field_id_is_named) {
  auto form = small_form();
  form["sections"][1]["fields"].push_back({{"id", "tramite_nombre"}, {"label", "Otra vez"}});
  EXPECT_NE(refusal_of(form).find("'tramite_nombre'"), std::string::npos);
}

TEST(form_model, field_id_equal_to_a_section_id_is_refused) {
  auto form = small_form();
  form["sections"][1]["fields"].push_back({{"id", "tramites"}, {"label", "Choca con la sección"}});
  EXPECT_NE(refusal_of(form).find("'tramites'"), std::string::npos);
}

TEST(form_model, duplicate_agency_is_named) {
  auto form = small_form();
  form["agencies"].push_back({{"id", "dafp"}, {"name", "Otra"}, {"short", "O"}});
  EXPECT_NE(refusal_of(form).find("'dafp'"), std::string::npos);
}

TEST(form_model, unknown_owner_is_named) {
  auto form = small_form();
  form["sections"][0]["owner"] = "mintic";
  auto message = refusal_of(form);
  EXPECT_NE(message.find("'tramites'"), std::string::npos) << message;
  EXPECT_NE(message.find("'mintic'"), std::string::npos) << message;
}

TEST(form_model, unknown_co_owner_is_refused) {
  auto form = small_form();
  form["sections"][0]["co_owner"] = "dnp";
  EXPECT_NE(refusal_of(form).find("'dnp'"), std::string::npos);
}

TEST(form_model, empty_label_is_named) {
  auto form = small_form();
  form["sections"][0]["fields"][0]["label"] = "";
  auto message = refusal_of(form);
  EXPECT_NE(message.find("'tramite_nombre'"), std::string::npos) << message;
  EXPECT_NE(message.find("'label'"), std::string::npos) << message;
}

TEST(form_model, empty_section_title_is_named) {
  auto form = small_form();
  form["sections"][1]["title"] = "";
  EXPECT_NE(refusal_of(form).find("'datos'"), std::string::npos);
}

TEST(form_model, form_without_triage_is_refused) {
  auto form = small_form();
  form["agencies"].erase(1);
  form["sections"][1]["owner"] = "dafp";
  EXPECT_NE(refusal_of(form).find("'triage'"), std::string::npos);
}

TEST(form_model, misspelt_member_is_refused) {
  auto form = small_form();
  form["sections"][0]["fields"][0]["lable"] = "typo";
  EXPECT_NE(refusal_of(form).find("'lable'"), std::string::npos);
}

TEST(form_model, field_id_with_a_dot_is_refused) {
  auto form = small_form();
  form["sections"][1]["fields"][0]["id"] = "datos.tipo";
  EXPECT_NE(refusal_of(form).find("'datos.tipo'"), std::string::npos);
}

TEST(form_model, wrong_version_is_refused) {
  auto form = small_form();
  form["version"] = 2;
  EXPECT_NE(refusal_of(form).find("'version'"), std::string::npos);
}

TEST(form_model, text_that_is_not_json_is_refused) {
  auto model = form_model::parse("{\"version\": 1,");
  ASSERT_FALSE(model);
  EXPECT_EQ(model.failure().code, error_code::invalid_message);
}

TEST(form_model, missing_file_is_not_found) {
  auto model = form_model::load_file(HELPCHAT_SOURCE_DIR "/faq/no-such-form.json");
  ASSERT_FALSE(model);
  EXPECT_EQ(model.failure().code, error_code::not_found);
}

}  // namespace
}  // namespace helpchat::faq
