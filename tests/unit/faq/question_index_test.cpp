#include "faq/question_index.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace helpchat::faq {
namespace {

const form_model& real_form() {
  static const form_model form = form_model::load_file(HELPCHAT_SOURCE_DIR "/faq/form.json").value();
  return form;
}

constexpr help_session_id session{1};
constexpr help_session_id other_session{2};

std::unique_ptr<question_index> sample_index() {
  auto index = question_index::build(real_form()).value();
  EXPECT_TRUE(
      index->add(session, question_id{2}, "gel_fase", "¿Debo diligenciar las cinco fases de Gobierno en línea?"));
  EXPECT_TRUE(index->add(session, question_id{3}, "tramite_nombre", "¿Qué trámites debo priorizar este año?"));
  EXPECT_TRUE(index->add(session, question_id{4}, "gel_criterio", "¿Cuántas fases hay que diligenciar?"));
  EXPECT_TRUE(index->add(session, question_id{5}, "general", "¿Hasta cuándo se puede enviar el plan?"));
  EXPECT_TRUE(index->add(other_session, question_id{2}, "gel_fase", "¿Debo diligenciar las cinco fases?"));
  return index;
}

std::vector<std::int64_t> ids_of(const std::vector<question_hit>& hits) {
  std::vector<std::int64_t> ids;
  for (const auto& hit : hits) ids.push_back(hit.question.value);
  return ids;
}

TEST(question_index, finds_the_same_question_whatever_the_accents_case_and_inflection) {
  auto index = sample_index();
  auto hits = index->similar(session, "DILIGENCIO LAS FASES DE GOBIERNO EN LINEA", std::nullopt, 5);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits.front().question, question_id{2});
  EXPECT_EQ(hits.front().field, "gel_fase");
  EXPECT_EQ(hits.front().text, "¿Debo diligenciar las cinco fases de Gobierno en línea?");
}

TEST(question_index, the_picked_field_goes_first_among_equally_close_questions) {
  auto index = sample_index();
  auto unboosted = ids_of(index->similar(session, "diligenciar fases", std::nullopt, 5));
  ASSERT_EQ(unboosted.size(), 2u);
  EXPECT_EQ(ids_of(index->similar(session, "diligenciar fases", std::string("gel_criterio"), 5)).front(), 4);
  EXPECT_EQ(ids_of(index->similar(session, "diligenciar fases", std::string("gel_fase"), 5)).front(), 2);
}

TEST(question_index, a_question_sharing_one_word_of_many_is_not_offered) {
  auto index = sample_index();
  // "plan" is in question 5, but the other three words are not: another topic.
  EXPECT_TRUE(index->similar(session, "responsable del plan de capacitación servidores", std::nullopt, 5).empty());
  EXPECT_EQ(ids_of(index->similar(session, "¿hasta cuándo enviar el plan?", std::nullopt, 5)),
            (std::vector<std::int64_t>{5}));
}

TEST(question_index, sessions_are_searched_apart) {
  auto index = sample_index();
  auto hits = index->similar(other_session, "diligenciar fases", std::nullopt, 5);
  EXPECT_EQ(ids_of(hits), (std::vector<std::int64_t>{2}));
  EXPECT_EQ(hits.front().text, "¿Debo diligenciar las cinco fases?");
  EXPECT_TRUE(index->similar(help_session_id{9}, "diligenciar fases", std::nullopt, 5).empty());
}

TEST(question_index, adding_a_question_twice_keeps_the_first) {
  auto index = sample_index();
  ASSERT_TRUE(index->add(session, question_id{3}, "gel_fase", "Otra cosa distinta"));
  EXPECT_EQ(ids_of(index->similar(session, "priorizar trámites", std::nullopt, 5)), (std::vector<std::int64_t>{3}));
  EXPECT_TRUE(index->similar(session, "otra cosa distinta", std::nullopt, 5).empty());
}

TEST(question_index, hostile_or_empty_queries_find_nothing_and_never_fail) {
  auto index = sample_index();
  for (std::string_view query : {"", "   ", "de la el", "\" NEAR( zzz", "* : ( ) ^ -"}) {
    EXPECT_TRUE(index->similar(session, query, std::nullopt, 5).empty()) << query;
  }
  std::string pasted(5000, 'a');
  EXPECT_TRUE(index->similar(session, pasted, std::nullopt, 5).empty());
}

TEST(question_index, the_limit_is_clamped) {
  auto index = question_index::build(real_form()).value();
  for (std::int64_t id = 1; id <= 30; ++id) {
    ASSERT_TRUE(index->add(session, question_id{id}, "gel_fase", "¿Debo diligenciar las fases?"));
  }
  EXPECT_EQ(index->similar(session, "diligenciar fases", std::nullopt, 0).size(), 1u);
  EXPECT_EQ(index->similar(session, "diligenciar fases", std::nullopt, 100).size(), question_index::max_limit);
}

}  // namespace
}  // namespace helpchat::faq
