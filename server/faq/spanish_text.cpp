#include "faq/spanish_text.hpp"

#include <algorithm>

namespace helpchat::faq {
namespace {

constexpr unsigned char latin1_lead = 0xC3;
// In the 0xC3 block, the second byte 0x80–0x9E holds capitals and 0xA0–0xBE their small letters, 0x20 apart.
// 0x97 (×) and 0xB7 (÷) are signs, 0x9F (ß) and 0xBF (ÿ) have no partner in the block.
constexpr unsigned char multiplication_sign = 0x97;
constexpr unsigned char division_sign = 0xB7;
constexpr unsigned char case_distance = 0x20;

bool is_latin1_pair(std::string_view text, std::size_t at) {
  return at + 1 < text.size() && static_cast<unsigned char>(text[at]) == latin1_lead;
}

bool is_latin1_capital(unsigned char second) {
  return second >= 0x80 && second <= 0x9E && second != multiplication_sign;
}
bool is_latin1_small(unsigned char second) { return second >= 0xA0 && second <= 0xBE && second != division_sign; }

std::size_t sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;  // a continuation or invalid byte: step over it alone
}

// The base letter of a Latin-1 letter (lower case second byte), or 0 when it has no plain ASCII base.
char base_letter(unsigned char small_second) {
  switch (small_second) {
    case 0xA0:
    case 0xA1:
    case 0xA2:
    case 0xA3:
    case 0xA4:
    case 0xA5:
      return 'a';  // à á â ã ä å
    case 0xA7:
      return 'c';  // ç
    case 0xA8:
    case 0xA9:
    case 0xAA:
    case 0xAB:
      return 'e';  // è é ê ë
    case 0xAC:
    case 0xAD:
    case 0xAE:
    case 0xAF:
      return 'i';  // ì í î ï
    case 0xB1:
      return 'n';  // ñ
    case 0xB2:
    case 0xB3:
    case 0xB4:
    case 0xB5:
    case 0xB6:
    case 0xB8:
      return 'o';  // ò ó ô õ ö ø
    case 0xB9:
    case 0xBA:
    case 0xBB:
    case 0xBC:
      return 'u';  // ù ú û ü
    case 0xBD:
      return 'y';  // ý
    default:
      return 0;
  }
}

}  // namespace

std::string to_lower(std::string_view text) {
  std::string out(text);
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto byte = static_cast<unsigned char>(out[i]);
    if (byte >= 'A' && byte <= 'Z') {
      out[i] = static_cast<char>(byte + case_distance);
    } else if (is_latin1_pair(out, i)) {
      auto second = static_cast<unsigned char>(out[i + 1]);
      if (is_latin1_capital(second)) out[i + 1] = static_cast<char>(second + case_distance);
      ++i;
    }
  }
  return out;
}

std::string to_upper(std::string_view text) {
  std::string out(text);
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto byte = static_cast<unsigned char>(out[i]);
    if (byte >= 'a' && byte <= 'z') {
      out[i] = static_cast<char>(byte - case_distance);
    } else if (is_latin1_pair(out, i)) {
      auto second = static_cast<unsigned char>(out[i + 1]);
      if (is_latin1_small(second)) out[i + 1] = static_cast<char>(second - case_distance);
      ++i;
    }
  }
  return out;
}

std::string strip_diacritics(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!is_latin1_pair(text, i)) {
      out.push_back(text[i]);
      continue;
    }
    auto second = static_cast<unsigned char>(text[i + 1]);
    bool capital = is_latin1_capital(second);
    char base = base_letter(capital ? static_cast<unsigned char>(second + case_distance) : second);
    if (base != 0) {
      out.push_back(capital ? static_cast<char>(base - case_distance) : base);
    } else {
      out.append(text.substr(i, 2));
    }
    ++i;
  }
  return out;
}

bool is_word_character(std::string_view text, std::size_t at, std::size_t& length) {
  auto byte = static_cast<unsigned char>(text[at]);
  length = std::min(sequence_length(byte), text.size() - at);
  if (byte < 0x80) return (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9');
  if (length == 2 && byte == latin1_lead) {
    auto second = static_cast<unsigned char>(text[at + 1]);
    return is_latin1_capital(second) || is_latin1_small(second) || second == 0x9F || second == 0xBF;
  }
  return false;
}

std::string_view truncate_utf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  // Step back over continuation bytes (10xxxxxx) to the start of the sequence that would be cut.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

}  // namespace helpchat::faq
