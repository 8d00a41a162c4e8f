// The one UTF-8 check (common/utf8.hpp): whole strings (is_valid_utf8, for request targets, headers and bodies) and
// the incremental form the WebSocket frame parser feeds fragment by fragment.
#include "common/utf8.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>

namespace helpchat {
namespace {

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

// The obvious decoder, to compare the state machine against.
bool reference_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    std::uint32_t cp = 0;
    std::uint32_t min = 0;
    if (lead < 0x80)
      length = 1, cp = lead;
    else if ((lead & 0xE0) == 0xC0)
      length = 2, cp = lead & 0x1F, min = 0x80;
    else if ((lead & 0xF0) == 0xE0)
      length = 3, cp = lead & 0x0F, min = 0x800;
    else if ((lead & 0xF8) == 0xF0)
      length = 4, cp = lead & 0x07, min = 0x10000;
    else
      return false;
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto c = static_cast<unsigned char>(text[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = cp << 6 | (c & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += length;
  }
  return true;
}

// Any code point, surrogates included, in the UTF-8 bit layout.
std::string encode_code_point(std::uint32_t cp) {
  if (cp < 0x80) return bytes({static_cast<int>(cp)});
  if (cp < 0x800) return bytes({0xC0 | static_cast<int>(cp >> 6), 0x80 | static_cast<int>(cp & 0x3F)});
  if (cp < 0x10000) {
    return bytes({0xE0 | static_cast<int>(cp >> 12), 0x80 | static_cast<int>((cp >> 6) & 0x3F),
                  0x80 | static_cast<int>(cp & 0x3F)});
  }
  return bytes({0xF0 | static_cast<int>(cp >> 18), 0x80 | static_cast<int>((cp >> 12) & 0x3F),
                0x80 | static_cast<int>((cp >> 6) & 0x3F), 0x80 | static_cast<int>(cp & 0x3F)});
}

TEST(is_valid_utf8, accepts_valid_text) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("Hello, world"));
  EXPECT_TRUE(is_valid_utf8("¿Dónde está la biblioteca? Ñandú, pingüino"));
  EXPECT_TRUE(is_valid_utf8("\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5")) << "κόσμε (Autobahn 6.2)";
  EXPECT_TRUE(is_valid_utf8("😀 emoji and 中文"));
  EXPECT_TRUE(is_valid_utf8(std::string_view("\0", 1))) << "U+0000 is a code point like any other";
}

TEST(is_valid_utf8, accepts_the_boundaries_of_each_range) {
  for (std::uint32_t cp : {0x0u, 0x7Fu, 0x80u, 0x7FFu, 0x800u, 0xD7FFu, 0xE000u, 0xFFFDu, 0xFFFEu, 0xFFFFu, 0x10000u,
                           0xFFFFFu, 0x100000u, 0x10FFFFu}) {
    EXPECT_TRUE(is_valid_utf8(encode_code_point(cp))) << std::hex << "U+" << cp;
  }
}

TEST(is_valid_utf8, refuses_overlong_encodings) {
  for (std::string_view s : {"\xC0\x80", "\xC1\xBF", "\xC0\xAF", "\xE0\x80\x80", "\xE0\x80\xAF", "\xE0\x9F\xBF",
                             "\xF0\x80\x80\x80", "\xF0\x80\x80\xAF", "\xF0\x8F\xBF\xBF"}) {
    EXPECT_FALSE(is_valid_utf8(s)) << testing::PrintToString(s);
  }
}

TEST(is_valid_utf8, refuses_surrogates) {
  for (std::string_view s : {"\xED\xA0\x80", "\xED\xAD\xBF", "\xED\xAE\x80", "\xED\xAF\xBF", "\xED\xB0\x80",
                             "\xED\xBE\x80", "\xED\xBF\xBF", "\xED\xA0\x80\xED\xB0\x80", "\xED\xAF\xBF\xED\xBF\xBF"}) {
    EXPECT_FALSE(is_valid_utf8(s)) << testing::PrintToString(s);
  }
}

TEST(is_valid_utf8, refuses_code_points_above_10ffff) {
  for (std::string_view s : {"\xF4\x90\x80\x80", "\xF4\xBF\xBF\xBF", "\xF5\x80\x80\x80", "\xF7\xBF\xBF\xBF",
                             "\xF8\x88\x80\x80\x80", "\xFC\x84\x80\x80\x80\x80"}) {
    EXPECT_FALSE(is_valid_utf8(s)) << testing::PrintToString(s);
  }
}

TEST(is_valid_utf8, refuses_bad_continuation_bytes) {
  for (std::string_view s : {"\x80", "\xBF", "a\x80z", "\xC2\x41", "\xE1\x80\x41", "\xF1\x80\x80\x41", "\xC2\xC2",
                             "\xFE", "\xFF", "\xFE\xFE\xFF\xFF", "\xC2\x80\x80"}) {
    EXPECT_FALSE(is_valid_utf8(s)) << testing::PrintToString(s);
  }
}

TEST(utf8_validator, a_sequence_cut_at_the_end_is_a_valid_prefix_but_not_complete) {
  for (std::string_view s : {"\xC2", "\xE2\x82", "\xE2", "\xF0\x9F\x98", "\xF4\x8F", "abc\xCE"}) {
    utf8_validator v;
    EXPECT_TRUE(v.feed(s)) << testing::PrintToString(s);
    EXPECT_FALSE(v.complete()) << testing::PrintToString(s);
  }
}

TEST(utf8_validator, fails_fast_at_the_first_impossible_byte) {
  utf8_validator v;
  EXPECT_TRUE(v.feed("\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5"));
  EXPECT_FALSE(v.feed("\xF4\x90")) << "no code point starts F4 90: no need to wait for the rest (Autobahn 6.4.1)";
  utf8_validator w;
  EXPECT_FALSE(w.feed("\xED\xA0")) << "the start of a surrogate";
  utf8_validator x;
  EXPECT_FALSE(x.feed("\xE0\x80")) << "the start of an overlong";
}

TEST(utf8_validator, stays_refused_until_reset) {
  utf8_validator v;
  EXPECT_FALSE(v.feed("\xC0"));
  EXPECT_FALSE(v.feed("abc"));
  EXPECT_FALSE(v.feed(""));
  EXPECT_FALSE(v.complete());
  v.reset();
  EXPECT_TRUE(v.feed("abc"));
  EXPECT_TRUE(v.complete());
}

TEST(utf8_validator, a_code_point_may_be_split_across_feeds_anywhere) {
  const std::string text = "x\xC3\xB1y\xE2\x82\xACz\xF0\x9F\x98\x80w\xF4\x8F\xBF\xBFv\xED\x9F\xBF";
  for (std::size_t i = 0; i <= text.size(); ++i) {
    for (std::size_t j = i; j <= text.size(); ++j) {
      utf8_validator v;
      EXPECT_TRUE(v.feed(std::string_view(text).substr(0, i))) << i << " " << j;
      EXPECT_TRUE(v.feed(std::string_view(text).substr(i, j - i))) << i << " " << j;
      EXPECT_TRUE(v.feed(std::string_view(text).substr(j))) << i << " " << j;
      EXPECT_TRUE(v.complete()) << i << " " << j;
    }
  }
}

TEST(utf8_validator, an_invalid_sequence_is_refused_however_it_is_split) {
  for (std::string_view bad : {"ab\xED\xA0\x80xy", "ab\xE0\x80\x80xy", "ab\xF4\x90\x80\x80", "ab\xC0\x80"}) {
    const std::string text(bad);
    for (std::size_t i = 0; i <= text.size(); ++i) {
      utf8_validator v;
      const bool ok = v.feed(std::string_view(text).substr(0, i)) && v.feed(std::string_view(text).substr(i));
      EXPECT_FALSE(ok) << testing::PrintToString(bad) << " split at " << i;
    }
  }
}

TEST(is_valid_utf8, ascii_fast_path_finds_a_bad_byte_at_every_offset) {
  for (std::size_t at = 0; at < 40; ++at) {
    std::string text(40, 'x');
    text[at] = '\x80';
    EXPECT_FALSE(is_valid_utf8(text)) << "a lone continuation byte at " << at;
    text[at] = '\xC3';
    EXPECT_FALSE(is_valid_utf8(text)) << "a lead byte followed by ASCII at " << at;
    text.replace(at, 1, "\xC3\xB1");
    EXPECT_TRUE(is_valid_utf8(text)) << "a valid sequence at " << at;
  }
}

TEST(is_valid_utf8, every_code_point_is_valid_except_surrogates) {
  for (std::uint32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
    ASSERT_EQ(is_valid_utf8(encode_code_point(cp)), !surrogate) << std::hex << "U+" << cp;
  }
}

TEST(is_valid_utf8, agrees_with_a_reference_decoder_on_every_two_and_three_byte_string) {
  std::string s(2, '\0');
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      s[0] = static_cast<char>(a);
      s[1] = static_cast<char>(b);
      ASSERT_EQ(is_valid_utf8(s), reference_valid_utf8(s)) << testing::PrintToString(s);
    }
  }
  s.resize(3);
  for (int a = 0xC0; a < 256; ++a) {  // below C0 the first byte decides alone, as the two-byte strings showed
    for (int b = 0; b < 256; ++b) {
      for (int c = 0; c < 256; ++c) {
        s[0] = static_cast<char>(a);
        s[1] = static_cast<char>(b);
        s[2] = static_cast<char>(c);
        ASSERT_EQ(is_valid_utf8(s), reference_valid_utf8(s)) << testing::PrintToString(s);
      }
    }
  }
}

