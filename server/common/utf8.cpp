#include "common/utf8.hpp"

#include <array>
#include <cstring>

namespace helpchat {
namespace {

// A DFA over byte classes, built from Unicode Table 3-7 (well-formed UTF-8 byte sequences). The second byte is
// where overlongs (E0 80.., F0 80..), surrogates (ED A0..) and code points above U+10FFFF (F4 90..) show, so the
// leads E0, ED, F0 and F4 get states of their own that accept only part of the continuation range.

enum byte_class : std::uint8_t {
  ascii,       // 00..7F
  cont_80_8f,  // continuation bytes, split where Table 3-7's second-byte ranges split
  cont_90_9f,  //
  cont_a0_bf,  //
  never,       // C0, C1 (only overlongs), F5..FF (only above U+10FFFF)
  lead_2,      // C2..DF
  lead_e0,     // E0: second byte A0..BF
  lead_3,      // E1..EC, EE, EF
  lead_ed,     // ED: second byte 80..9F (A0..BF would be a surrogate)
  lead_f0,     // F0: second byte 90..BF
  lead_4,      // F1..F3
  lead_f4,     // F4: second byte 80..8F
};
constexpr std::size_t byte_classes = lead_f4 + 1;

enum utf8_state : std::uint8_t {
  accept,    // between code points
  reject,    // final
  need_1,    // one more continuation byte, any
  need_2,    // two more, any
  need_3,    // three more, any
  after_e0,  // then need_1
  after_ed,  // then need_1
  after_f0,  // then need_2
  after_f4,  // then need_2
};
constexpr std::size_t utf8_states = after_f4 + 1;

constexpr std::array<std::uint8_t, 256> make_byte_classes() {
  std::array<std::uint8_t, 256> classes{};
  auto set = [&classes](int from, int to, byte_class c) {
    for (int b = from; b <= to; ++b) classes[b] = c;
  };
  set(0x00, 0x7F, ascii);
  set(0x80, 0x8F, cont_80_8f);
  set(0x90, 0x9F, cont_90_9f);
  set(0xA0, 0xBF, cont_a0_bf);
  set(0xC0, 0xC1, never);
  set(0xC2, 0xDF, lead_2);
  set(0xE0, 0xE0, lead_e0);
  set(0xE1, 0xEF, lead_3);
  set(0xED, 0xED, lead_ed);  // the exception inside E1..EF
  set(0xF0, 0xF0, lead_f0);
  set(0xF1, 0xF3, lead_4);
  set(0xF4, 0xF4, lead_f4);
  set(0xF5, 0xFF, never);
  return classes;
}

// The state after the first byte of a code point, by that byte's class.
constexpr std::uint8_t after_first_byte[byte_classes] = {
    accept,   reject,   reject,   reject,   reject,  // ascii, continuations, never
    need_1,   after_e0, need_2,   after_ed,          // lead_2, lead_e0, lead_3, lead_ed
    after_f0, need_3,   after_f4,                    // lead_f0, lead_4, lead_f4
};

constexpr std::uint8_t next_state(std::uint8_t state, std::uint8_t c) {
  const bool continuation = c == cont_80_8f || c == cont_90_9f || c == cont_a0_bf;
  switch (state) {
    case accept:
      return after_first_byte[c];
    case need_1:
      return continuation ? accept : reject;
    case need_2:
      return continuation ? need_1 : reject;
    case need_3:
      return continuation ? need_2 : reject;
    case after_e0:
      return c == cont_a0_bf ? need_1 : reject;
    case after_ed:
      return c == cont_80_8f || c == cont_90_9f ? need_1 : reject;
    case after_f0:
      return c == cont_90_9f || c == cont_a0_bf ? need_2 : reject;
    case after_f4:
      return c == cont_80_8f ? need_2 : reject;
    default:
      return reject;
  }
}

constexpr std::array<std::uint8_t, utf8_states * byte_classes> make_transitions() {
  std::array<std::uint8_t, utf8_states * byte_classes> table{};
  for (std::size_t s = 0; s < utf8_states; ++s) {
    for (std::size_t c = 0; c < byte_classes; ++c) {
      table[s * byte_classes + c] = next_state(static_cast<std::uint8_t>(s), static_cast<std::uint8_t>(c));
    }
  }
  return table;
}

constexpr auto utf8_byte_class = make_byte_classes();
constexpr auto utf8_transition = make_transitions();

}  // namespace

bool utf8_validator::feed(std::string_view bytes) {
  if (state_ == reject) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* const end = p + bytes.size();
  std::uint8_t state = state_;
  while (p != end) {
    if (state == accept) {
      // Chat text is mostly ASCII: skip it a word at a time while no byte has its top bit set.
      while (end - p >= 8) {
        std::uint64_t word;
        std::memcpy(&word, p, sizeof word);
        if ((word & 0x8080808080808080ULL) != 0) break;
        p += 8;
      }
      if (p == end) break;
    }
    state = utf8_transition[state * byte_classes + utf8_byte_class[*p++]];
    if (state == reject) break;
  }
  state_ = state;
  return state != reject;
}

bool is_valid_utf8(std::string_view text) {
  utf8_validator validator;
  return validator.feed(text) && validator.complete();
}

}  // namespace helpchat
