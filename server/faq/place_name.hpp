// Turns DANE's upper-case place names into the way Spanish writes them in a sentence:
// "SAN ANDRÉS DE TUMACO" → "San Andrés de Tumaco", "ARCHIPIÉLAGO DE SAN ANDRÉS, PROVIDENCIA Y SANTA CATALINA" →
// "Archipiélago de San Andrés, Providencia y Santa Catalina", "BOGOTÁ, D.C." → "Bogotá, D.C.".
// Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace helpchat::faq {

// Each word gets a capital first letter and small letters after it, keeping accents; the joining words (de, del,
// la, las, los, el, y, e, o, u, en) stay small except at the start of the name or after a hyphen; abbreviations
// with dots ("D.C.") stay in capitals.
// Known limit: names whose official spelling capitalises an inner article ("María La Baja") come out with it
// small ("María la Baja"), which is how the words read in running text.
std::string readable_place_name(std::string_view dane_name);

}  // namespace helpchat::faq
