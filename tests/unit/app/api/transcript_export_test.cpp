// The export's Spanish labels for the routing events (issue 13), from hand-written event JSON: an automatic
// assignment, a release after the holder left, a transfer with and without its reason, a pause and a resume. The
// integration test tests/integration/export_test.cpp covers the formats over HTTP and the CLI.
#include "app/api/transcript_export.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace helpchat::app {
namespace {

using json = nlohmann::json;

chat::help_session_info session_info() {
  chat::help_session_info info;
  info.id = help_session_id{1};
  info.title = "Sesión de prueba";
  info.when.opens_at = *parse_utc("2012-05-29T13:00:00Z");
  info.when.starts_at = *parse_utc("2012-05-29T14:00:00Z");
  info.when.ends_at = *parse_utc("2012-05-29T16:00:00Z");
  info.when.archives_at = *parse_utc("2012-05-30T16:00:00Z");
  return info;
}

// What the server sends for one question's trip through routing, seq 1–8, as the wire protocol writes it.
std::vector<std::string> routing_events() {
  const std::string luisa = R"("moderator":{"participant":7,"name":"Luisa Martínez","agency":"dafp"})";
  return {
      R"({"seq":1,"at":"2012-05-29T14:01:00Z","type":"question_asked","question":{"id":1,"field":"tramite_nombre",)"
      R"("section":"racionalizacion_tramites","agency":"dafp","text":"¿Cuáles trámites?","asker":{"participant":3,)"
      R"("name":"Ana Gómez","position":"Secretaria","entity_type":"alcaldia","dane_code":"05001",)"
      R"("entity_name":"Alcaldía de Medellín"}}})",
      R"({"seq":2,"at":"2012-05-29T14:01:00Z","type":"question_claimed","question":1,"automatic":true,)" + luisa + "}",
      R"({"seq":3,"at":"2012-05-29T14:05:00Z","type":"question_released","question":1,"reason":"moderator_left",)" +
          luisa + "}",
      R"({"seq":4,"at":"2012-05-29T14:06:00Z","type":"question_claimed","question":1,)" + luisa + "}",
      R"({"seq":5,"at":"2012-05-29T14:07:00Z","type":"question_transferred","question":1,"from":"dafp","to":"triage",)"
      R"("reason":"Es del envío del plan",)" +
          luisa + "}",
      // Recorded before transfers needed a reason.
      R"({"seq":6,"at":"2012-05-29T14:08:00Z","type":"question_transferred","question":1,"from":"triage","to":"dafp",)" +
          luisa + "}",
      R"({"seq":7,"at":"2012-05-29T14:09:00Z","type":"moderator_paused","paused":true,)" + luisa + "}",
      R"({"seq":8,"at":"2012-05-29T14:10:00Z","type":"moderator_paused","paused":false,)" + luisa + "}",
  };
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// The line of the text export that starts event `seq`, and the indented text line after it (if any).
std::string text_entry(const std::string& export_text, int seq) {
  auto lines = lines_of(export_text);
  const std::string mark = "  #" + std::to_string(seq) + "  ";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find(mark) == std::string::npos) continue;
    std::string entry = lines[i];
    if (i + 1 < lines.size() && lines[i + 1].starts_with("    ")) entry += "\n" + lines[i + 1];
    return entry;
  }
  return {};
}

TEST(transcript_export, an_automatic_assignment_is_told_from_a_claim_by_hand) {
  auto text = export_transcript(session_info(), chat::session_state::live, routing_events(), export_format::text);
  EXPECT_NE(text_entry(text, 2).find("Pregunta asignada automáticamente (pregunta 1) — Luisa Martínez (dafp)"),
            std::string::npos)
      << text;
  EXPECT_NE(text_entry(text, 4).find("Pregunta tomada (pregunta 1)"), std::string::npos) << text;
}

TEST(transcript_export, a_release_says_the_question_went_back_to_the_queue_and_why) {
  auto text = export_transcript(session_info(), chat::session_state::live, routing_events(), export_format::text);
  auto entry = text_entry(text, 3);
  EXPECT_NE(entry.find("Pregunta devuelta a la cola (pregunta 1) — Luisa Martínez (dafp)"), std::string::npos) << text;
  EXPECT_NE(entry.find("el moderador se desconectó"), std::string::npos) << text;
}

TEST(transcript_export, a_transfer_carries_its_reason_and_an_old_one_without_reason_still_reads) {
  auto text = export_transcript(session_info(), chat::session_state::live, routing_events(), export_format::text);
  EXPECT_NE(text_entry(text, 5).find("dafp → triage. Motivo: Es del envío del plan"), std::string::npos) << text;
  auto old = text_entry(text, 6);
  EXPECT_NE(old.find("triage → dafp"), std::string::npos) << text;
  EXPECT_EQ(old.find("Motivo"), std::string::npos) << text;
}

TEST(transcript_export, pausing_and_resuming_automatic_assignment_are_labelled_and_name_no_question) {
  auto text = export_transcript(session_info(), chat::session_state::live, routing_events(), export_format::text);
  EXPECT_NE(text_entry(text, 7).find("Asignación automática pausada — Luisa Martínez (dafp)"), std::string::npos)
      << text;
  EXPECT_NE(text_entry(text, 8).find("Asignación automática reanudada — Luisa Martínez (dafp)"), std::string::npos)
      << text;
  EXPECT_EQ(text_entry(text, 7).find("(pregunta"), std::string::npos) << text;

  auto csv = export_transcript(session_info(), chat::session_state::live, routing_events(), export_format::csv);
  EXPECT_NE(csv.find("7,\"2012-05-29 09:09\",\"Asignación automática pausada\",,\"Luisa Martínez (dafp)\",\"\",\"\""),
            std::string::npos)
      << csv;
}

TEST(transcript_export, a_transfer_reason_is_user_text_and_stays_inert_in_html_and_csv) {
  auto events = routing_events();
  auto transfer = json::parse(events[4]);
  transfer["reason"] = "=1+1 <img src=x onerror=alert(1)>";
  events[4] = transfer.dump();
  auto html = export_transcript(session_info(), chat::session_state::live, events, export_format::html);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_NE(html.find("Motivo: =1+1 &lt;img src=x onerror=alert(1)&gt;"), std::string::npos) << html;
  // The cell starts with the agency ids, so the reason cannot make it a formula; it is quoted like every cell.
  auto csv = export_transcript(session_info(), chat::session_state::live, events, export_format::csv);
  EXPECT_NE(csv.find("\"dafp → triage. Motivo: =1+1 <img src=x onerror=alert(1)>\""), std::string::npos) << csv;
}

}  // namespace
}  // namespace helpchat::app
