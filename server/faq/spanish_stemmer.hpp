// Owns one Snowball "spanish" stemmer (Debian's libstemmer, UTF-8): "responsables", "responsable" and
// "responsabilidad" all become "respons"; "trámites" becomes "tramit".
//
// Thread-safety: NOT thread-safe. libstemmer writes each result into a buffer inside the stemmer, so one
// instance must be used by one thread at a time (give each thread its own, or guard it with the owner's mutex,
// as faq_index does). Distinct instances are independent.
#pragma once

#include <memory>
#include <string>
#include <string_view>

struct sb_stemmer;

namespace helpchat::faq {

class spanish_stemmer {
 public:
  // Throws std::runtime_error when libstemmer has no Spanish UTF-8 stemmer or no memory: a broken install,
  // found at start-up.
  spanish_stemmer();

  // The stem of one word. The word should be in small letters (Snowball's rules are written for them); it may
  // carry accents, which help the Spanish rules ("información" → "inform", but "informacion" → "informacion").
  // Returns the word itself when libstemmer cannot stem it (out of memory) or it is too long.
  std::string stem(std::string_view lower_case_word);

 private:
  struct deleter {
    void operator()(sb_stemmer* stemmer) const;
  };
  std::unique_ptr<sb_stemmer, deleter> stemmer_;
};

}  // namespace helpchat::faq
