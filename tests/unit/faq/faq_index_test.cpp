#include "faq/faq_index.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <thread>

namespace helpchat::faq {
namespace {

using nlohmann::json;

const form_model& real_form() {
  static const form_model form = form_model::load_file(HELPCHAT_SOURCE_DIR "/faq/form.json").value();
  return form;
}

json entry(const std::string& id, std::vector<std::string> fields, const std::string& question,
           const std::string& answer, const std::string& status = "published") {
  return {{"id", id},         {"fields", fields},      {"question", question},
          {"answer", answer}, {"tags", json::array()}, {"status", status}};
}

// Two entries with the same words, keyed to different places, so only the boost can tell them apart.
faq_catalog small_catalog() {
  json entries = json::array({
      entry("plazo-gel", {"gel_fases.fecha_fin"}, "¿Qué plazo pongo?", "Una fecha de 2012."),
      entry("plazo-rendicion", {"rendicion_cuentas.fecha_fin"}, "¿Qué plazo pongo?", "Una fecha de 2012."),
      entry("fase-gel", {"gel_fase"}, "¿Cuáles son las fases?", "Información, interacción, transacción."),
      entry("responsables", {"responsable_dependencia"}, "¿Quiénes son los responsables?",
            "La dependencia que ejecuta la actividad."),
      entry("tramites", {"tramite_nombre"}, "¿Qué trámites priorizo?", "Los más solicitados por la ciudadanía."),
      entry("borrador", {"general"}, "¿Borrador oculto?", "No se muestra.", "draft"),
  });
  return faq_catalog::parse({{"prueba.json", entries.dump()}}).value();
}

std::unique_ptr<faq_index> small_index() {
  auto index = faq_index::build(small_catalog(), real_form());
  if (!index) ADD_FAILURE() << index.failure().message;
  return std::move(index).value();
}

std::vector<std::string> ids_of(const std::vector<faq_hit>& hits) {
  std::vector<std::string> ids;
  for (const auto& hit : hits) ids.push_back(hit.id);
  return ids;
}

TEST(faq_index, finds_by_stem_across_inflections) {
  auto index = small_index();
  EXPECT_EQ(ids_of(index->search("responsabilidad", std::nullopt, 5)), std::vector<std::string>{"responsables"});
  EXPECT_EQ(ids_of(index->search("RESPONSABLE", std::nullopt, 5)), std::vector<std::string>{"responsables"});
}

TEST(faq_index, accents_do_not_matter_either_way) {
  auto index = small_index();
  EXPECT_EQ(ids_of(index->search("tramites", std::nullopt, 5)), std::vector<std::string>{"tramites"});
  EXPECT_EQ(ids_of(index->search("trámites", std::nullopt, 5)), std::vector<std::string>{"tramites"});
  EXPECT_EQ(ids_of(index->search("informacion", std::nullopt, 5)), std::vector<std::string>{"fase-gel"});
  EXPECT_EQ(ids_of(index->search("INFORMACIÓN", std::nullopt, 5)), std::vector<std::string>{"fase-gel"});
}

TEST(faq_index, common_typo_is_forgiven) {
  auto index = small_index();
  EXPECT_EQ(ids_of(index->search("resposables", std::nullopt, 5)), std::vector<std::string>{"responsables"});
}

TEST(faq_index, picked_field_ranks_its_entry_first) {
  auto index = small_index();
  EXPECT_EQ(index->search("plazo", std::string("gel_fases.fecha_fin"), 2).front().id, "plazo-gel");
  EXPECT_EQ(index->search("plazo", std::string("rendicion_cuentas.fecha_fin"), 2).front().id, "plazo-rendicion");
}

TEST(faq_index, picked_section_field_boosts_entries_of_that_section) {
  auto index = small_index();
  // gel_accesibilidad has no entry here, but "plazo-gel" shares its section.
  EXPECT_EQ(index->search("plazo", std::string("gel_accesibilidad"), 2).front().id, "plazo-gel");
  EXPECT_EQ(index->search("plazo", std::string("rc_espacio"), 2).front().id, "plazo-rendicion");
}

TEST(faq_index, field_boost_raises_only_the_keyed_entry_score) {
  auto index = small_index();
  auto score_of = [](const std::vector<faq_hit>& hits, const std::string& id) {
    for (const auto& hit : hits) {
      if (hit.id == id) return hit.score;
    }
    return -1.0;
  };
  auto plain = index->search("plazo", std::nullopt, 2);
  auto boosted = index->search("plazo", std::string("gel_fases.fecha_fin"), 2);
  EXPECT_GT(score_of(boosted, "plazo-gel"), 1.5 * score_of(plain, "plazo-gel"));
  EXPECT_DOUBLE_EQ(score_of(boosted, "plazo-rendicion"), score_of(plain, "plazo-rendicion"));
}

TEST(faq_index, unknown_or_general_field_boosts_nothing) {
  auto index = small_index();
  EXPECT_EQ(index->search("plazo", std::string("no_existe"), 5).size(), 2u);
  EXPECT_EQ(index->search("plazo", std::string("general"), 5).size(), 2u);
}

TEST(faq_index, fts_syntax_typed_by_people_is_harmless) {
  auto index = small_index();
  for (const char* query : {"\"",
                            "\"plazo",
                            "plazo*",
                            "*",
                            "col:plazo",
                            "question:plazo",
                            "(plazo",
                            "plazo)",
                            "NEAR(plazo fecha)",
                            "plazo NEAR fecha",
                            "-plazo",
                            "^plazo",
                            "plazo AND",
                            "OR",
                            "NOT plazo",
                            "plazo' OR 1=1; DROP TABLE faq_entry; --",
                            "{plazo}",
                            "plazo + fecha",
                            "\\",
                            "%",
                            "_"}) {
    auto hits = index->search(query, std::nullopt, 5);
    for (const auto& hit : hits) EXPECT_FALSE(hit.id.empty()) << query;
  }
  EXPECT_FALSE(index->search("\"plazo\"*", std::nullopt, 5).empty());
  EXPECT_FALSE(index->search("NEAR(plazo fecha)", std::nullopt, 5).empty());
  EXPECT_EQ(index->search("plazo", std::nullopt, 5).size(), 2u);  // the table survived
}

TEST(faq_index, empty_or_stop_word_query_finds_nothing) {
  auto index = small_index();
  EXPECT_TRUE(index->search("", std::nullopt, 5).empty());
  EXPECT_TRUE(index->search("   \t\n", std::nullopt, 5).empty());
  EXPECT_TRUE(index->search("¿de la que?", std::nullopt, 5).empty());
  EXPECT_TRUE(index->search("xyzzy", std::nullopt, 5).empty());
}

TEST(faq_index, limit_is_clamped_to_one_through_twenty) {
  auto index = small_index();
  EXPECT_EQ(index->search("plazo", std::nullopt, 0).size(), 1u);
  EXPECT_EQ(index->search("plazo fases trámites responsables", std::nullopt, 1000).size(), 5u);
  auto form_index =
      faq_index::build(faq_catalog::load_directory(HELPCHAT_SOURCE_DIR "/faq/entries").value(), real_form());
  ASSERT_TRUE(form_index);
  EXPECT_EQ((*form_index)->search("plan actividad fecha trámite fase", std::nullopt, 1000).size(),
            faq_index::max_limit);
}

TEST(faq_index, over_long_query_is_truncated_not_refused) {
  auto index = small_index();
  std::string query = "plazo ";
  while (query.size() < 5000) query += "ñandú ";
  EXPECT_EQ(index->search(query, std::nullopt, 5).size(), 2u);
  std::string late = std::string(600, 'x') + " plazo";  // the only useful word lies past the cut
  EXPECT_TRUE(index->search(late, std::nullopt, 5).empty());
}

TEST(faq_index, hits_carry_the_original_text_and_fields) {
  auto index = small_index();
  auto hits = index->search("tramites", std::nullopt, 5);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].question, "¿Qué trámites priorizo?");
  EXPECT_EQ(hits[0].answer, "Los más solicitados por la ciudadanía.");
  EXPECT_EQ(hits[0].fields, std::vector<std::string>{"tramite_nombre"});
  EXPECT_GT(hits[0].score, 0);
}

