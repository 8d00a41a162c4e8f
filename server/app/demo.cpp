#include "app/demo.hpp"

#include "auth/passwords.hpp"
#include "store/participant_store.hpp"
#include "store/session_store.hpp"

namespace helpchat::app {
namespace {

// Creates the account `username` as `who`, or gives it `password` and enables it when it exists already.
status put_demo_account(store::database& db, const std::string& username, const std::string& password,
                        const chat::participant& who, utc_time now) {
  auto hash = auth::hash_password(password);
  if (!hash) return hash.failure();
  auto existing = store::find_account(db, username);
  if (!existing) return existing.failure();
  if (*existing) {
    if (auto changed = store::set_account_password(db, username, *hash); !changed) return changed;
    return store::set_account_disabled(db, username, false);
  }
  auto created = store::insert_account(db, username, *hash, who, now);
  if (!created) return created.failure();
  return done{};
}

}  // namespace

result<demo_credentials> prepare_demo(store::database& db, utc_time now, const faq::form_model& form) {
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
  chat::participant admin;
  admin.role = auth::role::admin;
  admin.name = "Moderador de demostración";
  admin.agency = "triage";
  if (auto put = put_demo_account(db, demo.username, demo.password, admin, now); !put) return put.failure();

  for (const auto& agency : form.agencies()) {
    if (agency.id == faq::form_model::triage_agency) continue;
    demo_account account{"demo-" + agency.id, auth::generate_password(), agency.id};
    chat::participant moderator;
    moderator.role = auth::role::moderator;
    moderator.name = "Moderador de " + agency.short_name + " (demostración)";
    moderator.agency = agency.id;
    if (auto put = put_demo_account(db, account.username, account.password, moderator, now); !put) {
      return put.failure();
    }
    demo.agency_moderators.push_back(std::move(account));
  }
  return demo;
}

}  // namespace helpchat::app
