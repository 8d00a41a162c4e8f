#include "faq/term_vocabulary.hpp"

#include <algorithm>
#include <cstdint>
#include <tuple>

namespace helpchat::faq {
namespace {

// Below six letters one edit too often turns a real word into another real word ("model" → "modal"), and a
// wrong correction is worse than none.
constexpr std::size_t shortest_correctable = 6;
constexpr std::size_t long_word = 8;
// A term shorter than this is not offered as a correction for a longer word it merely begins ("ley" for
// "leyes"-like typos would pull in noise).
constexpr std::size_t shortest_prefix_suggestion = 5;

// Optimal string alignment distance between `a` and each prefix of `b` and between `b` and each prefix of `a`:
// the smaller of the last row's and the last column's minimum of the usual table.
std::size_t prefix_tolerant_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  std::size_t best = d[a.size()][b.size()];
  for (std::size_t j = 0; j <= b.size(); ++j) best = std::min(best, d[a.size()][j]);
  for (std::size_t i = 0; i <= a.size(); ++i) best = std::min(best, d[i][b.size()]);
  return best;
}

}  // namespace

term_vocabulary::term_vocabulary(std::vector<std::string> terms) : terms_(std::move(terms)) {
  std::sort(terms_.begin(), terms_.end());
  terms_.erase(std::unique(terms_.begin(), terms_.end()), terms_.end());
}

bool term_vocabulary::has_term_starting_with(std::string_view prefix) const {
  auto found = std::lower_bound(terms_.begin(), terms_.end(), prefix);
  return found != terms_.end() && std::string_view(*found).starts_with(prefix);
}

std::vector<std::string> term_vocabulary::likely_meant(std::string_view typed, std::size_t max_suggestions) const {
  if (typed.size() < shortest_correctable || has_term_starting_with(typed)) return {};
  std::size_t allowed = typed.size() >= long_word ? 2 : 1;

  // (distance, longer first, term): the longest close term keeps the most of what the official typed.
  std::vector<std::tuple<std::size_t, std::size_t, const std::string*>> candidates;
  auto first = std::lower_bound(terms_.begin(), terms_.end(), typed.substr(0, 1));
  for (auto term = first; term != terms_.end() && (*term)[0] == typed[0]; ++term) {
    if (term->size() < shortest_correctable) continue;
    if (term->size() + allowed < typed.size() && term->size() < shortest_prefix_suggestion) continue;
    std::size_t distance = prefix_tolerant_distance(typed, *term);
    if (distance <= allowed) candidates.emplace_back(distance, SIZE_MAX - term->size(), &*term);
  }
  std::sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
    return std::tie(std::get<0>(a), std::get<1>(a), *std::get<2>(a)) <
           std::tie(std::get<0>(b), std::get<1>(b), *std::get<2>(b));
  });
  std::vector<std::string> suggestions;
  for (const auto& candidate : candidates) {
    if (suggestions.size() == max_suggestions) break;
    suggestions.push_back(*std::get<2>(candidate));
  }
  return suggestions;
}

}  // namespace helpchat::faq
