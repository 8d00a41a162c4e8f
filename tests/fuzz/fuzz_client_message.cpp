// Fuzzes decode_client_message(), the first code that touches what a WebSocket client sends.
// The input is the frame's payload. The WebSocket layer only lets valid UTF-8 text through, but any bytes are fed
// here: the decoder must not rely on that check.
//
// Invariants beyond "no crash, no sanitizer report":
//   - a decoded command has a cid of 1–64 code points, ids ≥ 1 and texts within the protocol's limits;
//   - a join is coherent (an official brings `official` or `token`, a moderator neither);
//   - every failure names a code of the closed set, and its cid is short enough to echo;
//   - from valid UTF-8 input, every string that comes out (and the encoded error) is valid UTF-8.
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <variant>

#include "common/error_code.hpp"
#include "common/limits.hpp"
#include "fuzz_check.hpp"
#include "protocol/client_message.hpp"
#include "protocol/server_message.hpp"
#include "protocol/text.hpp"
#include "utf8.hpp"

namespace {

using namespace helpchat;
using protocol::code_points;

bool has_control_characters(std::string_view text) {
  for (unsigned char c : text) {
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) return true;
  }
  return false;
}

// A text member after decoding: within `max` code points, trimmed, free of control characters.
void check_text(std::string_view text, std::size_t max, bool required, bool utf8_input) {
  FUZZ_CHECK(code_points(text) <= max);
  if (required) FUZZ_CHECK(!text.empty());
  FUZZ_CHECK(!has_control_characters(text));
  if (!text.empty()) {
    FUZZ_CHECK(text.front() != ' ' && text.back() != ' ');
  }
  if (utf8_input) FUZZ_CHECK(fuzz::is_valid_utf8(text));
}

void check_cid(const std::string& cid, bool required, bool utf8_input) {
  if (required) FUZZ_CHECK(!cid.empty());
  FUZZ_CHECK(code_points(cid) <= max_cid_chars);
  if (utf8_input) FUZZ_CHECK(fuzz::is_valid_utf8(cid));
}

void check_command(const chat::command& command, bool utf8_input) {
  std::visit(
      [&](const auto& cmd) {
        using T = std::decay_t<decltype(cmd)>;
        if constexpr (std::is_same_v<T, chat::ask>) {
          check_text(cmd.field, 100, true, utf8_input);
          check_text(cmd.text, max_question_chars, true, utf8_input);
          if (cmd.resolved_by_faq && utf8_input) FUZZ_CHECK(fuzz::is_valid_utf8(*cmd.resolved_by_faq));
        } else if constexpr (std::is_same_v<T, chat::answer>) {
          FUZZ_CHECK(cmd.question.value >= 1);
          check_text(cmd.text, max_answer_chars, true, utf8_input);
        } else if constexpr (std::is_same_v<T, chat::claim>) {
          FUZZ_CHECK(cmd.question.value >= 1);
        } else if constexpr (std::is_same_v<T, chat::transfer>) {
          FUZZ_CHECK(cmd.question.value >= 1);
          check_text(cmd.agency, 40, true, utf8_input);
          check_text(cmd.reason, max_reason_chars, true, utf8_input);
        } else if constexpr (std::is_same_v<T, chat::merge>) {
          FUZZ_CHECK(cmd.question.value >= 1 && cmd.into.value >= 1);
        } else if constexpr (std::is_same_v<T, chat::dismiss>) {
          FUZZ_CHECK(cmd.question.value >= 1);
          check_text(cmd.reason, max_reason_chars, false, utf8_input);
        } else if constexpr (std::is_same_v<T, chat::resolve_by_faq>) {
          FUZZ_CHECK(cmd.question.value >= 1);
          check_text(cmd.faq, 100, true, utf8_input);
        }
      },
      command);
}

void check_join(const protocol::join_request& join, bool utf8_input) {
  check_cid(join.cid, false, utf8_input);
  FUZZ_CHECK(join.session.value >= 1);
  FUZZ_CHECK(join.since >= 0);
  if (join.as == auth::role::official) FUZZ_CHECK(join.official || join.token);
  if (join.as == auth::role::moderator) FUZZ_CHECK(!join.official && !join.token);
  if (join.official) {
    check_text(join.official->name, max_name_chars, true, utf8_input);
    check_text(join.official->position, max_name_chars, true, utf8_input);
    FUZZ_CHECK(!join.official->dane_code.empty());
  }
  if (join.token && utf8_input) FUZZ_CHECK(fuzz::is_valid_utf8(*join.token));
}

void check_failure(const protocol::decode_failure& failure, bool utf8_input) {
  check_cid(failure.cid, false, utf8_input);
  FUZZ_CHECK(!to_string(failure.why.code).empty());
  FUZZ_CHECK(error_code_from_string(to_string(failure.why.code)) == failure.why.code);
  FUZZ_CHECK(!failure.why.message.empty());
  // What the server sends back for it: one JSON object that reads back with the same cid and code.
  std::string encoded = protocol::encode_error(failure.cid, failure.why);
  auto reread = nlohmann::json::parse(encoded, nullptr, /*allow_exceptions=*/false);
  FUZZ_CHECK(reread.is_object());
  FUZZ_CHECK(reread.value("code", "") == to_string(failure.why.code));
  if (utf8_input) {
    FUZZ_CHECK(fuzz::is_valid_utf8(failure.why.message));
    FUZZ_CHECK(reread.value("cid", "") == failure.cid);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view frame(reinterpret_cast<const char*>(data), size);
  bool utf8_input = fuzz::is_valid_utf8(frame);
  auto message = protocol::decode_client_message(frame);
  if (auto* join = std::get_if<protocol::join_request>(&message)) {
    check_join(*join, utf8_input);
  } else if (auto* command = std::get_if<protocol::command_request>(&message)) {
    check_cid(command->cid, true, utf8_input);
    check_command(command->command, utf8_input);
  } else {
    check_failure(std::get<protocol::decode_failure>(message), utf8_input);
  }
  return 0;
}
