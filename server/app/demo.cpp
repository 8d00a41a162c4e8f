#include "app/demo.hpp"

#include "auth/passwords.hpp"
#include "store/participant_store.hpp"
#include "store/session_store.hpp"

namespace helpchat::app {

result<demo_credentials> prepare_demo(store::database& db, utc_time now) {
  demo_credentials demo;
  auto sessions = store::load_help_sessions(db);
  if (!sessions) return sessions.failure();
  for (const auto& info : *sessions) {
    if (info.title == demo_session_title && info.when.starts_at <= now && now < info.when.ends_at)
      demo.session = info.id;
  }
  if (demo.session.value == 0) {
    using namespace std::chrono;
    auto minute = time_point_cast<minutes>(now);
    chat::help_session_info info;
    info.title = std::string(demo_session_title);
    info.when.opens_at = minute - hours(24);
    info.when.starts_at = minute - minutes(5);
    info.when.ends_at = minute + hours(2);
    info.when.archives_at = info.when.ends_at + hours(24);
    auto created = store::insert_help_session(db, std::move(info), now);
    if (!created) return created.failure();
    demo.session = created->id;
  }

  demo.username = "demo";
  demo.password = auth::generate_password();
  auto hash = auth::hash_password(demo.password);
  if (!hash) return hash.failure();
  auto existing = store::find_account(db, demo.username);
  if (!existing) return existing.failure();
  if (*existing) {
    if (auto changed = store::set_account_password(db, demo.username, *hash); !changed) return changed.failure();
    if (auto enabled = store::set_account_disabled(db, demo.username, false); !enabled) return enabled.failure();
  } else {
    chat::participant who;
    who.role = auth::role::admin;
    who.name = "Moderador de demostración";
    who.agency = "triage";
    auto created = store::insert_account(db, demo.username, *hash, who, now);
    if (!created) return created.failure();
  }
  return demo;
}

}  // namespace helpchat::app
