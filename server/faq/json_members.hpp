// Typed access to the members of a JSON object read from a data file (form.json, FAQ entries), turning every
// mistake into an `invalid_message` error that names where it is ("sección 'gel_fases': falta 'title'").
// Shared by form_model and faq_catalog; pure and thread-safe.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"

namespace helpchat::faq {

// `text` parsed as JSON, or an error naming `source` and the parser's complaint.
result<nlohmann::json> parse_json(std::string_view text, std::string_view source);

error bad_content(std::string_view where, std::string_view what);

// A member that must be present and be a string (it may be empty; callers decide whether that is allowed).
result<std::string> required_string(const nlohmann::json& object, std::string_view key, std::string_view where);
// Absent or null → nothing; present → must be a string.
result<std::optional<std::string>> optional_string(const nlohmann::json& object, std::string_view key,
                                                   std::string_view where);
// Absent → empty; present → must be an array of strings.
result<std::vector<std::string>> string_array(const nlohmann::json& object, std::string_view key,
                                              std::string_view where);
// A member that must be present and be an array (of anything).
result<const nlohmann::json*> required_array(const nlohmann::json& object, std::string_view key,
                                             std::string_view where);
// Fails naming the first member of `object` that is not in `allowed`: in a hand-edited file a misspelt key
// ("anwser") must not be silently ignored.
status only_members(const nlohmann::json& object, std::initializer_list<std::string_view> allowed,
                    std::string_view where);

}  // namespace helpchat::faq
