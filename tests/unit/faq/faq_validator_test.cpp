#include "faq/faq_validator.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace helpchat::faq {
namespace {

using nlohmann::json;

const form_model& real_form() {
  static const form_model form = form_model::load_file(HELPCHAT_SOURCE_DIR "/faq/form.json").value();
  return form;
}

json good_entry(const std::string& id) {
  return {{"id", id},
          {"fields", {"gel_fase"}},
          {"question", "¿Pregunta?"},
          {"answer", "Respuesta."},
          {"tags", json::array()},
          {"status", "published"}};
}

faq_check_report check(const json& entries) {
  auto catalog = faq_catalog::parse({{"prueba.json", entries.dump()}});
  EXPECT_TRUE(catalog) << catalog.failure().message;
  return faq_validator(real_form()).check(*catalog);
}

std::vector<faq_problem> errors_of(const faq_check_report& report) {
  std::vector<faq_problem> problems;
  for (const auto& finding : report.errors) problems.push_back(finding.problem);
  return problems;
}

TEST(faq_validator, real_faq_has_no_errors_and_covers_every_field) {
  auto catalog = faq_catalog::load_directory(HELPCHAT_SOURCE_DIR "/faq/entries");
  ASSERT_TRUE(catalog) << catalog.failure().message;
  auto report = faq_validator(real_form()).check(*catalog);
  EXPECT_TRUE(report.ok()) << report.to_text();
  EXPECT_TRUE(report.warnings.empty()) << report.to_text();
  EXPECT_GE(report.entries_checked, 60u);
}

TEST(faq_validator, good_entry_has_no_errors) {
  auto report = check(json::array({good_entry("gel-fases-todas")}));
  EXPECT_TRUE(report.ok()) << report.to_text();
}

TEST(faq_validator, unknown_field_is_an_error) {
  auto entry = good_entry("a");
  entry["fields"] = {"gel_fase", "gel_fases.no_existe"};
  auto report = check(json::array({entry}));
  EXPECT_EQ(errors_of(report), std::vector<faq_problem>{faq_problem::unknown_field});
  EXPECT_NE(report.errors[0].message.find("gel_fases.no_existe"), std::string::npos);
  EXPECT_NE(report.errors[0].where.find("'a'"), std::string::npos);
}

TEST(faq_validator, duplicate_id_is_an_error_naming_both_files) {
  auto first = faq_catalog::parse(
      {{"uno.json", json::array({good_entry("a")}).dump()}, {"dos.json", json::array({good_entry("a")}).dump()}});
  ASSERT_TRUE(first);
  auto report = faq_validator(real_form()).check(*first);
  EXPECT_EQ(errors_of(report), std::vector<faq_problem>{faq_problem::duplicate_id});
  EXPECT_NE(report.errors[0].where.find("dos.json"), std::string::npos);
  EXPECT_NE(report.errors[0].message.find("uno.json"), std::string::npos);
}

TEST(faq_validator, malformed_id_is_an_error) {
  for (const char* id : {"", "Gel-Fases", "gel_fases", "gel--fases", "-gel", "gel fases"}) {
    auto report = check(json::array({good_entry(id)}));
    EXPECT_EQ(errors_of(report), std::vector<faq_problem>{faq_problem::malformed_id}) << id;
  }
}

TEST(faq_validator, entry_without_fields_is_an_error) {
  auto entry = good_entry("a");
  entry["fields"] = json::array();
  EXPECT_EQ(errors_of(check(json::array({entry}))), std::vector<faq_problem>{faq_problem::no_fields});
}

TEST(faq_validator, blank_question_and_answer_are_errors) {
  auto entry = good_entry("a");
  entry["question"] = "  ";
  entry["answer"] = "";
  EXPECT_EQ(errors_of(check(json::array({entry}))),
            (std::vector<faq_problem>{faq_problem::empty_question, faq_problem::empty_answer}));
}

TEST(faq_validator, unknown_status_is_an_error) {
  auto entry = good_entry("a");
  entry["status"] = "publicado";
  EXPECT_EQ(errors_of(check(json::array({entry}))), std::vector<faq_problem>{faq_problem::unknown_status});
}

TEST(faq_validator, links_to_unknown_fields_or_entries_are_errors) {
  auto entry = good_entry("a");
  entry["answer"] =
      "Vea [el plazo](/faq#campo-gel_fases.fecha_fin), [la fase](/faq#campo-gel_fase) y "
      "[esta](/faq#entrada-b). Mal: [x](/faq#campo-no_existe) y [y](/faq#entrada-no-existe).";
  auto other = good_entry("b");
  auto report = check(json::array({entry, other}));
  EXPECT_EQ(errors_of(report), (std::vector<faq_problem>{faq_problem::broken_link, faq_problem::broken_link}));
  EXPECT_NE(report.errors[0].message.find("no_existe"), std::string::npos);
  EXPECT_NE(report.errors[1].message.find("no-existe"), std::string::npos);
}

TEST(faq_validator, link_at_the_end_of_a_sentence_keeps_its_id) {
  auto entry = good_entry("a");
  entry["answer"] = "Vea /faq#campo-gel_fase.";
  EXPECT_TRUE(check(json::array({entry})).ok());
}

TEST(faq_validator, uncovered_fields_are_one_warning_listing_them) {
  auto report = check(json::array({good_entry("a")}));
  ASSERT_EQ(report.warnings.size(), 1u);
  EXPECT_EQ(report.warnings[0].problem, faq_problem::uncovered_fields);
  EXPECT_NE(report.warnings[0].message.find("fecha_fin"), std::string::npos);
  EXPECT_NE(report.warnings[0].message.find("comite_gel"), std::string::npos);
  EXPECT_EQ(std::count(report.uncovered_fields.begin(), report.uncovered_fields.end(), "gel_fase"), 0);
  EXPECT_EQ(std::count(report.uncovered_fields.begin(), report.uncovered_fields.end(), "entidad_tipo"), 1);
}

TEST(faq_validator, qualified_row_field_covers_the_row_field) {
  auto entry = good_entry("a");
  entry["fields"] = {"rendicion_cuentas.fecha_fin"};
  auto report = check(json::array({entry}));
  EXPECT_EQ(std::count(report.uncovered_fields.begin(), report.uncovered_fields.end(), "fecha_fin"), 0);
}

TEST(faq_validator, drafts_do_not_cover_fields) {
  auto entry = good_entry("a");
  entry["status"] = "draft";
  auto report = check(json::array({entry}));
  EXPECT_EQ(std::count(report.uncovered_fields.begin(), report.uncovered_fields.end(), "gel_fase"), 1);
}

TEST(faq_validator, report_text_has_one_line_per_finding_and_a_summary) {
  auto entry = good_entry("a");
  entry["answer"] = "";
  auto text = check(json::array({entry})).to_text();
  EXPECT_NE(text.find("ERROR prueba.json, entrada 'a': la respuesta está vacía"), std::string::npos) << text;
  EXPECT_NE(text.find("AVISO formulario:"), std::string::npos) << text;
  EXPECT_NE(text.find("1 entradas revisadas: 1 errores, 1 avisos."), std::string::npos) << text;
}

}  // namespace
}  // namespace helpchat::faq
