#include "faq/spanish_stemmer.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "faq/spanish_analyzer.hpp"
#include "faq/spanish_text.hpp"

namespace helpchat::faq {
namespace {

TEST(spanish_stemmer, responsables_responsable_and_responsabilidad_meet) {
  spanish_stemmer stemmer;
  EXPECT_EQ(stemmer.stem("responsables"), stemmer.stem("responsable"));
  EXPECT_EQ(stemmer.stem("responsable"), stemmer.stem("responsabilidad"));
  EXPECT_EQ(stemmer.stem("responsabilidad"), "respons");
}

TEST(spanish_stemmer, tramites_stems_to_tramit) {
  spanish_stemmer stemmer;
  EXPECT_EQ(stemmer.stem("trámites"), "tramit");
  EXPECT_EQ(stemmer.stem("trámite"), "tramit");
  EXPECT_EQ(stemmer.stem("tramites"), "tramit");
}

TEST(spanish_stemmer, empty_word_stays_empty) {
  spanish_stemmer stemmer;
  EXPECT_EQ(stemmer.stem(""), "");
}

TEST(spanish_stemmer, instances_are_independent) {
  spanish_stemmer first;
  spanish_stemmer second;
  std::string a = first.stem("actividades");
  std::string b = second.stem("indicadores");
  EXPECT_EQ(a, "activ");
  EXPECT_EQ(b, "indic");
}

TEST(spanish_analyzer, accents_and_case_do_not_matter) {
  spanish_analyzer analyzer;
  auto accented = analyzer.terms("INFORMACIÓN");
  auto plain = analyzer.terms("informacion");
  // The accented word yields both stems, so it meets the plain one.
  ASSERT_FALSE(plain.empty());
  EXPECT_NE(std::find(accented.begin(), accented.end(), plain.front()), accented.end());
}

TEST(spanish_analyzer, drops_stop_words_and_punctuation) {
  spanish_analyzer analyzer;
  EXPECT_EQ(analyzer.terms("¿Quiénes son los RESPONSABLES de los trámites?"),
            (std::vector<std::string>{"respons", "tramit"}));
  EXPECT_TRUE(analyzer.terms("Buenos días, gracias por favor").empty());
  EXPECT_TRUE(analyzer.terms("   \t\n ").empty());
}

TEST(spanish_analyzer, keeps_numbers_and_folds_enye) {
  spanish_analyzer analyzer;
  EXPECT_EQ(analyzer.terms("NTC 5854"), (std::vector<std::string>{"ntc", "5854"}));
  auto terms = analyzer.terms("año");
  ASSERT_FALSE(terms.empty());
  for (const auto& term : terms) {
    EXPECT_EQ(term.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789"), std::string::npos);
  }
}

TEST(spanish_analyzer, terms_hold_only_plain_letters_and_digits) {
  spanish_analyzer analyzer;
  for (const auto& term : analyzer.terms("\"respons\"* NEAR(a b) col:x ^y -z æsir straße Ωmega 😀 l'école")) {
    EXPECT_EQ(term.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789"), std::string::npos) << term;
    EXPECT_FALSE(term.empty());
  }
}

TEST(spanish_text, lower_upper_and_strip_handle_spanish_letters) {
  EXPECT_EQ(to_lower("ÁRBOL ÑANDÚ Güicán"), "árbol ñandú güicán");
  EXPECT_EQ(to_upper("árbol ñandú güicán"), "ÁRBOL ÑANDÚ GÜICÁN");
  EXPECT_EQ(strip_diacritics("Información Güicán Nariño"), "Informacion Guican Narino");
  EXPECT_EQ(to_lower("Ωmega"), "Ωmega");  // outside Latin-1: left alone
}

TEST(spanish_text, truncation_never_cuts_a_character) {
  std::string text = "aé";  // 'a' then two bytes
  EXPECT_EQ(truncate_utf8(text, 2), "a");
  EXPECT_EQ(truncate_utf8(text, 3), "aé");
  EXPECT_EQ(truncate_utf8(text, 10), "aé");
}

}  // namespace
}  // namespace helpchat::faq
