// `serve --demo`: a help session that is live now and a demo moderator (an admin, so it can work every queue),
// so that a person can try helpchat at once. Running it again reuses a demo session that is still open and
// gives the demo moderator a new password (which is printed, as the old one is not stored in clear).
#pragma once

#include <string>

#include "common/ids.hpp"
#include "common/result.hpp"
#include "common/utc_time.hpp"
#include "store/database.hpp"

namespace helpchat::app {

struct demo_credentials {
  help_session_id session;
  std::string username;
  std::string password;
};

result<demo_credentials> prepare_demo(store::database& db, utc_time now);

inline constexpr std::string_view demo_session_title = "Demostración: cómo diligenciar el Plan de Acción 2012";

}  // namespace helpchat::app
