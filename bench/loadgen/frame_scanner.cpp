#include "frame_scanner.hpp"

#include <charconv>
#include <cstring>

namespace bench {

namespace {

constexpr std::string_view measured_prefix = "~bt=";
constexpr std::string_view pool_prefix = "~bp=";
constexpr std::string_view event_start = "{\"seq\":";

std::size_t find(std::string_view haystack, std::string_view needle, std::size_t from = 0) {
  if (from >= haystack.size()) return std::string_view::npos;
  const void* hit = memmem(haystack.data() + from, haystack.size() - from, needle.data(), needle.size());
  return hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - haystack.data()) : std::string_view::npos;
}

template <typename Int>
bool read_number(std::string_view text, std::size_t& pos, Int& value) {
  auto [end, ec] = std::from_chars(text.data() + pos, text.data() + text.size(), value);
  if (ec != std::errc{}) return false;
  pos = static_cast<std::size_t>(end - text.data());
  return true;
}

// The string value after `"key":"` starting at or after `from`, within `text`.
std::optional<std::string_view> string_member(std::string_view text, std::string_view key_with_quotes,
                                              std::size_t from = 0) {
  auto at = find(text, key_with_quotes, from);
  if (at == std::string_view::npos) return std::nullopt;
  auto begin = at + key_with_quotes.size();
  auto end = text.find('"', begin);
  if (end == std::string_view::npos) return std::nullopt;
  return text.substr(begin, end - begin);
}

}  // namespace

std::string make_marker(std::int64_t sent_ns, std::uint32_t tag, std::uint64_t n) {
  std::string m(measured_prefix);
  m += std::to_string(sent_ns);
  m += '.';
  m += std::to_string(tag);
  m += '.';
  m += std::to_string(n);
  m += '~';
  return m;
}

std::optional<marker> find_marker(std::string_view text) {
  auto at = text.starts_with(measured_prefix) ? 0 : find(text, measured_prefix);
  if (at == std::string_view::npos) return std::nullopt;
  std::size_t pos = at + measured_prefix.size();
  marker m;
  if (!read_number(text, pos, m.sent_ns) || pos >= text.size() || text[pos++] != '.') return std::nullopt;
  if (!read_number(text, pos, m.tag) || pos >= text.size() || text[pos++] != '.') return std::nullopt;
  if (!read_number(text, pos, m.n)) return std::nullopt;
  return m;
}

void scan_helpchat_frame(std::string_view frame, bool control, scanned_frame& out) {
  out.events.clear();
  out.synced_last_seq.reset();
  out.token.reset();
  out.acks = 0;
  out.errors = 0;
  out.first_error.clear();
  out.is_array = !frame.empty() && frame.front() == '[' && frame.back() == ']';
  if (!out.is_array) return;

  std::size_t at = find(frame, event_start);
  while (at != std::string_view::npos) {
    const std::size_t next = find(frame, event_start, at + event_start.size());
    const std::string_view span = frame.substr(at, next == std::string_view::npos ? frame.size() - at : next - at);
    scanned_event e;
    std::size_t pos = event_start.size();
    read_number(span, pos, e.seq);
    if (auto type = string_member(span, "\"type\":\"", pos)) {
      e.question_event = *type == "question_asked" || *type == "question_answered";
      if (e.question_event) {
        e.measured = find_marker(span);
        if (!e.measured && *type == "question_asked") {
          if (auto p = find(span, pool_prefix); p != std::string_view::npos) {
            std::size_t q = p + pool_prefix.size();
            read_number(span, q, e.pool_index);
            if (auto id = find(span, "\"question\":{\"id\":"); id != std::string_view::npos) {
              std::size_t r = id + 17;
              read_number(span, r, e.question_id);
            }
          }
        }
      }
    }
    out.events.push_back(e);
    at = next;
  }

  if (!control) return;
  // Control messages are few and small; they are searched in the part of the frame before the first event
  // (welcome), after the last one (synced), or anywhere (ack, error) — publishers' frames mix all of them.
  if (auto p = find(frame, "\"type\":\"synced\""); p != std::string_view::npos) {
    if (auto q = find(frame, "\"last_seq\":", p); q != std::string_view::npos) {
      std::size_t pos = q + 11;
      std::uint64_t last = 0;
      if (read_number(frame, pos, last)) out.synced_last_seq = last;
    }
  }
  if (auto p = find(frame, "\"type\":\"welcome\""); p != std::string_view::npos) {
    if (auto token = string_member(frame, "\"token\":\"")) out.token = std::string(*token);
  }
  for (auto p = find(frame, "\"type\":\"ack\""); p != std::string_view::npos;
       p = find(frame, "\"type\":\"ack\"", p + 1)) {
    ++out.acks;
  }
  for (auto p = find(frame, "\"type\":\"error\""); p != std::string_view::npos;
       p = find(frame, "\"type\":\"error\"", p + 1)) {
    if (out.errors++ == 0) {
      auto begin = frame.rfind('{', p);
      auto end = frame.find('}', p);
      out.first_error = std::string(frame.substr(begin, end == std::string_view::npos ? 200 : end - begin + 1));
    }
  }
}

}  // namespace bench
