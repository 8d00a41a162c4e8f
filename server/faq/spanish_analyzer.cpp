#include "faq/spanish_analyzer.hpp"

#include <algorithm>
#include <array>

#include "faq/spanish_text.hpp"

namespace helpchat::faq {
namespace {

// Words that tell a search nothing: articles, prepositions, pronouns, the commonest verb forms, question words
// and the courtesies officials open a chat message with. Written without accents (they are compared after
// folding) and kept sorted for binary search. "cuantos/cuantas" are deliberately absent: "¿cuántas
// actividades?" asks something.
constexpr std::array<std::string_view, 149> stop_words{
    "al",       "algo",     "alguien", "algun",   "alguna", "algunas", "alguno",   "algunos",  "ante",    "antes",
    "aqui",     "asi",      "aun",     "buen",    "buena",  "buenas",  "bueno",    "buenos",   "cada",    "como",
    "con",      "consulta", "contra",  "cordial", "cual",   "cuales",  "cuando",   "de",       "debe",    "debemos",
    "deben",    "debo",     "del",     "desde",   "dia",    "dias",    "donde",    "dr",       "dra",     "duda",
    "e",        "el",       "ella",    "ellas",   "ellos",  "en",      "entonces", "entre",    "era",     "es",
    "esa",      "esas",     "ese",     "eso",     "esos",   "esta",    "estamos",  "estan",    "estas",   "este",
    "esto",     "estos",    "estoy",   "favor",   "fue",    "gracias", "ha",       "hace",     "hacer",   "han",
    "hay",      "he",       "hemos",   "hola",    "la",     "las",     "le",       "les",      "lo",      "los",
    "me",       "mi",       "mis",     "mucho",   "muchos", "muy",     "nos",      "nosotros", "nuestra", "nuestras",
    "nuestro",  "nuestros", "o",       "otra",    "otras",  "otro",    "otros",    "para",     "pero",    "por",
    "porque",   "pregunta", "puede",   "pueden",  "puedo",  "pues",    "que",      "quien",    "quienes", "quiero",
    "quisiera", "saber",    "saludo",  "saludos", "se",     "sea",     "ser",      "seria",    "si",      "sin",
    "sobre",    "son",      "soy",     "su",      "sus",    "tambien", "tardes",   "te",       "tenemos", "tener",
    "tengo",    "tiene",    "tienen",  "toca",    "tu",     "tus",     "u",        "un",       "una",     "unas",
    "uno",      "unos",     "usted",   "ustedes", "va",     "vamos",   "y",        "ya",       "yo"};

// Letters such as æ or ß have no plain base; dropping them keeps every term inside [a-z0-9].
std::string only_plain_letters(std::string term) {
  std::erase_if(term, [](char c) { return !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')); });
  return term;
}

}  // namespace

bool spanish_analyzer::is_stop_word(std::string_view word) {
  return std::binary_search(stop_words.begin(), stop_words.end(), word);
}

std::vector<std::string> spanish_analyzer::terms(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t length = 0;
    if (!is_word_character(text, i, length)) {
      i += length;
      continue;
    }
    std::size_t start = i;
    while (i < text.size() && is_word_character(text, i, length)) i += length;

    std::string word = to_lower(text.substr(start, i - start));
    std::string plain = strip_diacritics(word);
    if (plain.size() < 2 || is_stop_word(plain)) continue;
    std::string as_written = only_plain_letters(strip_diacritics(stemmer_.stem(word)));
    std::string without_accents = only_plain_letters(stemmer_.stem(plain));
    if (!as_written.empty()) out.push_back(as_written);
    if (!without_accents.empty() && without_accents != as_written) out.push_back(std::move(without_accents));
  }
  return out;
}

std::string spanish_analyzer::joined(const std::vector<std::string>& terms) {
  std::string out;
  for (const auto& term : terms) {
    if (!out.empty()) out.push_back(' ');
    out += term;
  }
  return out;
}

}  // namespace helpchat::faq
