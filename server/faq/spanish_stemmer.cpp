#include "faq/spanish_stemmer.hpp"

#include <libstemmer.h>

#include <climits>
#include <stdexcept>

namespace helpchat::faq {

void spanish_stemmer::deleter::operator()(sb_stemmer* stemmer) const { sb_stemmer_delete(stemmer); }

spanish_stemmer::spanish_stemmer() : stemmer_(sb_stemmer_new("spanish", "UTF_8")) {
  if (!stemmer_) throw std::runtime_error("libstemmer: no Spanish UTF-8 stemmer available");
}

std::string spanish_stemmer::stem(std::string_view lower_case_word) {
  if (lower_case_word.size() > static_cast<std::size_t>(INT_MAX)) return std::string(lower_case_word);
  const sb_symbol* stemmed = sb_stemmer_stem(stemmer_.get(), reinterpret_cast<const sb_symbol*>(lower_case_word.data()),
                                             static_cast<int>(lower_case_word.size()));
  if (stemmed == nullptr) return std::string(lower_case_word);
  auto length = static_cast<std::size_t>(sb_stemmer_length(stemmer_.get()));
  return std::string(reinterpret_cast<const char*>(stemmed), length);
}

}  // namespace helpchat::faq
