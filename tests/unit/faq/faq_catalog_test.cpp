#include "faq/faq_catalog.hpp"

#include <gtest/gtest.h>

namespace helpchat::faq {
namespace {

const char* const one_entry = R"([{
  "id": "gel-fases-todas", "fields": ["gel_fase"], "question": "¿Todas?", "answer": "No.",
  "legal_reference": "Decreto 1151 de 2008", "tags": ["fases"], "status": "published"}])";

std::string refusal_of(const std::string& text) {
  auto catalog = faq_catalog::parse({{"prueba.json", text}});
  EXPECT_FALSE(catalog.ok());
  if (catalog) return "";
  EXPECT_EQ(catalog.failure().code, error_code::invalid_message);
  return catalog.failure().message;
}

TEST(faq_catalog, real_entries_load_with_at_least_60_entries) {
  auto catalog = faq_catalog::load_directory(HELPCHAT_SOURCE_DIR "/faq/entries");
  ASSERT_TRUE(catalog) << catalog.failure().message;
  EXPECT_GE(catalog->entries().size(), 60u);
  const faq_entry* entry = catalog->find("gel-fases-todas");
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->source, "gel_fases.json");
  EXPECT_EQ(entry->status, "published");
}

TEST(faq_catalog, entry_members_are_read) {
  auto catalog = faq_catalog::parse({{"gel_fases.json", one_entry}});
  ASSERT_TRUE(catalog) << catalog.failure().message;
  ASSERT_EQ(catalog->entries().size(), 1u);
  const faq_entry& entry = catalog->entries().front();
  EXPECT_EQ(entry.id, "gel-fases-todas");
  EXPECT_EQ(entry.fields, std::vector<std::string>{"gel_fase"});
  EXPECT_EQ(entry.question, "¿Todas?");
  EXPECT_EQ(entry.answer, "No.");
  EXPECT_EQ(entry.legal_reference, "Decreto 1151 de 2008");
  EXPECT_EQ(entry.tags, std::vector<std::string>{"fases"});
  EXPECT_EQ(entry.source, "gel_fases.json");
}

TEST(faq_catalog, files_keep_their_order_and_duplicates_are_left_to_the_validator) {
  auto catalog = faq_catalog::parse({{"a.json", one_entry}, {"b.json", one_entry}});
  ASSERT_TRUE(catalog) << catalog.failure().message;
  ASSERT_EQ(catalog->entries().size(), 2u);
  EXPECT_EQ(catalog->entries()[1].source, "b.json");
  EXPECT_EQ(catalog->find("gel-fases-todas")->source, "a.json");
}

TEST(faq_catalog, optional_members_may_be_absent) {
  auto catalog = faq_catalog::parse(
      {{"x.json", R"([{"id":"a","fields":["general"],"question":"q","answer":"a","status":"draft"}])"}});
  ASSERT_TRUE(catalog) << catalog.failure().message;
  EXPECT_FALSE(catalog->entries()[0].legal_reference);
  EXPECT_TRUE(catalog->entries()[0].tags.empty());
}

TEST(faq_catalog, file_that_is_not_a_list_is_refused) {
  EXPECT_NE(refusal_of(R"({"id":"a"})").find("prueba.json"), std::string::npos);
}

TEST(faq_catalog, invalid_json_names_the_file) { EXPECT_NE(refusal_of("[{").find("prueba.json"), std::string::npos); }

TEST(faq_catalog, misspelt_member_is_refused) {
  auto message = refusal_of(R"([{"id":"a","fields":["general"],"question":"q","anwser":"a","status":"draft"}])");
  EXPECT_NE(message.find("'anwser'"), std::string::npos) << message;
  EXPECT_NE(message.find("'a'"), std::string::npos) << message;
}

TEST(faq_catalog, missing_answer_is_refused) {
  EXPECT_NE(refusal_of(R"([{"id":"a","fields":["general"],"question":"q","status":"draft"}])").find("'answer'"),
            std::string::npos);
}

TEST(faq_catalog, fields_must_be_a_list_of_strings) {
  EXPECT_NE(
      refusal_of(R"([{"id":"a","fields":"general","question":"q","answer":"a","status":"draft"}])").find("'fields'"),
      std::string::npos);
  EXPECT_NE(refusal_of(R"([{"id":"a","fields":[1],"question":"q","answer":"a","status":"draft"}])").find("'fields'"),
            std::string::npos);
}

TEST(faq_catalog, missing_directory_is_not_found) {
  auto catalog = faq_catalog::load_directory(HELPCHAT_SOURCE_DIR "/faq/no-such-folder");
  ASSERT_FALSE(catalog);
  EXPECT_EQ(catalog.failure().code, error_code::not_found);
}

}  // namespace
}  // namespace helpchat::faq
