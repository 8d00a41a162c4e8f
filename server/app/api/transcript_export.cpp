#include "app/api/transcript_export.hpp"

#include <nlohmann/json.hpp>
#include <sstream>

#include "protocol/server_message.hpp"

namespace helpchat::app {
namespace {

using json = nlohmann::json;

// One event as a row of the export: the fields every format shares.
struct row {
  std::int64_t seq = 0;
  std::string time;  // local, in the session's zone
  std::string kind;  // Spanish, for people
  std::int64_t question = 0;
  std::string who;  // asker or moderator, with position/entity or agency
  std::string field;
  std::string text;
};

std::string describe_official(const json& a) {
  return a.value("name", "") + " (" + a.value("position", "") + ", " + a.value("entity_name", "") + ")";
}

std::string describe_moderator(const json& m) { return m.value("name", "") + " (" + m.value("agency", "") + ")"; }

row to_row(const json& e, const std::string& zone) {
  row r;
  r.seq = e.value("seq", std::int64_t{0});
  if (auto at = parse_utc(e.value("at", ""))) r.time = format_local(*at, zone);
  const auto type = e.value("type", "");
  if (type == "question_asked") {
    const json& q = e["question"];
    r.question = q.value("id", std::int64_t{0});
    r.field = q.value("field", "");
    if (q.value("hidden", false)) {
      // Its asker was blocked: the public transcript keeps only that a question was asked about the field.
      r.kind = "Pregunta oculta por moderación";
      return r;
    }
    r.kind = q.contains("resolved_by_faq") ? "Pregunta resuelta con el FAQ" : "Pregunta";
    if (q.contains("asker")) r.who = describe_official(q["asker"]);
    r.text = q.value("text", "");
  } else if (type == "question_consulted") {
    r.kind = "Consulta a otra entidad";
    r.question = e.value("question", std::int64_t{0});
    if (e.contains("moderator")) r.who = describe_moderator(e["moderator"]);
    r.text = "a " + e.value("agency", "");
    if (auto note = e.value("note", ""); !note.empty()) r.text += ": " + note;
  } else if (type == "answer_suggested") {
    r.kind = "Respuesta sugerida";
    r.question = e.value("question", std::int64_t{0});
    if (e.contains("moderator")) r.who = describe_moderator(e["moderator"]);
    r.text = e.value("text", "");
  } else if (type == "official_blocked" || type == "official_unblocked") {
    bool blocked = type == "official_blocked";
    if (!e.contains("moderator")) {
      // The public rendering says only which questions were hidden.
      r.kind = blocked ? "Preguntas ocultas por moderación" : "Cambio de moderación";
      return r;
    }
    r.kind = blocked ? "Funcionario bloqueado" : "Funcionario desbloqueado";
    r.who = describe_moderator(e["moderator"]);
    if (blocked) {
      r.text = describe_official(e["official"]) + ". Motivo: " + e.value("reason", "");
    } else {
      r.text = "participante " + std::to_string(e.value("official", std::int64_t{0}));
    }
  } else if (type == "question_answered" || type == "answer_corrected") {
    bool is_private = e.value("visibility", "") == "private";
    bool is_correction = type == "answer_corrected";
    r.kind = is_correction ? (is_private ? "Corrección de respuesta privada" : "Corrección de respuesta")
                           : (is_private ? "Respuesta privada" : "Respuesta");
    r.question = e.value("question", std::int64_t{0});
    r.who = describe_moderator(e["moderator"]);
    r.text = is_private ? "(respondida en privado)" : e.value("text", "");
    if (is_correction) r.text = "Corrige la respuesta " + std::to_string(e.value("answer", 0)) + ": " + r.text;
  } else if (type == "question_joined") {
    r.kind = "Otro funcionario se sumó a la pregunta";
    r.question = e.value("question", std::int64_t{0});
    r.who = describe_official(e["asker"]);
  } else if (type == "session_state_changed") {
    r.kind = "Cambio de estado";
    r.text = e.value("from", "") + " → " + e.value("to", "");
  } else if (type == "moderator_paused") {
    // A moderator's own switch for automatic assignment; it names no question.
    r.kind = e.value("paused", false) ? "Asignación automática pausada" : "Asignación automática reanudada";
    if (e.contains("moderator")) r.who = describe_moderator(e["moderator"]);
  } else {
    static const std::map<std::string, std::string> kinds{
        {"question_claimed", "Pregunta tomada"},          {"question_released", "Pregunta devuelta a la cola"},
        {"question_transferred", "Pregunta transferida"}, {"question_merged", "Pregunta unida"},
        {"question_dismissed", "Pregunta descartada"},    {"question_answered_by_faq", "Resuelta con el FAQ"},
        {"question_reopened", "Pregunta reabierta"}};
    auto it = kinds.find(type);
    r.kind = it == kinds.end() ? type : it->second;
    r.question = e.value("question", std::int64_t{0});
    if (e.contains("moderator")) r.who = describe_moderator(e["moderator"]);
    if (type == "question_claimed" && e.value("automatic", false)) r.kind = "Pregunta asignada automáticamente";
    if (type == "question_released") {
      static const std::map<std::string, std::string> reasons{{"moderator_left", "el moderador se desconectó"}};
      auto why = reasons.find(e.value("reason", ""));
      r.text = why == reasons.end() ? e.value("reason", "") : why->second;
    }
    if (type == "question_transferred") {
      r.text = e.value("from", "") + " → " + e.value("to", "");
      // Transfers recorded before reasons were required have none.
      if (auto reason = e.value("reason", ""); !reason.empty()) r.text += ". Motivo: " + reason;
    }
    if (type == "question_merged") r.text = "duplicada de la pregunta " + std::to_string(e.value("into", 0));
    if (type == "question_dismissed") r.text = e.value("reason", "");
    if (type == "question_answered_by_faq") r.text = e.value("faq", "");
  }
  return r;
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string csv_cell(std::string_view text) {
  std::string cell(text);
  // A cell starting with = + - @ (or a tab/CR) is a formula to a spreadsheet: make it text (OWASP CSV injection).
  if (!cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos) cell.insert(0, "'");
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::optional<export_format> export_format_from_string(std::string_view name) {
  if (name == "txt" || name == "text") return export_format::text;
  if (name == "csv") return export_format::csv;
  if (name == "html") return export_format::html;
  if (name == "json") return export_format::json;
  return std::nullopt;
}

std::string_view content_type_of(export_format format) {
  switch (format) {
    case export_format::text:
      return "text/plain; charset=utf-8";
    case export_format::csv:
      return "text/csv; charset=utf-8";
    case export_format::html:
      return "text/html; charset=utf-8";
    case export_format::json:
      return "application/json; charset=utf-8";
  }
  return "application/octet-stream";
}

std::string_view file_extension_of(export_format format) {
  switch (format) {
    case export_format::text:
      return "txt";
    case export_format::csv:
      return "csv";
    case export_format::html:
      return "html";
    case export_format::json:
      return "json";
  }
  return "bin";
}

std::string export_transcript(const chat::help_session_info& info, chat::session_state state,
                              const std::vector<std::string>& events, export_format format) {
  if (format == export_format::json) {
    std::string out = R"({"session":)" + protocol::encode_session_summary(info, state) + R"(,"events":[)";
    for (std::size_t i = 0; i < events.size(); ++i) out += (i ? "," : "") + events[i];
    return out + "]}\n";
  }
  std::vector<row> rows;
  for (const auto& text : events) {
    auto e = json::parse(text, nullptr, false);
    if (e.is_object()) rows.push_back(to_row(e, info.time_zone));
  }
  std::ostringstream out;
  const std::string window = format_local(info.when.starts_at, info.time_zone) + " – " +
                             format_local(info.when.ends_at, info.time_zone) + " (" + info.time_zone + ")";
  if (format == export_format::csv) {
    out << "seq,hora,tipo,pregunta,quien,campo,texto\r\n";
    for (const auto& r : rows) {
      out << r.seq << ',' << csv_cell(r.time) << ',' << csv_cell(r.kind) << ','
          << (r.question ? std::to_string(r.question) : "") << ',' << csv_cell(r.who) << ',' << csv_cell(r.field) << ','
          << csv_cell(r.text) << "\r\n";
    }
    return out.str();
  }
  if (format == export_format::text) {
    out << info.title << "\n" << window << "\n\n";
    for (const auto& r : rows) {
      out << r.time << "  #" << r.seq << "  " << r.kind;
      if (r.question) out << " (pregunta " << r.question << ")";
      if (!r.who.empty()) out << " — " << r.who;
      if (!r.field.empty()) out << " — campo " << r.field;
      out << "\n";
      if (!r.text.empty()) out << "    " << r.text << "\n";
    }
    return out.str();
  }
  out << "<!doctype html>\n<html lang=\"es-CO\"><head><meta charset=\"utf-8\">"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
      << "<title>" << html_escape(info.title) << "</title>"
      << "<style>body{font-family:sans-serif;max-width:60rem;margin:auto;padding:1rem}"
      << "td,th{border-bottom:1px solid #ccc;padding:.3rem;text-align:left;vertical-align:top}</style></head><body>"
      << "<h1>" << html_escape(info.title) << "</h1><p>" << html_escape(window) << "</p>"
      << "<table><thead><tr><th>#</th><th>Hora</th><th>Tipo</th><th>Pregunta</th><th>Quién</th><th>Campo</th>"
      << "<th>Texto</th></tr></thead><tbody>\n";
  for (const auto& r : rows) {
    out << "<tr><td>" << r.seq << "</td><td>" << html_escape(r.time) << "</td><td>" << html_escape(r.kind)
        << "</td><td>" << (r.question ? std::to_string(r.question) : "") << "</td><td>" << html_escape(r.who)
        << "</td><td>" << html_escape(r.field) << "</td><td>" << html_escape(r.text) << "</td></tr>\n";
  }
  out << "</tbody></table></body></html>\n";
  return out.str();
}

}  // namespace helpchat::app
