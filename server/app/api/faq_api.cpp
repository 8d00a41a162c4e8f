#include "app/api/faq_api.hpp"

#include <charconv>
#include <nlohmann/json.hpp>

#include "app/api/http_json.hpp"
#include "app/api/query_parameters.hpp"

namespace helpchat::app {
namespace http = boost::beast::http;
using json = nlohmann::json;

namespace {

json draft_json(const store::faq_draft& d) {
  json out{{"id", d.id},
           {"entry_id", d.entry_id},
           {"fields", d.fields},
           {"question", d.question},
           {"answer", d.answer},
           {"tags", d.tags},
           {"agency", d.agency},
           {"status", d.status},
           {"created_at", format_utc(d.created_at)},
           {"updated_at", format_utc(d.updated_at)}};
  out["legal_reference"] = d.legal_reference ? json(*d.legal_reference) : json(nullptr);
  if (d.session) out["session"] = d.session->value;
  if (d.answer_seq) out["answer_seq"] = *d.answer_seq;
  return out;
}

json hits_json(const std::vector<faq::faq_hit>& hits, const faq::faq_catalog& catalog) {
  json out = json::array();
  for (const auto& hit : hits) {
    json entry{{"id", hit.id},       {"fields", hit.fields},  {"question", hit.question},  {"answer", hit.answer},
               {"score", hit.score}, {"tags", json::array()}, {"legal_reference", nullptr}};
    if (const auto* full = catalog.find(hit.id)) {
      entry["tags"] = full->tags;
      if (full->legal_reference) entry["legal_reference"] = *full->legal_reference;
    }
    out.push_back(std::move(entry));
  }
  return out;
}

// docs/protocol.md: search `limit` 1–20, default 5.
constexpr std::int64_t default_search_hits = 5;
constexpr std::int64_t max_search_hits = 20;

bool is_entry_id(const std::string& id) {
  if (id.empty() || id.size() > 80) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

}  // namespace

faq_api::faq_api(dependencies deps, std::vector<store::faq_draft> drafts) : deps_(deps) {
  for (auto& d : drafts) drafts_.emplace(d.id, std::move(d));
}

bool faq_api::handles(const net::request_target& target) {
  const auto& segments = target.segments();
  return segments.size() >= 2 && segments[0] == "api" && segments[1] == "faq";
}

void faq_api::handle(const net::http_request& request, const net::request_target& target, respond_fn respond) {
  // The query parameters each route takes (docs/protocol.md, "HTTP API"); the drafts routes take none.
  static constexpr std::string_view entries_parameters[] = {"field"};
  static constexpr std::string_view search_parameters[] = {"q", "field", "limit"};
  auto only = [&](std::span<const std::string_view> known) {
    auto checked = only_known_parameters(target, known);
    if (!checked) respond(error_response(request, http::status::bad_request, checked.failure()));
    return checked.ok();
  };
  // /api/faq, /api/faq/search, /api/faq/drafts[/ID[/publish|/discard]]
  const auto& segments = target.segments();
  const auto rest = std::span(segments).subspan(2);
  const bool read = request.method() == http::verb::get || request.method() == http::verb::head;
  if (rest.empty() && read) {
    if (only(entries_parameters)) respond(entries(request, target));
    return;
  }
  if (rest.size() == 1 && rest[0] == "search" && read) {
    if (only(search_parameters)) respond(search(request, target));
    return;
  }
  if (rest.empty() || rest[0] != "drafts" || rest.size() > 3) {
    return respond(error_response(request, http::status::not_found, error::of(error_code::not_found)));
  }
  auto who = logged_in_account(request, deps_.directory, deps_.clock.now());
  if (!who) return respond(error_response(request, http::status::unauthorized, error::of(error_code::unauthenticated)));
  if (!only({})) return;
  if (rest.size() == 1) {
    if (read) return respond(list_drafts(request));
    if (request.method() == http::verb::post) return propose(request, *who, std::move(respond));
    return respond(
        error_response(request, http::status::method_not_allowed, error::of(error_code::method_not_allowed)));
  }
  const std::string& id_text = rest[1];
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
  if (ec != std::errc() || end != id_text.data() + id_text.size()) {
    return respond(error_response(request, http::status::not_found, error::of(error_code::not_found)));
  }
  std::string_view action = rest.size() == 3 ? std::string_view(rest[2]) : std::string_view();
  bool allowed = (rest.size() == 2 && request.method() == http::verb::put) ||
                 ((action == "publish" || action == "discard") && request.method() == http::verb::post);
  if (!allowed) {
    return respond(
        error_response(request, http::status::method_not_allowed, error::of(error_code::method_not_allowed)));
  }
  change(request, *who, id, action, std::move(respond));
}

net::http_response faq_api::entries(const net::http_request& request, const net::request_target& target) const {
  auto library = deps_.library.current();
  auto field = target.find("field");
  if (!field) return json_response(request, library->index->json_text());
  if (!deps_.form.locate(*field)) {
    return error_response(
        request, http::status::not_found,
        error::of(error_code::unknown_field, "El campo «" + std::string(*field) + "» no existe en el formulario."));
  }
  return json_response(request, hits_json(library->index->entries_for_field(*field), library->catalog).dump());
}

net::http_response faq_api::search(const net::http_request& request, const net::request_target& target) const {
  auto limit = integer_parameter(target, "limit", 1, max_search_hits, default_search_hits);
  if (!limit) return error_response(request, http::status::bad_request, limit.failure());
  std::string query(target.find("q").value_or(""));
  std::optional<std::string> field(target.find("field"));
  if (field && (field->empty() || !deps_.form.locate(*field))) field.reset();  // an unknown field just boosts nothing
  auto library = deps_.library.current();
  return json_response(
      request,
      hits_json(library->index->search(query, field, static_cast<std::size_t>(*limit)), library->catalog).dump());
}

net::http_response faq_api::list_drafts(const net::http_request& request) const {
  json out = json::array();
  mutex_lock lock(mutex_);
  for (const auto& [id, d] : drafts_) {
    if (d.status != "discarded") out.push_back(draft_json(d));
  }
  return json_response(request, out.dump());
}

void faq_api::propose(const net::http_request& request, const store::account_row& who, respond_fn respond) {
  auto body = json::parse(request.body(), nullptr, false);
  if (!body.is_object() || !body.contains("session") || !body["session"].is_number_integer() ||
      !body.contains("answer") || !body["answer"].is_number_integer()) {
    return respond(error_response(request, http::status::bad_request,
                                  error::of(error_code::invalid_message, "Indique la sesión y la respuesta.")));
  }
  help_session_id session{body["session"].get<std::int64_t>()};
  seq_t answer_seq = body["answer"].get<seq_t>();
  auto log = deps_.chat.log_of(session);
  if (!log) return respond(error_response(request, http::status::not_found, error::of(error_code::unknown_session)));

  // Find the answer and its question in the committed events (their full form: a private answer keeps its text).
  auto events = log->since(0);
  auto event_at = [&](seq_t seq) -> json {
    if (seq < 1 || seq > static_cast<seq_t>(events.size())) return nullptr;
    return json::parse(*events[static_cast<std::size_t>(seq - 1)].full, nullptr, false);
  };
  json answer = event_at(answer_seq);
  if (!answer.is_object() || answer.value("type", "") != "question_answered") {
    return respond(error_response(request, http::status::not_found,
                                  error::of(error_code::unknown_question, "Esa respuesta no existe en la sesión.")));
  }
  json asked = event_at(answer["question"].get<seq_t>());
  const json& question = asked["question"];
  auto route = deps_.form.locate(question.value("field", "general"));
  {
    // One proposal per answer: a discarded one is reopened, a live one is returned as the conflict.
    mutex_lock lock(mutex_);
    for (const auto& [id, existing] : drafts_) {
      if (existing.session != session || existing.answer_seq != answer_seq) continue;
      if (existing.status != "discarded") {
        return respond(json_response(request, draft_json(existing).dump(), http::status::conflict));
      }
      auto reopened = existing;
      reopened.status = "draft";
      reopened.updated_at = deps_.clock.now();
      return save(request, std::move(reopened), false, std::move(respond));
    }
  }

  store::faq_draft draft;
  draft.entry_id = "propuesta-" + std::to_string(session.value) + "-" + std::to_string(answer_seq);
  draft.fields = {question.value("field", "general")};
  draft.question = question.value("text", "");  // the asker's name and entity are deliberately not copied
  draft.answer = answer.value("text", "");
  draft.agency = route ? route->agency : "triage";
  draft.session = session;
  draft.answer_seq = answer_seq;
  draft.proposed_by = who.who.id;
  draft.created_at = deps_.clock.now();
  draft.updated_at = draft.created_at;
  save(request, std::move(draft), true, std::move(respond));
}

void faq_api::change(const net::http_request& request, const store::account_row& who, std::int64_t id,
                     std::string_view action, respond_fn respond) {
  store::faq_draft draft;
  {
    mutex_lock lock(mutex_);
    auto it = drafts_.find(id);
    if (it == drafts_.end()) {
      return respond(error_response(request, http::status::not_found,
                                    error::of(error_code::not_found, "La propuesta no existe.")));
    }
    draft = it->second;
  }
  if (!auth::may_act_on_queue(who.who.role, who.who.agency, draft.agency)) {
    return respond(error_response(request, http::status::forbidden,
                                  error::of(error_code::forbidden, "Solo la entidad dueña del tema puede editarla.")));
  }
  if (action == "discard") {
    draft.status = "discarded";
  } else if (action == "publish") {
    if (draft.question.empty() || draft.answer.empty() || draft.fields.empty()) {
      return respond(
          error_response(request, http::status::bad_request,
                         error::of(error_code::invalid_message, "Falta la pregunta, la respuesta o el campo.")));
    }
    draft.status = "published";
    draft.published_by = who.who.id;
  } else {
    auto body = json::parse(request.body(), nullptr, false);
    if (!body.is_object()) {
      return respond(error_response(request, http::status::bad_request, error::of(error_code::invalid_json)));
    }
    auto text = [&](const char* key, std::string& out, std::size_t max) -> bool {
      if (!body.contains(key)) return true;
      if (!body[key].is_string() || body[key].get<std::string>().empty() || body[key].get<std::string>().size() > max) {
        return false;
      }
      out = body[key].get<std::string>();
      return true;
    };
    bool ok = text("question", draft.question, 2000) && text("answer", draft.answer, 8000) &&
              text("entry_id", draft.entry_id, 80) && is_entry_id(draft.entry_id);
    if (ok && body.contains("legal_reference")) {
      if (body["legal_reference"].is_null()) {
        draft.legal_reference.reset();
      } else {
        ok = body["legal_reference"].is_string();
        if (ok) draft.legal_reference = body["legal_reference"].get<std::string>();
      }
    }
    for (const char* key : {"fields", "tags"}) {
      if (!ok || !body.contains(key)) continue;
      std::vector<std::string> items;
      ok = body[key].is_array();
      for (const auto& item : ok ? body[key] : json::array()) {
        if (!item.is_string()) ok = false;
        if (ok) items.push_back(item.get<std::string>());
      }
      if (!ok) break;
      if (std::string_view(key) == "fields") {
        for (const auto& field : items) ok = ok && deps_.form.locate(field).has_value();
        ok = ok && !items.empty();
        // The owner follows the first field: who may publish it changes with what it is about.
        if (ok) draft.agency = deps_.form.locate(items.front())->agency;
        draft.fields = std::move(items);
      } else {
        draft.tags = std::move(items);
      }
    }
    if (!ok) {
      return respond(error_response(request, http::status::bad_request,
                                    error::of(error_code::invalid_message,
                                              "Revise la propuesta: textos no vacíos, campos del formulario que "
                                              "existan e identificador en minúsculas con guiones.")));
    }
  }
  if (draft.status == "published") {
    auto library = deps_.library.current();
    const auto* existing = library->catalog.find(draft.entry_id);
    if (existing != nullptr && existing->source != faq_library::published_source) {
      return respond(error_response(
          request, http::status::conflict,
          error::of(error_code::invalid_message, "Ya existe una entrada del FAQ con el identificador «" +
                                                     draft.entry_id + "»; cámbielo antes de publicar.")));
    }
    if (auto problems = deps_.library.problems_if_published(draft); !problems.empty()) {
      std::string message = "No se puede publicar:";
      for (const auto& problem : problems) message += " " + problem;
      return respond(error_response(request, http::status::bad_request,
                                    error::of(error_code::invalid_message, std::move(message))));
    }
  }
  draft.updated_at = deps_.clock.now();
  save(request, std::move(draft), false, std::move(respond));
}

void faq_api::save(const net::http_request& request, store::faq_draft draft, bool is_new, respond_fn respond) {
  auto shared = std::make_shared<store::faq_draft>(std::move(draft));
  net::http_request shell{request.method(), request.target(), request.version()};
  deps_.writer.run(
      [shared, is_new](store::database& db) -> status {
        if (!is_new) return store::update_faq_draft(db, *shared);
        auto inserted = store::insert_faq_draft(db, *shared);
        if (!inserted) return inserted.failure();
        *shared = std::move(inserted).value();
        return done{};
      },
      [this, shared, shell, respond](status saved) {
        guarded(deps_.log, "faq_draft_saved", respond, [&] {
          if (!saved) {
            auto code = saved.failure().code == error_code::unavailable ? http::status::service_unavailable
                                                                        : http::status::conflict;
            return respond(error_response(shell, code, saved.failure()));
          }
          if (shared->status == "published") {
            if (auto published = deps_.library.publish(*shared); !published) {
              deps_.log.error("faq_publish_failed", {{"draft", shared->id}, {"reason", published.failure().message}});
            }
          }
          {
            mutex_lock lock(mutex_);
            drafts_[shared->id] = *shared;
          }
          deps_.log.info("faq_draft_saved", {{"draft", shared->id}, {"status", shared->status}});
          respond(json_response(shell, draft_json(*shared).dump(),
                                shell.method() == http::verb::post && shell.target() == "/api/faq/drafts"
                                    ? http::status::created
                                    : http::status::ok));
        });
      });
}

}  // namespace helpchat::app
