// Wire names of the domain enums (docs/protocol.md uses exactly these).
#include <array>
#include <utility>

#include "chat/event.hpp"

namespace helpchat::chat {
namespace {

constexpr std::array<std::pair<session_state, std::string_view>, 5> session_state_names{{
    {session_state::scheduled, "scheduled"},
    {session_state::open_for_questions, "open_for_questions"},
    {session_state::live, "live"},
    {session_state::closed, "closed"},
    {session_state::archived, "archived"},
}};

constexpr std::array<std::pair<question_state, std::string_view>, 6> question_state_names{{
    {question_state::queued, "queued"},
    {question_state::assigned, "assigned"},
    {question_state::answered, "answered"},
    {question_state::answered_by_faq, "answered_by_faq"},
    {question_state::merged, "merged"},
    {question_state::dismissed, "dismissed"},
}};

template <class Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum value) {
  for (const auto& [e, name] : names) {
    if (e == value) return name;
  }
  return {};
}

template <class Enum, std::size_t N>
std::optional<Enum> value_of(const std::array<std::pair<Enum, std::string_view>, N>& names, std::string_view text) {
  for (const auto& [e, name] : names) {
    if (name == text) return e;
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(session_state state) { return name_of(session_state_names, state); }
std::optional<session_state> session_state_from_string(std::string_view name) {
  return value_of(session_state_names, name);
}
std::string_view to_string(question_state state) { return name_of(question_state_names, state); }

std::string_view to_string(visibility scope) { return scope == visibility::public_ ? "public" : "private"; }
std::optional<visibility> visibility_from_string(std::string_view name) {
  if (name == "public") return visibility::public_;
  if (name == "private") return visibility::private_;
  return std::nullopt;
}

std::string_view to_string(release_reason) { return "moderator_left"; }
std::optional<release_reason> release_reason_from_string(std::string_view name) {
  if (name == "moderator_left") return release_reason::moderator_left;
  return std::nullopt;
}

std::string_view to_string(entity_type type) { return type == entity_type::alcaldia ? "alcaldia" : "gobernacion"; }
std::optional<entity_type> entity_type_from_string(std::string_view name) {
  if (name == "alcaldia") return entity_type::alcaldia;
  if (name == "gobernacion") return entity_type::gobernacion;
  return std::nullopt;
}

}  // namespace helpchat::chat
