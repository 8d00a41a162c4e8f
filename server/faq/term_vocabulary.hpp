// The set of terms the FAQ index holds, used to forgive the usual typos cheaply: when a query term starts no
// term of the index ("resposable", "tramitez", "acesibilidad"), it is replaced by the index terms it most likely
// meant, found by edit distance. Terms that do start an index term are left to FTS5's prefix match.
//
// The FAQ has a few thousand distinct terms, so a linear scan over the terms that share the first letter costs
// microseconds; no automaton is needed. Immutable after construction: safe to read from many threads.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace helpchat::faq {

class term_vocabulary {
 public:
  term_vocabulary() = default;
  explicit term_vocabulary(std::vector<std::string> terms);  // any order, duplicates allowed

  std::size_t size() const { return terms_.size(); }
  bool has_term_starting_with(std::string_view prefix) const;

  // Up to `max_suggestions` terms that `typed` probably meant, closest first, or nothing when `typed` is short
  // (under 6 letters), already starts a term, or is too far from every term. A suggestion has the same first
  // letter as `typed` and is within one edit of it (two from 8 letters on), counting an adjacent swap as one
  // edit; either word may be compared to a prefix of the other, because a typo often defeats the stemmer and
  // leaves a longer ending ("responsabilidd" still meets "respons").
  std::vector<std::string> likely_meant(std::string_view typed, std::size_t max_suggestions = 3) const;

 private:
  std::vector<std::string> terms_;  // sorted, unique
};

}  // namespace helpchat::faq
