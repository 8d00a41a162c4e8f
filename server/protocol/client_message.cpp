#include "protocol/client_message.hpp"

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <unordered_set>

#include "protocol/json_outline.hpp"
#include "protocol/text.hpp"

namespace helpchat::protocol {
namespace {

using json = nlohmann::json;

// Reads the members of one command object, remembering which ones were expected so that any other is refused.
class member_reader {
 public:
  member_reader(const json& object, std::initializer_list<std::string_view> allowed) : object_(object) {
    for (const auto& [key, value] : object.items()) {
      bool known = key == "type";
      for (auto name : allowed) known = known || key == name;
      if (!known && !failure_) fail("El campo «" + key + "» no es válido en este mensaje.");
    }
  }

  std::optional<error> failure() const { return failure_; }

  std::string text(const char* name, std::size_t max_chars, bool required, std::string_view what) {
    const json* value = find(name, required);
    if (value == nullptr) return {};
    if (!value->is_string()) {
      fail(std::string("El campo «") + name + "» debe ser texto.");
      return {};
    }
    auto cleaned = clean_text(value->get_ref<const std::string&>());
    if (!cleaned) {
      invalid_text(std::string(what) + " contiene caracteres no permitidos.");
      return {};
    }
    std::size_t length = code_points(*cleaned);
    if (required && length == 0) invalid_text(std::string(what) + " está vacío.");
    if (length > max_chars) {
      invalid_text(std::string(what) + " supera el máximo de " + std::to_string(max_chars) + " caracteres.");
    }
    return std::move(*cleaned);
  }

  std::optional<std::string> optional_text(const char* name) {
    const json* value = find(name, false);
    if (value == nullptr) return std::nullopt;
    if (!value->is_string()) {
      fail(std::string("El campo «") + name + "» debe ser texto.");
      return std::nullopt;
    }
    return value->get<std::string>();
  }

  std::int64_t integer(const char* name, bool required, std::int64_t min, std::int64_t fallback = 0) {
    const json* value = find(name, required);
    if (value == nullptr) return fallback;
    if (!value->is_number_integer() || value->get<std::int64_t>() < min) {
      fail(std::string("El campo «") + name + "» debe ser un número entero mayor o igual a " + std::to_string(min) +
           ".");
      return fallback;
    }
    return value->get<std::int64_t>();
  }

  bool boolean(const char* name, bool required, bool fallback = false) {
    const json* value = find(name, required);
    if (value == nullptr) return fallback;
    if (!value->is_boolean()) {
      fail(std::string("El campo «") + name + "» debe ser true o false.");
      return fallback;
    }
    return value->get<bool>();
  }

  const json* object(const char* name, bool required) {
    const json* value = find(name, required);
    if (value != nullptr && !value->is_object()) {
      fail(std::string("El campo «") + name + "» debe ser un objeto.");
      return nullptr;
    }
    return value;
  }

  void fail(std::string message) {
    if (!failure_) failure_ = error::of(error_code::invalid_message, std::move(message));
  }

 private:
  const json* find(const char* name, bool required) {
    auto it = object_.find(name);
    if (it == object_.end() || it->is_null()) {
      if (required) fail(std::string("Falta el campo «") + name + "».");
      return nullptr;
    }
    return &*it;
  }

  void invalid_text(std::string message) {
    if (!failure_) failure_ = error::of(error_code::invalid_text, std::move(message));
  }

