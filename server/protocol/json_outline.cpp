#include "protocol/json_outline.hpp"

#include <cstddef>

namespace helpchat::protocol {
namespace {

// A cursor over the frame that checks one production of the grammar at a time; each returns false, with the
// cursor anywhere, when the text does not match.
class grammar_reader {
 public:
  explicit grammar_reader(std::string_view text) : text_(text) {}

  std::size_t position() const { return at_; }
  bool at_end() const { return at_ == text_.size(); }
  std::string_view slice(std::size_t from) const { return text_.substr(from, at_ - from); }

  void skip_space() {
    while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) ++at_;
  }

  bool consume(char c) {
    if (at_end() || peek() != c) return false;
    ++at_;
    return true;
  }

  bool string() {
    if (!consume('"')) return false;
    while (!at_end()) {
      auto c = static_cast<unsigned char>(text_[at_++]);
      if (c == '"') return true;
      if (c < 0x20) return false;
      if (c == '\\' && !escape()) return false;
    }
    return false;
  }

  // Any value, however deep: the open containers are kept on a heap stack, not the call stack.
  bool value() {
    std::vector<char> open;  // the closing bracket of each open container, innermost last
    for (;;) {
      skip_space();
      if (consume('{') || consume('[')) {
        const char close = text_[at_ - 1] == '{' ? '}' : ']';
        skip_space();
        if (consume(close)) {
          if (!close_containers(open)) return false;
        } else {
          open.push_back(close);
          if (close == '}' && !member_name()) return false;
          continue;
        }
      } else if (!scalar() || !close_containers(open)) {
        return false;
      }
      if (open.empty()) return true;
    }
  }

 private:
  char peek() const { return text_[at_]; }

  bool escape() {
    if (at_end()) return false;
    char c = text_[at_++];
    if (c != 'u') return c == '"' || c == '\\' || c == '/' || c == 'b' || c == 'f' || c == 'n' || c == 'r' || c == 't';
    for (int i = 0; i < 4; ++i) {
      if (at_end() || !is_hex(peek())) return false;
      ++at_;
    }
    return true;
  }

  // `"name" :` inside an object, before its value.
  bool member_name() {
    skip_space();
    if (!string()) return false;
    skip_space();
    return consume(':');
  }

  // After a value: closes the containers it ends and, at a comma, reads on to the next value.
  bool close_containers(std::vector<char>& open) {
    for (;;) {
      if (open.empty()) return true;
      skip_space();
      if (consume(',')) return open.back() == ']' || member_name();
      if (!consume(open.back())) return false;
      open.pop_back();
    }
  }

  bool scalar() {
    if (at_end()) return false;
    if (peek() == '"') return string();
    if (peek() == '-' || is_digit(peek())) return number();
    return literal("true") || literal("false") || literal("null");
  }

  bool literal(std::string_view word) {
    if (text_.substr(at_, word.size()) != word) return false;
    at_ += word.size();
    return true;
  }

  bool number() {
    consume('-');
    if (!consume('0') && !digits()) return false;
    if (consume('.') && !digits()) return false;
    if (consume('e') || consume('E')) {
      if (!consume('+')) consume('-');
      if (!digits()) return false;
    }
    return true;
  }

  // One or more digits.
  bool digits() {
    std::size_t start = at_;
    while (!at_end() && is_digit(peek())) ++at_;
    return at_ > start;
  }

  static bool is_digit(char c) { return c >= '0' && c <= '9'; }
  static bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

  std::string_view text_;
  std::size_t at_ = 0;
};

}  // namespace

std::optional<std::vector<raw_member>> outline_object(std::string_view text) {
  grammar_reader in(text);
  std::vector<raw_member> members;
  in.skip_space();
  if (!in.consume('{')) return std::nullopt;
  in.skip_space();
  if (!in.consume('}')) {
    do {
      in.skip_space();
      const auto key_start = in.position();
      if (!in.string()) return std::nullopt;
      const auto key = in.slice(key_start);
      in.skip_space();
      if (!in.consume(':')) return std::nullopt;
      in.skip_space();
      const auto value_start = in.position();
      if (!in.value()) return std::nullopt;
      members.push_back({key, in.slice(value_start)});
      in.skip_space();
    } while (in.consume(','));
    if (!in.consume('}')) return std::nullopt;
  }
  in.skip_space();
  if (!in.at_end()) return std::nullopt;
  return members;
}

}  // namespace helpchat::protocol