TEST(faq_index, drafts_are_neither_searched_nor_listed) {
  auto index = small_index();
  EXPECT_EQ(index->size(), 5u);
  EXPECT_TRUE(index->search("borrador oculto", std::nullopt, 5).empty());
  EXPECT_EQ(index->json_text().find("borrador"), std::string::npos);
}

TEST(faq_index, entries_for_field_match_row_fields_in_any_section) {
  auto index = small_index();
  EXPECT_EQ(ids_of(index->entries_for_field("gel_fase")), std::vector<std::string>{"fase-gel"});
  EXPECT_EQ(ids_of(index->entries_for_field("gel_fases.fecha_fin")), std::vector<std::string>{"plazo-gel"});
  EXPECT_EQ(ids_of(index->entries_for_field("fecha_fin")), (std::vector<std::string>{"plazo-gel", "plazo-rendicion"}));
  EXPECT_EQ(ids_of(index->entries_for_field("gel_fases.responsable_dependencia")),
            std::vector<std::string>{"responsables"});
  EXPECT_TRUE(index->entries_for_field("no_existe").empty());
  EXPECT_TRUE(index->entries_for_field("gel_accesibilidad").empty());
}

TEST(faq_index, json_groups_entries_by_section_and_field) {
  auto index = small_index();
  auto document = json::parse(index->json_text());
  EXPECT_EQ(document["entries"].size(), 5u);
  EXPECT_EQ(document["entries"][0]["id"], "plazo-gel");
  EXPECT_FALSE(document["entries"][0].contains("legal_reference"));
  const json* gel = nullptr;
  for (const auto& section : document["sections"]) {
    if (section["id"] == "gel_fases") gel = &section;
  }
  ASSERT_NE(gel, nullptr);
  bool found_fase = false;
  bool found_plazo = false;
  for (const auto& field : (*gel)["fields"]) {
    if (field["id"] == "gel_fase") found_fase = field["entries"] == json::array({"fase-gel"});
    if (field["id"] == "gel_fases.fecha_fin") found_plazo = field["entries"] == json::array({"plazo-gel"});
  }
  EXPECT_TRUE(found_fase);
  EXPECT_TRUE(found_plazo);
  EXPECT_EQ(document["row_fields"][5]["id"], "responsable_dependencia");
  EXPECT_EQ(document["row_fields"][5]["entries"], json::array({"responsables"}));
  EXPECT_EQ(document["general"], json::array());
}