  const json& object_;
  std::optional<error> failure_;
};

// A cid is an identifier, not text people type: taken as sent (no trimming), 1–64 characters, and not echoed back
// when it is invalid.
bool is_valid_cid(const std::string& cid) { return !cid.empty() && code_points(cid) <= max_cid_chars; }

std::string read_cid(member_reader& in, bool required) {
  auto cid = in.optional_text("cid");
  if (!cid) {
    if (required) in.fail("Falta el campo «cid».");
    return {};
  }
  if (!is_valid_cid(*cid)) {
    in.fail("El campo «cid» debe tener entre 1 y " + std::to_string(max_cid_chars) + " caracteres.");
    return {};
  }
  return std::move(*cid);
}

// The cid an error names when the frame cannot be decoded as a command: the frame's own when it is a valid one.
std::string echoable_cid(const json& cid) {
  if (!cid.is_string() || !is_valid_cid(cid.get_ref<const std::string&>())) return {};
  return cid.get<std::string>();
}

// Member names that appear twice in one object. JSON leaves their meaning open (nlohmann keeps the last value,
// other parsers the first), so such a frame is refused rather than read one way of several.
class repeated_names {
 public:
  json::parser_callback_t watcher() {
    return [this](int /*depth*/, json::parse_event_t event, json& parsed) {
      if (event == json::parse_event_t::object_start) {
        open_.emplace_back();
      } else if (event == json::parse_event_t::object_end) {
        open_.pop_back();
      } else if (event == json::parse_event_t::key && !open_.back().insert(parsed.get<std::string>()).second) {
        if (!first_) first_ = parsed.get<std::string>();
        cid_ = cid_ || (open_.size() == 1 && parsed == "cid");
      }
      return true;
    };
  }

  const std::optional<std::string>& first() const { return first_; }
  // The frame's own cid is one of them, so it cannot be named.
  bool cid() const { return cid_; }

