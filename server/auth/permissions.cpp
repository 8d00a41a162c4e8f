#include "auth/permissions.hpp"

namespace helpchat::auth {

std::string_view to_string(role who) {
  switch (who) {
    case role::official:
      return "official";
    case role::moderator:
      return "moderator";
    case role::admin:
      return "admin";
  }
  return "official";
}

std::optional<role> role_from_string(std::string_view name) {
  if (name == "official") return role::official;
  if (name == "moderator") return role::moderator;
  if (name == "admin") return role::admin;
  return std::nullopt;
}

}  // namespace helpchat::auth
