// Turns Spanish text into the terms the FAQ index stores and looks up, the same way on both sides so that a
// query meets the entries whatever the accents, case or inflection:
//   "¿Quiénes son los RESPONSABLES de los trámites?" → respons, tramit
// Steps: split into words (letters and digits; anything else separates), small letters, drop one-letter words
// and Spanish stop words, stem each word with Snowball and remove accents.
//
// Accents and the stemmer: Snowball's Spanish rules look for accented suffixes, so "información" stems to
// "inform" but "informacion" (as officials often type it) stays "informacion". A word therefore yields two
// terms when they differ: the stem of the word as written, and the stem of the word without accents. The
// entries are written with accents, so indexing both lets an unaccented query meet them, and stemming the query
// the same way lets an accented query meet them too.
//
// Thread-safety: not thread-safe (it owns a spanish_stemmer); one instance per thread or behind a mutex.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "faq/spanish_stemmer.hpp"

namespace helpchat::faq {

class spanish_analyzer {
 public:
  // The terms of `text`, in order of appearance, made of [a-z0-9] only (so they can be quoted in an FTS5 query
  // without escaping). A word may yield one or two terms (see above); a stop word yields none.
  std::vector<std::string> terms(std::string_view text);

  // Terms (or any words) separated by spaces, as an FTS5 column (tokenize unicode61) stores them.
  static std::string joined(const std::vector<std::string>& terms);

  // `word` in small letters without accents: "de", "para", "cual", "buenos", "gracias"…
  static bool is_stop_word(std::string_view word);

 private:
  spanish_stemmer stemmer_;
};

}  // namespace helpchat::faq
