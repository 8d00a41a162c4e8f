#include "faq/json_members.hpp"

namespace helpchat::faq {

using nlohmann::json;

result<json> parse_json(std::string_view text, std::string_view source) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& failure) {
    return bad_content(source, "no es JSON válido (" + std::string(failure.what()) + ")");
  }
}

error bad_content(std::string_view where, std::string_view what) {
  return error::of(error_code::invalid_message, std::string(where) + ": " + std::string(what) + ".");
}

result<std::string> required_string(const json& object, std::string_view key, std::string_view where) {
  auto member = object.find(key);
  if (member == object.end()) return bad_content(where, "falta '" + std::string(key) + "'");
  if (!member->is_string()) return bad_content(where, "'" + std::string(key) + "' debe ser un texto");
  return member->get<std::string>();
}

result<std::optional<std::string>> optional_string(const json& object, std::string_view key, std::string_view where) {
  auto member = object.find(key);
  if (member == object.end() || member->is_null()) return std::optional<std::string>{};
  if (!member->is_string()) return bad_content(where, "'" + std::string(key) + "' debe ser un texto");
  return std::optional<std::string>{member->get<std::string>()};
}

result<std::vector<std::string>> string_array(const json& object, std::string_view key, std::string_view where) {
  std::vector<std::string> values;
  auto member = object.find(key);
  if (member == object.end()) return values;
  if (!member->is_array()) return bad_content(where, "'" + std::string(key) + "' debe ser una lista de textos");
  for (const auto& item : *member) {
    if (!item.is_string()) return bad_content(where, "'" + std::string(key) + "' debe ser una lista de textos");
    values.push_back(item.get<std::string>());
  }
  return values;
}

result<const json*> required_array(const json& object, std::string_view key, std::string_view where) {
  auto member = object.find(key);
  if (member == object.end()) return bad_content(where, "falta '" + std::string(key) + "'");
  if (!member->is_array()) return bad_content(where, "'" + std::string(key) + "' debe ser una lista");
  return &*member;
}

status only_members(const json& object, std::initializer_list<std::string_view> allowed, std::string_view where) {
  for (const auto& [key, value] : object.items()) {
    bool known = false;
    for (std::string_view name : allowed) known = known || name == key;
    if (!known) return bad_content(where, "miembro desconocido '" + key + "'");
  }
  return done{};
}

}  // namespace helpchat::faq
