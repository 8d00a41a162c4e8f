#include "net/http_types.hpp"

#include "common/utf8.hpp"

namespace helpchat::net {
result<request_target> check_request(const http_request& request) {
  auto target = request_target::parse(request.target());
  if (!target) return target;
  for (const auto& field : request) {
    if (!is_valid_utf8(field.value())) {
      // Beast admits only token characters in a field name, so the name is ASCII.
      return error::of(error_code::invalid_message, "El encabezado «" + std::string(field.name_string()) +
                                                        "» contiene caracteres que no son UTF-8 válido.");
    }
  }
  if (!is_valid_utf8(request.body())) {
    return error::of(error_code::invalid_message, "El cuerpo de la solicitud no es UTF-8 válido.");
  }
  return target;
}

std::string cookie_value(const http_request& request, std::string_view name) {
  std::string_view header = request[boost::beast::http::field::cookie];
  while (!header.empty()) {
    auto end = header.find(';');
    auto pair = header.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.starts_with(name) && pair[name.size()] == '=') {
      return std::string(pair.substr(name.size() + 1));
    }
    if (end == std::string_view::npos) break;
    header.remove_prefix(end + 1);
  }
  return {};
}

}  // namespace helpchat::net