TEST(faq_index, duplicate_published_id_is_refused) {
  json entries = json::array({entry("a", {"general"}, "q", "a"), entry("a", {"general"}, "q2", "a2")});
  auto index = faq_index::build(faq_catalog::parse({{"x.json", entries.dump()}}).value(), real_form());
  ASSERT_FALSE(index);
  EXPECT_EQ(index.failure().code, error_code::invalid_message);
}

TEST(faq_index, builds_inside_a_given_connection_as_temp_tables) {
  sqlite3* connection = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &connection), SQLITE_OK);
  {
    auto index = faq_index::build_in(connection, small_catalog(), real_form());
    ASSERT_TRUE(index) << index.failure().message;
    EXPECT_EQ(ids_of((*index)->search("trámites", std::nullopt, 5)), std::vector<std::string>{"tramites"});
    // Rebuilding on the same connection replaces the tables.
    auto again = faq_index::build_in(connection, small_catalog(), real_form());
    ASSERT_TRUE(again) << again.failure().message;
    EXPECT_EQ((*again)->search("plazo", std::nullopt, 5).size(), 2u);
  }
  sqlite3_stmt* statement = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(connection, "SELECT count(*) FROM main.sqlite_schema", -1, &statement, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(statement, 0), 0);  // nothing written to the main database
  sqlite3_finalize(statement);
  sqlite3_close(connection);
}

TEST(faq_index, concurrent_searches_are_safe) {
  auto index = small_index();
  std::vector<std::thread> threads;
  std::atomic<int> found{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) found += static_cast<int>(index->search("responsables", std::nullopt, 3).size());
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(found.load(), 4 * 200);
}

}  // namespace
}  // namespace helpchat::faq