 private:
  std::vector<std::unordered_set<std::string>> open_;  // the names seen in each open object, innermost last
  std::optional<std::string> first_;
  bool cid_ = false;
};

// A frame nlohmann could not convert. When the grammar says it is a JSON object all the same (a number beyond a
// double's range, a `\u` escape that is not valid UTF-16), one of its values is out of range: invalid_message,
// naming the cid when the object has exactly one, and a valid one.
decode_failure unconvertible(std::string_view frame) {
  auto members = outline_object(frame);
  if (!members) return decode_failure{{}, error::of(error_code::invalid_json)};
  std::string cid;
  int cids = 0;
  for (const auto& member : *members) {
    const bool is_cid = member.key == R"("cid")" || (member.key.find('\\') != std::string_view::npos &&
                                                     json::parse(member.key, nullptr, false) == "cid");
    if (!is_cid) continue;
    ++cids;
    cid = echoable_cid(json::parse(member.value, nullptr, /*allow_exceptions=*/false));
  }
  if (cids != 1) cid.clear();
  return decode_failure{std::move(cid),
                        error::of(error_code::invalid_message,
                                  "Un valor del mensaje está fuera de rango: un número demasiado grande o un texto "
                                  "con caracteres Unicode no válidos.")};
}

client_message decode_join(const json& frame) {
  member_reader in(frame, {"v", "cid", "session", "as", "official", "token", "since"});
  join_request join;
  join.cid = read_cid(in, false);
  auto requested_version = in.integer("v", true, 1);
  join.session = help_session_id{in.integer("session", true, 1)};
  join.since = in.integer("since", false, 0);
  auto as = in.optional_text("as");
  if (!as) {
    in.fail("Falta el campo «as» (official o moderator).");
  } else if (*as == "official") {
    join.as = auth::role::official;
  } else if (*as == "moderator") {
    join.as = auth::role::moderator;
  } else {
    in.fail("El campo «as» debe ser «official» o «moderator».");
  }
  join.token = in.optional_text("token");
  if (const json* official = in.object("official", false)) {
    member_reader person(*official, {"name", "position", "entity_type", "dane_code"});
    official_form form;
    form.name = person.text("name", max_name_chars, true, "El nombre");
    form.position = person.text("position", max_name_chars, true, "El cargo");
    auto entity = person.optional_text("entity_type");
    if (auto type = entity ? chat::entity_type_from_string(*entity) : std::nullopt) {
      form.entity = *type;
    } else {
      person.fail("El tipo de entidad debe ser «alcaldia» o «gobernacion».");
    }
    form.dane_code = person.optional_text("dane_code").value_or("");
    if (form.dane_code.empty()) person.fail("Falta el código DANE de la entidad.");
    if (auto failure = person.failure()) return decode_failure{join.cid, *failure};
    join.official = std::move(form);
  }
  if (auto failure = in.failure()) return decode_failure{join.cid, *failure};
  if (requested_version != version) {
    return decode_failure{join.cid, error::of(error_code::unsupported_version,
                                              "Este servidor habla la versión 1 del protocolo. Recargue la página.")};
  }
  if (join.as == auth::role::official && !join.official && !join.token) {
    return decode_failure{join.cid,
                          error::of(error_code::invalid_message,
                                    "Para ingresar como funcionario envíe sus datos («official») o su «token».")};
  }
  if (join.as == auth::role::moderator && (join.official || join.token)) {
    return decode_failure{join.cid,
                          error::of(error_code::invalid_message,
                                    "Los moderadores ingresan con su sesión iniciada, sin «official» ni «token».")};
  }
  return join;
}

// `frame_cid`: what an unknown type's refusal names.
client_message decode_command(std::string_view type, const json& frame, std::string frame_cid) {
  auto finish = [](member_reader& in, std::string cid, chat::command cmd) -> client_message {
    if (auto failure = in.failure()) return decode_failure{std::move(cid), *failure};
    return command_request{std::move(cid), std::move(cmd)};
  };
  auto question_of = [](member_reader& in, const char* name = "question") {
    return question_id{in.integer(name, true, 1)};
  };

  if (type == "ask") {
    member_reader in(frame, {"cid", "field", "text", "resolved_by_faq"});
    auto cid = read_cid(in, true);
    chat::ask cmd;
    cmd.field = in.text("field", 100, true, "El campo del formulario");
    cmd.text = in.text("text", max_question_chars, true, "La pregunta");
    cmd.resolved_by_faq = in.optional_text("resolved_by_faq");
    return finish(in, std::move(cid), std::move(cmd));
  }
  if (type == "answer") {
    member_reader in(frame, {"cid", "question", "text", "visibility"});
    auto cid = read_cid(in, true);
    chat::answer cmd;
    cmd.question = question_of(in);
    cmd.text = in.text("text", max_answer_chars, true, "La respuesta");
    auto scope = in.optional_text("visibility");
    if (auto parsed = scope ? chat::visibility_from_string(*scope) : std::nullopt) {
      cmd.scope = *parsed;
    } else {
      in.fail("El campo «visibility» debe ser «public» o «private».");
    }
    return finish(in, std::move(cid), std::move(cmd));
  }
  if (type == "claim") {
    member_reader in(frame, {"cid", "question"});
    auto cid = read_cid(in, true);
    chat::claim cmd{question_of(in)};
    return finish(in, std::move(cid), cmd);
  }
  if (type == "transfer") {
    member_reader in(frame, {"cid", "question", "agency", "reason"});
    auto cid = read_cid(in, true);
    chat::transfer cmd{question_of(in), in.text("agency", 40, true, "La entidad destino"),
                       in.text("reason", max_reason_chars, true, "El motivo de la transferencia")};
    return finish(in, std::move(cid), std::move(cmd));
  }
  if (type == "merge") {
    member_reader in(frame, {"cid", "question", "into"});
    auto cid = read_cid(in, true);
    chat::merge cmd{question_of(in), question_of(in, "into")};
    return finish(in, std::move(cid), cmd);
  }
  if (type == "dismiss") {
    member_reader in(frame, {"cid", "question", "reason"});
    auto cid = read_cid(in, true);
    chat::dismiss cmd{question_of(in), in.text("reason", max_reason_chars, false, "El motivo")};
    return finish(in, std::move(cid), std::move(cmd));
  }
  if (type == "resolve_by_faq") {
    member_reader in(frame, {"cid", "question", "faq"});
    auto cid = read_cid(in, true);
    chat::resolve_by_faq cmd{question_of(in), in.text("faq", 100, true, "La entrada del FAQ")};
    return finish(in, std::move(cid), std::move(cmd));
  }
  if (type == "me_too") {
    member_reader in(frame, {"cid", "question"});
    auto cid = read_cid(in, true);
    chat::join_question cmd{question_of(in)};
    return finish(in, std::move(cid), cmd);
  }
  if (type == "reopen") {
    member_reader in(frame, {"cid", "question"});
    auto cid = read_cid(in, true);
    chat::reopen cmd{question_of(in)};
    return finish(in, std::move(cid), cmd);
  }
  if (type == "correct") {
    member_reader in(frame, {"cid", "answer", "text"});
    auto cid = read_cid(in, true);
    chat::correct_answer cmd{in.integer("answer", true, 1), in.text("text", max_answer_chars, true, "La corrección")};
    return finish(in, std::move(cid), std::move(cmd));
  }
  if (type == "consult") {
    member_reader in(frame, {"cid", "question", "agency", "note"});
    auto cid = read_cid(in, true);
    chat::consult cmd{question_of(in), in.text("agency", 40, true, "La entidad consultada"),
                      in.text("note", max_reason_chars, true, "La consulta")};
    return finish(in, std::move(cid), std::move(cmd));
  }
  if (type == "suggest") {
    member_reader in(frame, {"cid", "question", "text"});
    auto cid = read_cid(in, true);
    chat::suggest cmd{question_of(in), in.text("text", max_answer_chars, true, "La respuesta sugerida")};
    return finish(in, std::move(cid), std::move(cmd));
  }
  if (type == "block") {
    member_reader in(frame, {"cid", "participant", "reason"});
    auto cid = read_cid(in, true);
    chat::block cmd{participant_id{in.integer("participant", true, 1)},
                    in.text("reason", max_reason_chars, true, "El motivo del bloqueo")};
    return finish(in, std::move(cid), std::move(cmd));
  }
  if (type == "unblock") {
    member_reader in(frame, {"cid", "participant"});
    auto cid = read_cid(in, true);
    chat::unblock cmd{participant_id{in.integer("participant", true, 1)}};
    return finish(in, std::move(cid), cmd);
  }
  if (type == "pause") {
    member_reader in(frame, {"cid", "paused"});
    auto cid = read_cid(in, true);
    chat::pause_assignment cmd{in.boolean("paused", true)};
    return finish(in, std::move(cid), cmd);
  }
  return decode_failure{std::move(frame_cid), error::of(error_code::unknown_type,
                                                        "El tipo de mensaje «" + std::string(type) + "» no existe.")};
}

}  // namespace

client_message decode_client_message(std::string_view frame) {
  repeated_names repeated;
  json parsed = json::parse(frame, repeated.watcher(), /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return unconvertible(frame);
  if (!parsed.is_object()) return decode_failure{{}, error::of(error_code::invalid_json)};
  // A refusal before the command's own members are read names the frame's cid when it has a valid one.
  auto cid_member = parsed.find("cid");
  std::string cid = cid_member == parsed.end() || repeated.cid() ? std::string{} : echoable_cid(*cid_member);
  if (repeated.first()) {
    return decode_failure{std::move(cid), error::of(error_code::invalid_message,
                                                    "El campo «" + *repeated.first() + "» aparece más de una vez.")};
  }
  auto type = parsed.find("type");
  if (type == parsed.end() || !type->is_string()) {
    return decode_failure{std::move(cid), error::of(error_code::invalid_message, "Falta el campo «type».")};
  }
  const auto& name = type->get_ref<const std::string&>();
  if (name == "join") return decode_join(parsed);
  return decode_command(name, parsed, std::move(cid));
}

}  // namespace helpchat::protocol
