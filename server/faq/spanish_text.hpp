// Letter case and accent folding for Spanish text in UTF-8, without a full Unicode library.
//
// Spanish needs only ASCII plus the Latin-1 letters (á é í ó ú ü ñ and their capitals), which UTF-8 encodes as
// two bytes starting with 0xC3. These functions map exactly those; every other byte sequence passes through
// untouched, so they never corrupt text they do not understand (a Greek or Cyrillic letter keeps its case).
// All functions are pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace helpchat::faq {

// "ÁRBOL Ñandú" → "árbol ñandú".
std::string to_lower(std::string_view text);
// "árbol ñandú" → "ÁRBOL ÑANDÚ".
std::string to_upper(std::string_view text);
// Removes the accents and folds ñ → n and ü → u, as SQLite's unicode61 tokenizer with remove_diacritics 2 does:
// "Información Güicán Nariño" → "Informacion Guican Narino".
std::string strip_diacritics(std::string_view text);

// True when the UTF-8 sequence starting at text[at] is a letter or a digit in the sense above (ASCII letters and
// digits, Latin-1 letters). `length` receives the sequence's length in bytes (1 for ASCII, 2 for Latin-1, the
// length of the sequence otherwise, and 1 for a stray byte).
bool is_word_character(std::string_view text, std::size_t at, std::size_t& length);

// The longest prefix of `text` that is at most `max_bytes` long and does not end inside a UTF-8 sequence.
std::string_view truncate_utf8(std::string_view text, std::size_t max_bytes);

}  // namespace helpchat::faq
