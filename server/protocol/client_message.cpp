#include "protocol/client_message.hpp"

#include <nlohmann/json.hpp>

#include <initializer_list>

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
std::string read_cid(member_reader& in, bool required) {
  auto cid = in.optional_text("cid");
  if (!cid) {
    if (required) in.fail("Falta el campo «cid».");
    return {};
  }
  if (cid->empty() || code_points(*cid) > max_cid_chars) {
    in.fail("El campo «cid» debe tener entre 1 y " + std::to_string(max_cid_chars) + " caracteres.");
    return {};
  }
  return std::move(*cid);
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

client_message decode_command(std::string_view type, const json& frame) {
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
    cmd.route.field = in.text("field", 100, true, "El campo del formulario");
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
    member_reader in(frame, {"cid", "question", "agency"});
    auto cid = read_cid(in, true);
    chat::transfer cmd{question_of(in), in.text("agency", 40, true, "La entidad destino")};
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
  std::string cid;
  if (auto it = frame.find("cid"); it != frame.end() && it->is_string()) cid = it->get<std::string>();
  if (cid.size() > max_cid_chars) cid.clear();
  return decode_failure{
      std::move(cid), error::of(error_code::unknown_type, "El tipo de mensaje «" + std::string(type) + "» no existe.")};
}

}  // namespace

client_message decode_client_message(std::string_view frame) {
  json parsed = json::parse(frame, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return decode_failure{{}, error::of(error_code::invalid_json)};
  }
  auto type = parsed.find("type");
  if (type == parsed.end() || !type->is_string()) {
    return decode_failure{{}, error::of(error_code::invalid_message, "Falta el campo «type».")};
  }
  const auto& name = type->get_ref<const std::string&>();
  if (name == "join") return decode_join(parsed);
  return decode_command(name, parsed);
}

}  // namespace helpchat::protocol
