#include "faq/place_name.hpp"

#include <array>

#include "faq/spanish_text.hpp"

namespace helpchat::faq {
namespace {

constexpr std::array joining_words{"de", "del", "la", "las", "los", "el", "y", "e", "o", "u", "en"};

bool is_joining_word(std::string_view lower_word) {
  for (std::string_view word : joining_words) {
    if (word == lower_word) return true;
  }
  return false;
}

std::size_t first_sequence_length(std::string_view word) {
  if (word.empty()) return 0;
  auto lead = static_cast<unsigned char>(word[0]);
  return (lead & 0xE0) == 0xC0 && word.size() >= 2 ? 2 : 1;
}

std::string capitalized(std::string_view lower_word) {
  std::size_t head = first_sequence_length(lower_word);
  return to_upper(lower_word.substr(0, head)) + std::string(lower_word.substr(head));
}

// One blank-separated token, possibly carrying punctuation ("BOGOTÁ," or "D.C." or "-").
std::string readable_token(std::string_view token, bool starts_name) {
  if (token.find('.') != std::string_view::npos) return std::string(token);  // an abbreviation: "D.C."
  std::string lower = to_lower(token);
  std::string_view bare = lower;
  while (!bare.empty() && (bare.back() == ',' || bare.back() == ';')) bare.remove_suffix(1);
  if (!starts_name && is_joining_word(bare)) return lower;
  return capitalized(lower);
}

}  // namespace

std::string readable_place_name(std::string_view dane_name) {
  std::string out;
  bool starts_name = true;
  std::size_t i = 0;
  while (i < dane_name.size()) {
    if (dane_name[i] == ' ') {
      out.push_back(' ');
      ++i;
      continue;
    }
    std::size_t end = dane_name.find(' ', i);
    if (end == std::string_view::npos) end = dane_name.size();
    std::string_view token = dane_name.substr(i, end - i);
    out += readable_token(token, starts_name);
    // After "PIENDAMÓ - TUNÍA"'s hyphen a second name begins.
    starts_name = token == "-";
    i = end;
  }
  return out;
}

}  // namespace helpchat::faq
