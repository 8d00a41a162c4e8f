// Someone in a help session: an official (no account; known by a token) or a moderator/admin (an account of one
// agency). The same participant id is used in every help session the person joins.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/permissions.hpp"
#include "common/ids.hpp"
#include "common/shared_text.hpp"

namespace helpchat::chat {

enum class entity_type { alcaldia, gobernacion };

// What the room is told about an official besides their name, copied into each question they ask so that the
// transcript stands alone.
struct official_profile {
  std::string position;
  entity_type entity = entity_type::alcaldia;
  std::string dane_code;    // 5 digits (alcaldía) or 2 digits (gobernación), always text
  shared_text entity_name;  // e.g. "Alcaldía de Medellín (Antioquia)": one copy per entity, not per official
};

struct participant {
  participant_id id;
  auth::role role = auth::role::official;
  std::string name;
  official_profile official;  // officials only (the name is `name`, not repeated here)
  std::string agency;         // moderators and admins: "mintic-gel", "dnp-pnsc", "dafp" or "triage"
  // Moderators: the form sections of their agency they answer (routing gives them only those); empty means every
  // section of their agency.
  std::vector<std::string> sections;
};

std::string_view to_string(entity_type type);
std::optional<entity_type> entity_type_from_string(std::string_view name);

}  // namespace helpchat::chat
