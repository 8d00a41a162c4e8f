#include "app/api/api_handler.hpp"

#include "app/api/http_json.hpp"
#include "app/api/query_parameters.hpp"
#include "app/api/transcript_export.hpp"

#include <boost/asio/post.hpp>
#include <charconv>
#include <nlohmann/json.hpp>
#include <sstream>

#include "auth/passwords.hpp"
#include "auth/tokens.hpp"
#include "protocol/server_message.hpp"

namespace helpchat::app {
namespace http = boost::beast::http;
namespace {

constexpr auto login_lifetime = std::chrono::hours(12);
constexpr std::int64_t default_page = 500;
constexpr std::int64_t max_page = 2000;

net::http_response cached_json(const net::http_request& request, const std::string& body) {
  auto response = json_response(request, body);
  // Reference data (form, entities) changes only with a new release.
  response.set(http::field::cache_control, "public, max-age=3600");
  return response;
}

// The routes of this handler (faq_api has its own), from the path's decoded segments.
enum class route {
  healthz,
  readyz,
  metrics,
  form,
  entities,
  me,
  sessions,
  session,
  transcript,
  export_file,
  similar,
  login,
  logout
};

struct resolved_route {
  route which;
  help_session_id session{0};  // for session, transcript, export_file and similar
};

std::optional<resolved_route> resolve(const std::vector<std::string>& segments) {
  using parts = std::vector<std::string>;
  static const std::pair<parts, route> fixed[] = {
      {{"healthz"}, route::healthz},          {{"readyz"}, route::readyz},
      {{"metrics"}, route::metrics},          {{"api", "form"}, route::form},
      {{"api", "entities"}, route::entities}, {{"api", "me"}, route::me},
      {{"api", "sessions"}, route::sessions}, {{"api", "login"}, route::login},
      {{"api", "logout"}, route::logout},
  };
  for (const auto& [path, which] : fixed) {
    if (segments == path) return resolved_route{which};
  }
  // /api/sessions/ID[/transcript|/export|/similar]: an ID that is not a whole decimal number names nothing (404).
  if (segments.size() < 3 || segments.size() > 4 || segments[0] != "api" || segments[1] != "sessions") {
    return std::nullopt;
  }
  std::int64_t id = 0;
  const std::string& id_text = segments[2];
  auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
  if (ec != std::errc() || end != id_text.data() + id_text.size()) return std::nullopt;
  if (segments.size() == 3) return resolved_route{route::session, help_session_id{id}};
  if (segments[3] == "transcript") return resolved_route{route::transcript, help_session_id{id}};
  if (segments[3] == "export") return resolved_route{route::export_file, help_session_id{id}};
  if (segments[3] == "similar") return resolved_route{route::similar, help_session_id{id}};
  return std::nullopt;
}

// The query parameters each route takes (docs/protocol.md, "HTTP API"); any other is refused.
std::span<const std::string_view> parameters_of(route which) {
  static constexpr std::string_view entities[] = {"dept"};
  static constexpr std::string_view transcript[] = {"since", "limit"};
  static constexpr std::string_view export_file[] = {"format"};
  static constexpr std::string_view similar[] = {"q", "field", "limit"};
  switch (which) {
    case route::similar:
      return similar;
    case route::entities:
      return entities;
    case route::transcript:
      return transcript;
    case route::export_file:
      return export_file;
    default:
      return {};
  }
}

// docs/protocol.md: similar questions `limit` 1–10, default 5.
constexpr std::int64_t default_similar_hits = 5;

// DANE department codes are two digits ("05" Antioquia).
bool is_department_code(std::string_view code) {
  return code.size() == 2 && std::isdigit(static_cast<unsigned char>(code[0])) &&
         std::isdigit(static_cast<unsigned char>(code[1]));
}

nlohmann::json account_json(const store::account_row& account) {
  nlohmann::json you{{"participant", account.who.id.value},
                     {"username", account.username},
                     {"name", account.who.name},
                     {"role", auth::to_string(account.who.role)},
                     {"agency", account.who.agency}};
  you["sections"] = account.who.sections;  // [] for every section of the agency
  return you;
}

std::string session_cookie(const std::string& token, bool secure, std::chrono::seconds max_age) {
  std::string cookie =
      "hc_session=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age.count());
  if (secure) cookie += "; Secure";
  return cookie;
}

}  // namespace

api_handler::api_handler(dependencies deps) : deps_(deps) {}

api_handler::~api_handler() { password_checks_.join(); }

void api_handler::handle(const net::http_request& request, const net::http_context& context, respond_fn respond) {
  const auto& target = context.target;
  if (faq_api::handles(target)) return deps_.faq.handle(request, target, std::move(respond));

  const auto method = request.method();
  const bool read = method == http::verb::get || method == http::verb::head;
  auto where = resolve(target.segments());
  const bool post_route = where && (where->which == route::login || where->which == route::logout);
  if (post_route ? method != http::verb::post : !read) {
    return respond(
        error_response(request, http::status::method_not_allowed, error::of(error_code::method_not_allowed)));
  }
  if (!where) return respond(error_response(request, http::status::not_found, error::of(error_code::not_found)));
  if (auto known = only_known_parameters(target, parameters_of(where->which)); !known) {
    return respond(error_response(request, http::status::bad_request, known.failure()));
  }

  switch (where->which) {
    case route::login:
      return login(request, context, std::move(respond));
    case route::logout:
      return logout(request, context, std::move(respond));
    case route::healthz:
      return respond(json_response(request, R"({"status":"ok"})"));
    case route::readyz: {
      bool ready = !draining_.load() && deps_.writer.healthy();
      return respond(json_response(request, ready ? R"({"status":"ready"})" : R"({"status":"not_ready"})",
                                   ready ? http::status::ok : http::status::service_unavailable));
    }
    case route::metrics:
      return respond(metrics(request));
    case route::form:
      return respond(cached_json(request, deps_.form.json_text()));
    case route::entities:
      return respond(entities(request, target));
    case route::me:
      return respond(me(request));
    case route::sessions:
      return respond(sessions(request));
    case route::session:
      if (auto view = deps_.chat.view(where->session)) {
        return respond(json_response(request, protocol::encode_session_summary(view->info, view->state)));
      }
      return respond(error_response(request, http::status::not_found, error::of(error_code::unknown_session)));
    case route::transcript:
      return respond(transcript(request, target, where->session));
    case route::export_file:
      return respond(export_file(request, target, where->session));
    case route::similar:
      return respond(similar(request, target, where->session));
  }
}

net::http_response api_handler::entities(const net::http_request& request, const net::request_target& target) const {
  auto dept = target.find("dept");
  if (!dept) return cached_json(request, deps_.entities.json_departments());
  if (!is_department_code(*dept)) {
    return error_response(request, http::status::bad_request,
                          error::of(error_code::invalid_message,
                                    "El parámetro «dept» debe ser el código DANE de un departamento: dos dígitos."));
  }
  if (const std::string* municipalities = deps_.entities.json_municipalities(*dept)) {
    return cached_json(request, *municipalities);
  }
  return error_response(request, http::status::not_found,
                        error::of(error_code::not_found, "El departamento «" + std::string(*dept) + "» no existe."));
}

net::http_response api_handler::sessions(const net::http_request& request) const {
  auto views = deps_.chat.list();
  std::sort(views.begin(), views.end(), [](const auto& a, const auto& b) {
    return a.info.when.starts_at != b.info.when.starts_at ? a.info.when.starts_at < b.info.when.starts_at
                                                          : a.info.id < b.info.id;
  });
  std::string body = "[";
  for (const auto& view : views) {
    if (body.size() > 1) body.push_back(',');
    body += protocol::encode_session_summary(view.info, view.state);
  }
  body.push_back(']');
  return json_response(request, std::move(body));
}

net::http_response api_handler::transcript(const net::http_request& request, const net::request_target& target,
                                           help_session_id id) const {
  auto view = deps_.chat.view(id);
  auto log = deps_.chat.log_of(id);
  if (!view || !log) return error_response(request, http::status::not_found, error::of(error_code::unknown_session));
  auto since = integer_parameter(target, "since", 0, std::numeric_limits<seq_t>::max(), 0);
  if (!since) return error_response(request, http::status::bad_request, since.failure());
  auto limit = integer_parameter(target, "limit", 1, max_page, default_page);
  if (!limit) return error_response(request, http::status::bad_request, limit.failure());
  auto events = log->since(*since);
  std::string body = R"({"session":)" + protocol::encode_session_summary(view->info, view->state) + R"(,"events":[)";
  std::int64_t count = 0;
  for (const auto& e : events) {
    if (count == *limit) break;
    if (count++ > 0) body.push_back(',');
    body += *e.redacted;  // the public form: private answers without their text
  }
  body += R"(],"has_more":)";
  body += static_cast<std::int64_t>(events.size()) > *limit ? "true}" : "false}";
  return json_response(request, std::move(body));
}

net::http_response api_handler::similar(const net::http_request& request, const net::request_target& target,
                                        help_session_id id) const {
  auto limit = integer_parameter(target, "limit", 1, static_cast<std::int64_t>(faq::question_index::max_limit),
                                 default_similar_hits);
  if (!limit) return error_response(request, http::status::bad_request, limit.failure());
  std::optional<std::string> field(target.find("field"));
  if (field && (field->empty() || !deps_.form.locate(*field))) field.reset();  // an unknown field boosts nothing
  auto hits = deps_.similar.find(id, target.find("q").value_or(""), field, static_cast<std::size_t>(*limit));
  if (!hits) return error_response(request, http::status::not_found, error::of(error_code::unknown_session));
  nlohmann::json out = nlohmann::json::array();
  for (const auto& hit : *hits) {
    out.push_back({{"question", hit.question.value}, {"field", hit.field}, {"text", hit.text}, {"score", hit.score}});
  }
  return json_response(request, out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

net::http_response api_handler::export_file(const net::http_request& request, const net::request_target& target,
                                            help_session_id id) const {
  auto view = deps_.chat.view(id);
  auto log = deps_.chat.log_of(id);
  if (!view || !log) return error_response(request, http::status::not_found, error::of(error_code::unknown_session));
  auto format = export_format_from_string(target.find("format").value_or("txt"));
  if (!format) {
    return error_response(request, http::status::bad_request,
                          error::of(error_code::invalid_message, "Formatos: txt, csv, html o json."));
  }
  std::vector<std::string> events;
  for (const auto& e : log->since(0)) events.push_back(*e.redacted);
  auto response = json_response(request, export_transcript(view->info, view->state, events, *format));
  response.set(http::field::content_type, content_type_of(*format));
  response.set(http::field::content_disposition, "attachment; filename=\"sesion-" + std::to_string(id.value) + "." +
                                                     std::string(file_extension_of(*format)) + "\"");
  return response;
}

net::http_response api_handler::me(const net::http_request& request) const {
  auto account = logged_in_account(request, deps_.directory, deps_.clock.now());
  if (!account) return error_response(request, http::status::unauthorized, error::of(error_code::unauthenticated));
  return json_response(request, nlohmann::json{{"you", account_json(*account)}}.dump());
}

bool api_handler::may_try_login(const std::string& address) {
  auto now = token_bucket::steady_now();
  mutex_lock lock(login_attempts_mutex_);
  // Forget addresses whose bucket is full again, so the map stays small.
  if (login_attempts_.size() > 10000) {
    for (auto it = login_attempts_.begin(); it != login_attempts_.end();) {
      it = it->second.wait_seconds(now) == 0.0 ? login_attempts_.erase(it) : std::next(it);
    }
  }
  return login_attempts_.try_emplace(address, deps_.limits.logins_per_address, now).first->second.take(now);
}

void api_handler::login(const net::http_request& request, const net::http_context& context, respond_fn respond) {
  if (!may_try_login(context.remote_address)) {
    deps_.log.warn("login_throttled", {{"remote", context.remote_address}});
    return respond(error_response(
        request, http::status::too_many_requests,
        error::of(error_code::rate_limited, "Demasiados intentos de inicio de sesión. Espere un minuto.")));
  }
  auto body = nlohmann::json::parse(request.body(), nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("username") || !body.contains("password") ||
      !body["username"].is_string() || !body["password"].is_string()) {
    return respond(error_response(request, http::status::bad_request,
                                  error::of(error_code::invalid_message, "Envíe usuario y contraseña.")));
  }
  auto username = body["username"].get<std::string>();
  auto password = body["password"].get<std::string>();
  auto version = request.version();
  bool secure = context.secure;
  std::string remote = context.remote_address;
  boost::asio::post(password_checks_, [this, username = std::move(username), password = std::move(password), version,
                                       secure, remote, respond = std::move(respond)]() mutable {
    guarded(deps_.log, "login", respond, [&] { check_password(username, password, version, secure, remote, respond); });
  });
}

void api_handler::check_password(const std::string& username, const std::string& password, unsigned version,
                                 bool secure, const std::string& remote, const respond_fn& respond) {
  net::http_request shell{http::verb::post, "/api/login", version};
  auto account = deps_.directory.account(username);
  // Verify against a dummy hash when the user does not exist, so timing does not reveal valid usernames.
  static const std::string decoy = auth::hash_password("decoy-password-for-timing").value();
  bool valid =
      auth::verify_password(password, account ? account->password_hash : decoy) && account && !account->disabled;
  if (!valid) {
    deps_.log.info("login_failed", {{"remote", remote}});
    return respond(error_response(shell, http::status::unauthorized,
                                  error::of(error_code::unauthenticated, "Usuario o contraseña incorrectos.")));
  }
  auto token = auth::generate_token();
  store::login_row login{auth::token_digest(token), account->id, deps_.clock.now() + login_lifetime};
  auto now = deps_.clock.now();
  deps_.writer.run(
      [login, now](store::database& db) { return store::insert_login(db, login, now); },
      [this, login, token, shell, secure, account = *account, respond](status saved) {
        guarded(deps_.log, "login_saved", respond, [&] {
          if (!saved) {
            return respond(
                error_response(shell, http::status::service_unavailable, error::of(error_code::unavailable)));
          }
          deps_.directory.add_login(login);
          deps_.log.info("login", {{"account", account.id.value}});
          auto response = json_response(shell, nlohmann::json{{"you", account_json(account)}}.dump());
          response.set(http::field::set_cookie,
                       session_cookie(token, secure, std::chrono::duration_cast<std::chrono::seconds>(login_lifetime)));
          respond(std::move(response));
        });
      });
}

void api_handler::logout(const net::http_request& request, const net::http_context& context, respond_fn respond) {
  auto token = net::cookie_value(request, "hc_session");
  auto response = json_response(request, R"({"status":"logged_out"})");
  response.set(http::field::set_cookie, session_cookie("", context.secure, std::chrono::seconds(0)));
  if (token.empty()) return respond(std::move(response));
  auto digest = auth::token_digest(token);
  deps_.directory.remove_login(digest);
  deps_.writer.run([digest](store::database& db) { return store::delete_login(db, digest); },
                   [this, response = std::move(response), respond](status) mutable {
                     guarded(deps_.log, "logout_saved", respond, [&] { respond(std::move(response)); });
                   });
}

net::http_response api_handler::metrics(const net::http_request& request) const {
  std::ostringstream out;
  auto write_histogram = [&](const char* name, const char* help, const histogram& h) {
    auto snapshot = h.read();
    out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << " histogram\n";
    for (std::size_t i = 0; i < snapshot.upper_bounds.size(); ++i) {
      out << name << "_bucket{le=\"" << snapshot.upper_bounds[i] << "\"} " << snapshot.cumulative_counts[i] << '\n';
    }
    out << name << "_bucket{le=\"+Inf\"} " << snapshot.count << '\n';
    out << name << "_sum " << snapshot.sum << '\n' << name << "_count " << snapshot.count << '\n';
  };
  out << "# HELP helpchat_connections WebSocket connections open now.\n# TYPE helpchat_connections gauge\n"
      << "helpchat_connections " << deps_.hub.connections() << '\n';
  out << "# HELP helpchat_deliveries_total Events handed to connections.\n# TYPE helpchat_deliveries_total counter\n"
      << "helpchat_deliveries_total " << deps_.hub.deliveries() << '\n';
  std::map<std::string_view, int> by_state;
  std::uint64_t events = 0;
  for (const auto& view : deps_.chat.list()) {
    ++by_state[chat::to_string(view.state)];
    events += static_cast<std::uint64_t>(view.last_committed_seq);
  }
  out << "# HELP helpchat_help_sessions Help sessions by state.\n# TYPE helpchat_help_sessions gauge\n";
  for (auto state : {chat::session_state::scheduled, chat::session_state::open_for_questions, chat::session_state::live,
                     chat::session_state::closed, chat::session_state::archived}) {
    out << "helpchat_help_sessions{state=\"" << chat::to_string(state) << "\"} " << by_state[chat::to_string(state)]
        << '\n';
  }
  out << "# HELP helpchat_events_committed Events in all transcripts.\n# TYPE helpchat_events_committed gauge\n"
      << "helpchat_events_committed " << events << '\n';
  out << "# HELP helpchat_storage_healthy 1 while the transcript's storage takes writes, 0 while it fails.\n"
      << "# TYPE helpchat_storage_healthy gauge\nhelpchat_storage_healthy " << (deps_.writer.healthy() ? 1 : 0) << '\n';
  out << "# HELP helpchat_storage_failures_total Times storage started failing (commits refused until it recovered).\n"
      << "# TYPE helpchat_storage_failures_total counter\nhelpchat_storage_failures_total "
      << deps_.writer.storage_failures() << '\n';
  out << "# HELP helpchat_transcript_backlog Writes queued for the transcript writer.\n"
      << "# TYPE helpchat_transcript_backlog gauge\nhelpchat_transcript_backlog " << deps_.writer.backlog() << '\n';
  auto tally = deps_.chat.tally();
  out << "# HELP helpchat_questions Questions by state and agency queue, in all help sessions.\n"
      << "# TYPE helpchat_questions gauge\n";
  for (const auto& [key, count] : tally.by_state_and_agency) {
    out << "helpchat_questions{state=\"" << chat::to_string(key.first) << "\",agency=\"" << key.second << "\"} "
        << count << '\n';
  }
  out << "# HELP helpchat_questions_answered_by_faq_total Questions closed by an FAQ entry, by form field.\n"
      << "# TYPE helpchat_questions_answered_by_faq_total counter\n";
  for (const auto& [field, count] : tally.answered_by_faq_by_field) {
    out << "helpchat_questions_answered_by_faq_total{field=\"" << field << "\"} " << count << '\n';
  }
  out << "# HELP helpchat_refusals_total Commands refused, by error code.\n# TYPE helpchat_refusals_total counter\n";
  for (auto code = error_code::invalid_json; code <= error_code::payload_too_large;
       code = static_cast<error_code>(static_cast<int>(code) + 1)) {
    out << "helpchat_refusals_total{code=\"" << to_string(code) << "\"} " << deps_.hub.refusals(code) << '\n';
  }
  write_histogram("helpchat_seconds_to_claim", "Seconds from a question being asked to its first claim.",
                  deps_.chat.seconds_to_claim());
  write_histogram("helpchat_seconds_to_answer", "Seconds from a question being asked to its answer.",
                  deps_.chat.seconds_to_answer());
  write_histogram("helpchat_transcript_commit_seconds", "Time from BEGIN to durable COMMIT of one group commit.",
                  deps_.writer.commit_seconds());
  write_histogram("helpchat_transcript_batch_size", "Writes per group commit.", deps_.writer.batch_size());
  out << "# HELP helpchat_transcript_commit_seconds_max The slowest group commit since start, in seconds.\n"
      << "# TYPE helpchat_transcript_commit_seconds_max gauge\n"
      << "helpchat_transcript_commit_seconds_max " << deps_.writer.commit_seconds_max() << '\n';
  out << "# HELP helpchat_wal_pages Pages in the write-ahead log after the last commit.\n"
      << "# TYPE helpchat_wal_pages gauge\nhelpchat_wal_pages " << deps_.writer.wal_pages() << '\n';
  out << "# HELP helpchat_wal_checkpoints_total WAL checkpoints completed, off the commit path.\n"
      << "# TYPE helpchat_wal_checkpoints_total counter\nhelpchat_wal_checkpoints_total "
      << deps_.checkpointer.checkpoints() << '\n';
  out << "# HELP helpchat_wal_checkpoint_failures_total WAL checkpoints that failed (retried after later commits).\n"
      << "# TYPE helpchat_wal_checkpoint_failures_total counter\nhelpchat_wal_checkpoint_failures_total "
      << deps_.checkpointer.failures() << '\n';
  write_histogram("helpchat_wal_checkpoint_seconds", "Time of one WAL checkpoint.",
                  deps_.checkpointer.checkpoint_seconds());
  auto response = json_response(request, out.str());
  response.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
  return response;
}

}  // namespace helpchat::app
