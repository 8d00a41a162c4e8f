// `serve --demo`: a help session that is live now, a demo moderator (an admin, so it can work every queue) and one
// moderator for each agency of the form other than triage (`demo-` and the agency's id: automatic assignment sends
// them their agency's questions once they log in), so that a person can try helpchat at once. Running it again
// reuses a demo session that is still open and gives every demo account a new password (which is printed, as the
// old one is not stored in clear).
#pragma once

#include <string>
#include <vector>

#include "common/ids.hpp"
#include "common/result.hpp"
#include "common/utc_time.hpp"
#include "faq/form_model.hpp"
#include "store/database.hpp"

namespace helpchat::app {

struct demo_account {
  std::string username;
  std::string password;
  std::string agency;
};

struct demo_credentials {
  help_session_id session;
  std::string username;  // the admin
  std::string password;
  std::vector<demo_account> agency_moderators;  // in the form's order of agencies
};

result<demo_credentials> prepare_demo(store::database& db, utc_time now, const faq::form_model& form);

inline constexpr std::string_view demo_session_title = "Demostración: cómo diligenciar el Plan de Acción 2012";

}  // namespace helpchat::app
