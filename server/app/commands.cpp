#include "app/commands.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/api/transcript_export.hpp"
#include "app/faq_library.hpp"
#include "app/server.hpp"
#include "app/system_clock.hpp"
#include "auth/passwords.hpp"
#include "chat/help_session.hpp"
#include "faq/faq_catalog.hpp"
#include "faq/faq_validator.hpp"
#include "faq/form_model.hpp"
#include "store/backup.hpp"
#include "store/faq_draft_store.hpp"
#include "store/participant_store.hpp"
#include "store/session_store.hpp"
#include "store/transcript_store.hpp"

namespace helpchat::app {
namespace {

constexpr std::string_view overview =
    "helpchat: real-time help sessions (sesiones de ayuda) for the Plan de Acción.\n"
    "\n"
    "Usage: helpchat COMMAND [options]\n"
    "\n"
    "Commands:\n"
    "  serve                         Run the server (add --demo for a live demo session).\n"
    "  session create --title T --starts 'YYYY-MM-DD HH:MM' --ends 'YYYY-MM-DD HH:MM'\n"
    "                 [--opens 'YYYY-MM-DD HH:MM'] [--archives 'YYYY-MM-DD HH:MM'] [--time-zone ZONE]\n"
    "                                Schedule a help session (times in ZONE, default America/Bogota).\n"
    "  session list                  List help sessions.\n"
    "  moderator add USER --name NAME --agency AGENCY [--sections S1,S2] [--admin]\n"
    "                                Create a moderator account; the password is read from standard input\n"
    "                                (one line), or generated and printed when the input is empty.\n"
    "                                --sections: the form sections of AGENCY the moderator answers (default:\n"
    "                                all of them); checked against --faq-dir/form.json.\n"
    "  moderator edit USER [--name NAME] [--agency AGENCY] [--sections S1,S2|--sections all]\n"
    "                                Change an account's name, agency or sections.\n"
    "  moderator passwd USER         Set a new password (read from standard input, or generated).\n"
    "  moderator disable USER        Disable an account and end its logins.\n"
    "  moderator list                List accounts, with their sections (\"todas\": every section of the agency).\n"
    "  faq check [--faq-dir DIR]     Validate the FAQ entries against the form (errors exit 1; warnings list\n"
    "                                form fields no entry covers).\n"
    "  faq export [--to DIR]         Write the FAQ drafts published in the running system (from --data) into\n"
    "                                faq/entries/ (or DIR), one file per section, for review and commit.\n"
    "  export --session N [--format txt|csv|html|json] [--to FILE]\n"
    "                                Write a help session's public transcript (private answers withheld).\n"
    "  backup --to FILE              Copy the database (from --data) into FILE while the server runs.\n"
    "  restore --from FILE [--force] Replace the database in --data with a backup; stop the server first.\n"
    "  version                       Print the version.\n"
    "\n"
    "A server running on the same --data takes up `session create` and `moderator …` within about a second:\n"
    "no restart (a disabled moderator's logins and open connections end then too; an edited moderator's next\n"
    "join carries the new name, agency and sections).\n";

// Removes `--name VALUE` (or `--name=VALUE`) from args and returns VALUE.
std::optional<std::string> take(std::vector<std::string>& args, std::string_view name, bool& missing_value) {
  for (auto it = args.begin(); it != args.end(); ++it) {
    std::string flag = "--" + std::string(name);
    if (*it == flag) {
      if (it + 1 == args.end()) {
        missing_value = true;
        args.erase(it);
        return std::nullopt;
      }
      std::string value = *(it + 1);
      args.erase(it, it + 2);
      return value;
    }
    if (it->starts_with(flag + "=")) {
      std::string value = it->substr(flag.size() + 1);
      args.erase(it);
      return value;
    }
  }
  return std::nullopt;
}

bool take_switch(std::vector<std::string>& args, std::string_view name) {
  auto flag = "--" + std::string(name);
  auto it = std::find(args.begin(), args.end(), flag);
  if (it == args.end()) return false;
  args.erase(it);
  return true;
}

logger::level level_of(const std::string& name) {
  if (name == "debug") return logger::level::debug;
  if (name == "warn") return logger::level::warn;
  if (name == "error") return logger::level::error;
  return logger::level::info;
}

result<store::database> open_database(const config::settings& settings) {
  std::error_code ec;
  std::filesystem::create_directories(settings.data_dir, ec);
  auto db = store::database::open(settings.database_file());
  if (!db) return db.failure();
  if (auto migrated = store::migrate(*db); !migrated) return migrated.failure();
  return db;
}

std::string read_password(std::istream& in, bool& generated) {
  std::string line;
  if (!std::getline(in, line) || line.empty()) {
    generated = true;
    return auth::generate_password();
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int fail(std::ostream& err, const std::string& message) {
  err << "helpchat: " << message << '\n';
  return 2;
}

int session_command(std::vector<std::string> args, const config::environment& env, const chat::clock& clock,
                    std::ostream& out, std::ostream& err) {
  bool missing = false;
  auto title = take(args, "title", missing);
  auto starts = take(args, "starts", missing);
  auto ends = take(args, "ends", missing);
  auto opens = take(args, "opens", missing);
  auto archives = take(args, "archives", missing);
  auto zone = take(args, "time-zone", missing).value_or("America/Bogota");
  if (missing) return fail(err, "an option is missing its value (see helpchat --help)");
  auto parsed = config::parse(args, env);
  if (!parsed) return fail(err, parsed.failure().message);
  if (parsed->help || parsed->positional.empty()) {
    out << overview << '\n' << config::usage();
    return parsed->help ? 0 : 2;
  }
  auto db = open_database(parsed->values);
  if (!db) return fail(err, db.failure().message);
  const auto& verb = parsed->positional[0];

  if (verb == "list") {
    auto sessions = store::load_help_sessions(*db);
    if (!sessions) return fail(err, sessions.failure().message);
    for (const auto& s : *sessions) {
      out << s.id.value << '\t' << format_local(s.when.starts_at, s.time_zone) << " – "
          << format_local(s.when.ends_at, s.time_zone) << ' ' << s.time_zone << '\t'
          << chat::to_string(chat::state_by_schedule(s.when, clock.now())) << '\t' << s.title << '\n';
    }
    return 0;
  }
  if (verb != "create") return fail(err, "unknown command 'session " + verb + "'");
  if (!title || title->empty() || !starts || !ends)
    return fail(err, "session create needs --title, --starts and --ends");
  if (!is_known_time_zone(zone)) return fail(err, "unknown time zone '" + zone + "'");
  auto at = [&](const std::optional<std::string>& text, const char* key) -> std::optional<utc_time> {
    if (!text) return std::nullopt;
    auto parsed_time = parse_local(*text, zone);
    if (!parsed_time) err << "helpchat: --" << key << " must look like 2012-05-29 09:00\n";
    return parsed_time;
  };
  chat::help_session_info info;
  info.title = *title;
  info.time_zone = zone;
  auto start_time = at(starts, "starts");
  auto end_time = at(ends, "ends");
  if (!start_time || !end_time) return 2;
  info.when.starts_at = *start_time;
  info.when.ends_at = *end_time;
  // Questions open a week ahead unless told otherwise; the archive listing takes it a day after the end.
  info.when.opens_at = opens ? at(opens, "opens").value_or(utc_time{}) : *start_time - std::chrono::days(7);
  info.when.archives_at = archives ? at(archives, "archives").value_or(utc_time{}) : *end_time + std::chrono::days(1);
  if (!(info.when.opens_at <= info.when.starts_at && info.when.starts_at < info.when.ends_at &&
        info.when.ends_at <= info.when.archives_at)) {
    return fail(err, "times must satisfy opens <= starts < ends <= archives");
  }
  auto created = store::insert_help_session(*db, info, clock.now());
  if (!created) return fail(err, created.failure().message);
  out << "created help session " << created->id.value << '\n';
  return 0;
}

constexpr std::array agencies{"mintic-gel", "dnp-pnsc", "dafp", "triage"};

bool is_agency(const std::string& agency) {
  return std::find(agencies.begin(), agencies.end(), agency) != agencies.end();
}

// `--sections S1,S2`: the ids in the order given, each once; `--sections all` is every section of the agency
// (stored as none).
result<std::vector<std::string>> parse_sections(std::string_view text) {
  std::vector<std::string> ids;
  if (text == "all") return ids;
  for (;;) {
    auto comma = text.find(',');
    auto id = text.substr(0, comma);
    while (!id.empty() && id.front() == ' ') id.remove_prefix(1);
    while (!id.empty() && id.back() == ' ') id.remove_suffix(1);
    if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.emplace_back(id);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  if (ids.empty()) {
    return error::of(error_code::invalid_message, "--sections needs section ids separated by commas, or all");
  }
  return ids;
}

// A moderator's sections narrow what routing gives them within their agency's queue, so each must be a section of
// the form that `who.agency` owns. Triage and admin accounts take every section (routing gives triage questions to
// anyone), so they have none. The form is read only when there are sections to check: `moderator add` without
// them needs no faq/ directory.
status check_sections(const chat::participant& who, const config::settings& settings) {
  if (who.sections.empty()) return done{};
  if (who.role == auth::role::admin || who.agency == faq::form_model::triage_agency) {
    return error::of(error_code::invalid_message,
                     std::string(who.role == auth::role::admin ? "una cuenta de administración"
                                                               : "una cuenta de la agencia triage") +
                         " atiende todas las secciones: sin --sections, o con --sections all");
  }
  auto form = faq::form_model::load_file(settings.faq_dir / "form.json");
  if (!form) return error::of(form.failure().code, "form model: " + form.failure().message);
  std::string owned;
  for (const auto& section : form->sections()) {
    if (section.owner != who.agency) continue;
    if (!owned.empty()) owned += ", ";
    owned += section.id;
  }
  for (const auto& id : who.sections) {
    const auto* section = form->find_section(id);
    if (section && section->owner == who.agency) continue;
    auto why = section ? "la sección «" + id + "» es de " + section->owner + ", no de " + who.agency
                       : "la sección «" + id + "» no existe en el formulario";
    return error::of(error_code::invalid_message,
                     why + "; las secciones de " + who.agency + " son: " + (owned.empty() ? "(ninguna)" : owned));
  }
  return done{};
}

struct moderator_options {
  std::optional<std::string> name;
  std::optional<std::string> agency;
  std::optional<std::string> sections;
  bool admin = false;
};

int edit_moderator(store::database& db, const std::string& username, const moderator_options& options,
                   const config::settings& settings, std::ostream& out, std::ostream& err) {
  if (!options.name && !options.agency && !options.sections) {
    return fail(err, "moderator edit needs --name, --agency or --sections");
  }
  if (options.admin) return fail(err, "moderator edit cannot change the role (--admin)");
  auto found = store::find_account(db, username);
  if (!found) return fail(err, found.failure().message);
  if (!*found) return fail(err, "la cuenta «" + username + "» no existe");
  auto who = (*found)->who;
  if (options.name) {
    if (options.name->empty()) return fail(err, "--name must not be empty");
    who.name = *options.name;
  }
  if (options.agency) {
    if (!is_agency(*options.agency)) return fail(err, "agency must be one of mintic-gel, dnp-pnsc, dafp, triage");
    who.agency = *options.agency;
  }
  if (options.sections) {
    auto sections = parse_sections(*options.sections);
    if (!sections) return fail(err, sections.failure().message);
    who.sections = std::move(sections).value();
  }
  // Sections were checked when they were set; only a change of agency or sections is checked again (so that
  // renaming needs no form).
  if (auto checked = options.agency || options.sections ? check_sections(who, settings) : status{done{}}; !checked) {
    if (options.sections) return fail(err, checked.failure().message);
    // A new agency with the sections the account had: say which ones are meant.
    std::string had;
    for (const auto& id : who.sections) had += (had.empty() ? "" : ", ") + id;
    return fail(err, checked.failure().message + "; la cuenta tenía las secciones " + had +
                         ": indique con --sections las de la nueva agencia, o --sections all");
  }
  if (auto changed = store::set_account_profile(db, username, who); !changed) {
    return fail(err, changed.failure().message);
  }
  out << "updated " << username << '\n';
  return 0;
}

int moderator_command(std::vector<std::string> args, const config::environment& env, const chat::clock& clock,
                      std::istream& in, std::ostream& out, std::ostream& err) {
  bool missing = false;
  moderator_options options;
  options.name = take(args, "name", missing);
  options.agency = take(args, "agency", missing);
  options.sections = take(args, "sections", missing);
  options.admin = take_switch(args, "admin");
  if (missing) return fail(err, "an option is missing its value (see helpchat --help)");
  auto parsed = config::parse(args, env);
  if (!parsed) return fail(err, parsed.failure().message);
  if (parsed->help || parsed->positional.empty()) {
    out << overview << '\n' << config::usage();
    return parsed->help ? 0 : 2;
  }
  auto db = open_database(parsed->values);
  if (!db) return fail(err, db.failure().message);
  const auto& verb = parsed->positional[0];

  if (verb == "list") {
    auto accounts = store::load_accounts(*db);
    if (!accounts) return fail(err, accounts.failure().message);
    for (const auto& a : *accounts) {
      std::string sections;
      for (const auto& id : a.who.sections) sections += (sections.empty() ? "" : ",") + id;
      out << a.username << '\t' << auth::to_string(a.who.role) << '\t' << a.who.agency << '\t'
          << (sections.empty() ? "todas" : sections) << '\t' << a.who.name << (a.disabled ? "\t(disabled)" : "")
          << '\n';
    }
    return 0;
  }
  if (parsed->positional.size() < 2) return fail(err, "moderator " + verb + " needs a USER");
  const auto& username = parsed->positional[1];
  if (verb == "disable") {
    if (auto disabled = store::set_account_disabled(*db, username, true); !disabled) {
      return fail(err, disabled.failure().message);
    }
    out << "disabled " << username << '\n';
    return 0;
  }
  if (verb == "edit") return edit_moderator(*db, username, options, parsed->values, out, err);
  if (verb != "add" && verb != "passwd") return fail(err, "unknown command 'moderator " + verb + "'");

  // The new account is checked before the password is read and hashed (which takes a while, on purpose).
  chat::participant who;
  if (verb == "add") {
    if (!options.name || options.name->empty() || !options.agency) {
      return fail(err, "moderator add needs --name and --agency");
    }
    if (!is_agency(*options.agency)) return fail(err, "agency must be one of mintic-gel, dnp-pnsc, dafp, triage");
    who.role = options.admin ? auth::role::admin : auth::role::moderator;
    who.name = *options.name;
    who.agency = *options.agency;
    if (options.sections) {
      auto sections = parse_sections(*options.sections);
      if (!sections) return fail(err, sections.failure().message);
      who.sections = std::move(sections).value();
    }
    if (auto checked = check_sections(who, parsed->values); !checked) return fail(err, checked.failure().message);
  }

  bool generated = false;
  auto password = read_password(in, generated);
  auto hash = auth::hash_password(password);
  if (!hash) return fail(err, hash.failure().message);
  if (verb == "passwd") {
    if (auto changed = store::set_account_password(*db, username, *hash); !changed) {
      return fail(err, changed.failure().message);
    }
  } else {
    auto created = store::insert_account(*db, username, *hash, who, clock.now());
    if (!created) return fail(err, created.failure().message);
  }
  out << (verb == "add" ? "created " : "updated ") << username;
  if (generated) out << " password=" << password;
  out << '\n';
  return 0;
}

int faq_command(std::vector<std::string> args, const config::environment& env, std::ostream& out, std::ostream& err) {
  bool missing = false;
  auto to = take(args, "to", missing);
  if (missing) return fail(err, "--to needs a directory");
  auto parsed = config::parse(args, env);
  if (!parsed) return fail(err, parsed.failure().message);
  if (parsed->help || parsed->positional.empty()) {
    out << overview << '\n' << config::usage();
    return parsed->help ? 0 : 2;
  }
  const auto& settings = parsed->values;
  auto form = faq::form_model::load_file(settings.faq_dir / "form.json");
  if (!form) return fail(err, "form model: " + form.failure().message);
  const auto& verb = parsed->positional[0];

  if (verb == "check") {
    auto catalog = faq::faq_catalog::load_directory(settings.faq_dir / "entries");
    if (!catalog) return fail(err, catalog.failure().message);
    auto report = faq::faq_validator(*form).check(*catalog);
    out << report.to_text();
    return report.ok() ? 0 : 1;
  }
  if (verb != "export") return fail(err, "unknown command 'faq " + verb + "'");

  auto db = open_database(settings);
  if (!db) return fail(err, db.failure().message);
  auto drafts = store::load_faq_drafts(*db);
  if (!drafts) return fail(err, drafts.failure().message);
  std::filesystem::path directory = to ? std::filesystem::path(*to) : settings.faq_dir / "entries";
  int written = 0;
  for (const auto& draft : *drafts) {
    if (draft.status != "published") continue;
    // The file of the section its first field belongs to: general.json for "general", actividades.json for a
    // bare activity-row field.
    auto route = form->locate(draft.fields.front());
    std::string section = route && !route->section_id.empty() ? route->section_id
                          : draft.fields.front() == "general" ? "general"
                                                              : "actividades";
    auto file = directory / (section + ".json");
    nlohmann::ordered_json entries = nlohmann::ordered_json::array();
    if (std::filesystem::exists(file)) {
      std::ifstream in(file);
      entries = nlohmann::ordered_json::parse(in, nullptr, false);
      if (!entries.is_array()) return fail(err, file.string() + " is not a JSON array of entries");
    }
    auto entry = nlohmann::ordered_json::parse(app::faq_library::entry_json(draft));
    bool replaced = false;
    for (auto& existing : entries) {
      if (existing.value("id", "") == draft.entry_id) {
        existing = entry;
        replaced = true;
      }
    }
    if (!replaced) entries.push_back(entry);
    std::ofstream output(file);
    output << entries.dump(2, ' ', false) << '\n';
    if (!output) return fail(err, "cannot write " + file.string());
    out << (replaced ? "updated " : "added ") << draft.entry_id << " in " << file.string() << '\n';
    ++written;
  }
  out << written << " published entr" << (written == 1 ? "y" : "ies") << " exported; run `helpchat faq check`.\n";
  return 0;
}

int export_command(std::vector<std::string> args, const config::environment& env, const chat::clock& clock,
                   std::ostream& out, std::ostream& err) {
  bool missing = false;
  auto session = take(args, "session", missing);
  auto format_name = take(args, "format", missing).value_or("txt");
  auto to = take(args, "to", missing);
  if (missing || !session) return fail(err, "export needs --session N (see helpchat --help)");
  auto parsed = config::parse(args, env);
  if (!parsed) return fail(err, parsed.failure().message);
  auto format = export_format_from_string(format_name);
  if (!format) return fail(err, "--format must be txt, csv, html or json");
  auto db = open_database(parsed->values);
  if (!db) return fail(err, db.failure().message);
  auto sessions = store::load_help_sessions(*db);
  if (!sessions) return fail(err, sessions.failure().message);
  auto info = std::find_if(sessions->begin(), sessions->end(),
                           [&](const auto& s) { return std::to_string(s.id.value) == *session; });
  if (info == sessions->end()) return fail(err, "no help session " + *session);
  auto events = store::read_public_transcript(*db, info->id, 0, std::numeric_limits<std::int64_t>::max());
  if (!events) return fail(err, events.failure().message);
  auto text = export_transcript(*info, chat::state_by_schedule(info->when, clock.now()), *events, *format);
  if (!to) {
    out << text;
    return 0;
  }
  std::ofstream file(*to, std::ios::binary);
  file << text;
  if (!file) return fail(err, "cannot write " + *to);
  out << "exported help session " << *session << " to " << *to << '\n';
  return 0;
}

int backup_command(const std::string& command, std::vector<std::string> args, const config::environment& env,
                   std::ostream& out, std::ostream& err) {
  bool missing = false;
  auto to = take(args, "to", missing);
  auto from = take(args, "from", missing);
  bool force = take_switch(args, "force");
  if (missing) return fail(err, "an option is missing its value (see helpchat --help)");
  auto parsed = config::parse(args, env);
  if (!parsed) return fail(err, parsed.failure().message);
  if (parsed->help) {
    out << overview << '\n' << config::usage();
    return 0;
  }
  auto database_file = parsed->values.database_file();
  if (command == "backup") {
    if (!to) return fail(err, "backup needs --to FILE");
    if (auto copied = store::backup_database(database_file, *to); !copied) return fail(err, copied.failure().message);
    out << "backed up " << database_file.string() << " to " << *to << '\n';
    return 0;
  }
  if (!from) return fail(err, "restore needs --from FILE");
  if (std::filesystem::exists(database_file) && !force) {
    return fail(err, database_file.string() + " exists; stop the server and add --force to replace it");
  }
  if (auto restored = store::restore_database(*from, database_file); !restored) {
    return fail(err, restored.failure().message);
  }
  out << "restored " << *from << " into " << database_file.string() << '\n';
  return 0;
}

}  // namespace

int run_command(std::vector<std::string> args, const config::environment& env, std::istream& in, std::ostream& out,
                std::ostream& err) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    out << overview << '\n' << config::usage();
    return args.empty() ? 2 : 0;
  }
  std::string command = args[0];
  args.erase(args.begin());
  if (command == "version" || command == "--version") {
    out << "helpchat " << HELPCHAT_VERSION << '\n';
    return 0;
  }
  const system_clock clock;
  if (command == "session") return session_command(std::move(args), env, clock, out, err);
  if (command == "moderator") return moderator_command(std::move(args), env, clock, in, out, err);
  if (command == "faq") return faq_command(std::move(args), env, out, err);
  if (command == "export") return export_command(std::move(args), env, clock, out, err);
  if (command == "backup" || command == "restore") return backup_command(command, std::move(args), env, out, err);
  if (command != "serve") return fail(err, "unknown command '" + command + "' (see helpchat --help)");

  auto parsed = config::parse(args, env);
  if (!parsed) return fail(err, parsed.failure().message);
  if (parsed->help) {
    out << "Usage: helpchat serve [options]\n\n" << config::usage();
    return 0;
  }
  if (!parsed->positional.empty()) return fail(err, "serve takes no arguments; got '" + parsed->positional[0] + "'");
  logger log(std::cerr, level_of(parsed->values.log_level));
  auto running = server::start(parsed->values, log, out);
  if (!running) {
    log.error("start_failed", {{"reason", running.failure().message}});
    return fail(err, running.failure().message);
  }
  (*running)->run_until_stopped();
  return 0;
}

}  // namespace helpchat::app