TEST(is_valid_utf8, agrees_with_a_reference_decoder_on_random_text) {
  std::mt19937 random(6455);
  // Bytes drawn mostly from the interesting ranges, so that long valid runs and near misses both occur.
  const std::string alphabet = "aZ \x7F\x80\x8F\x90\x9F\xA0\xBF\xC0\xC2\xDF\xE0\xE1\xED\xEE\xF0\xF1\xF4\xF5\xFF";
  for (int round = 0; round < 20000; ++round) {
    std::string s(random() % 24, '\0');
    for (char& c : s) c = alphabet[random() % alphabet.size()];
    ASSERT_EQ(is_valid_utf8(s), reference_valid_utf8(s)) << testing::PrintToString(s);
  }
}

TEST(is_valid_utf8, refuses_a_sequence_cut_at_the_end) {
  for (std::string_view s : {"\xC2", "\xE2\x82", "\xF0\x9F\x98", "caf\xC3", "\xF4\x8F\xBF"}) {
    EXPECT_FALSE(is_valid_utf8(s)) << testing::PrintToString(s);
  }
}

TEST(is_valid_utf8, refuses_what_broke_the_http_api) {
  // Issue 11: these, percent-decoded from a query, reached nlohmann's encoder and ended the process.
  EXPECT_FALSE(is_valid_utf8("\xFF"));
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));
}

}  // namespace
}  // namespace helpchat
