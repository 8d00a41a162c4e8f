#include "faq/term_vocabulary.hpp"

#include <gtest/gtest.h>

namespace helpchat::faq {
namespace {

term_vocabulary small_vocabulary() {
  return term_vocabulary({"respons", "rendicion", "accesibil", "tramit", "modal", "ley", "tramit"});
}

TEST(term_vocabulary, knows_prefixes_of_its_terms) {
  auto vocabulary = small_vocabulary();
  EXPECT_EQ(vocabulary.size(), 6u);
  EXPECT_TRUE(vocabulary.has_term_starting_with("resp"));
  EXPECT_TRUE(vocabulary.has_term_starting_with("tramit"));
  EXPECT_FALSE(vocabulary.has_term_starting_with("tramitt"));
}

TEST(term_vocabulary, one_typo_is_forgiven) {
  auto vocabulary = small_vocabulary();
  EXPECT_EQ(vocabulary.likely_meant("rendicon"), (std::vector<std::string>{"rendicion"}));
  EXPECT_EQ(vocabulary.likely_meant("acsesibil"), (std::vector<std::string>{"accesibil"}));
}

TEST(term_vocabulary, a_typo_in_the_ending_still_meets_the_stem) {
  auto vocabulary = small_vocabulary();
  EXPECT_EQ(vocabulary.likely_meant("responsabilidd"), (std::vector<std::string>{"respons"}));
  EXPECT_EQ(vocabulary.likely_meant("tramitt"), (std::vector<std::string>{"tramit"}));
}

TEST(term_vocabulary, short_or_distant_words_are_not_corrected) {
  auto vocabulary = small_vocabulary();
  EXPECT_TRUE(vocabulary.likely_meant("model").empty());  // one edit from "modal", but a word of its own
  EXPECT_TRUE(vocabulary.likely_meant("leyes").empty());
  EXPECT_TRUE(vocabulary.likely_meant("presupuest").empty());
  EXPECT_TRUE(vocabulary.likely_meant("respons").empty());  // already a term
}

TEST(term_vocabulary, empty_vocabulary_suggests_nothing) {
  term_vocabulary vocabulary;
  EXPECT_FALSE(vocabulary.has_term_starting_with("a"));
  EXPECT_TRUE(vocabulary.likely_meant("rendicion").empty());
}

}  // namespace
}  // namespace helpchat::faq
