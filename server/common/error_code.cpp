#include "common/error_code.hpp"

#include <array>
#include <utility>

namespace helpchat {
namespace {

struct error_text {
  error_code code;
  std::string_view name;
  std::string_view message;
};

constexpr std::array error_texts{
    error_text{error_code::invalid_json, "invalid_json", "El mensaje no es un objeto JSON válido."},
    error_text{error_code::invalid_message, "invalid_message", "El mensaje tiene campos faltantes o incorrectos."},
    error_text{error_code::unknown_type, "unknown_type", "Tipo de mensaje desconocido."},
    error_text{error_code::unsupported_version, "unsupported_version",
               "Esta versión del protocolo no es compatible. Recargue la página."},
    error_text{error_code::not_joined, "not_joined", "Primero debe ingresar a la sesión de ayuda."},
    error_text{error_code::already_joined, "already_joined", "Ya ingresó a una sesión de ayuda en esta conexión."},
    error_text{error_code::unknown_session, "unknown_session", "La sesión de ayuda no existe."},
    error_text{error_code::unknown_field, "unknown_field", "El campo del formulario no existe."},
    error_text{error_code::unknown_faq, "unknown_faq", "La entrada del FAQ no existe."},
    error_text{error_code::unknown_entity, "unknown_entity",
               "El código DANE no corresponde a una entidad de ese tipo."},
    error_text{error_code::invalid_text, "invalid_text", "El texto está vacío o es demasiado largo."},
    error_text{error_code::unauthenticated, "unauthenticated", "Debe iniciar sesión de nuevo."},
    error_text{error_code::forbidden, "forbidden", "Su rol no permite esta acción."},
    error_text{error_code::session_not_open, "session_not_open",
               "La sesión de ayuda no recibe esta acción en este momento."},
    error_text{error_code::unknown_question, "unknown_question", "La pregunta no existe en esta sesión."},
    error_text{error_code::question_closed, "question_closed", "La pregunta ya fue cerrada."},
    error_text{error_code::question_taken, "question_taken", "Otro moderador ya atiende esta pregunta."},
    error_text{error_code::rate_limited, "rate_limited", "Está enviando mensajes demasiado rápido. Espere un momento."},
    error_text{error_code::unavailable, "unavailable",
               "El servidor no puede registrar mensajes en este momento. Intente de nuevo."},
    error_text{error_code::internal, "internal", "Error interno del servidor."},
    error_text{error_code::not_found, "not_found", "No encontrado."},
    error_text{error_code::method_not_allowed, "method_not_allowed", "Método no permitido."},
    error_text{error_code::payload_too_large, "payload_too_large", "La solicitud es demasiado grande."},
};

const error_text& text_of(error_code code) {
  for (const auto& entry : error_texts) {
    if (entry.code == code) return entry;
  }
  for (const auto& entry : error_texts) {
    if (entry.code == error_code::internal) return entry;
  }
  return error_texts.front();
}

}  // namespace

std::string_view to_string(error_code code) { return text_of(code).name; }

std::string_view default_message(error_code code) { return text_of(code).message; }

std::optional<error_code> error_code_from_string(std::string_view name) {
  for (const auto& entry : error_texts) {
    if (entry.name == name) return entry.code;
  }
  return std::nullopt;
}

}  // namespace helpchat
