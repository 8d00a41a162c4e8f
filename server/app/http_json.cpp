#include "app/http_json.hpp"

#include <nlohmann/json.hpp>

#include "auth/tokens.hpp"

namespace helpchat::app {
namespace http = boost::beast::http;

net::http_response json_response(const net::http_request& request, std::string body, http::status status) {
  net::http_response response{status, request.version()};
  response.set(http::field::content_type, "application/json; charset=utf-8");
  response.set(http::field::cache_control, "no-store");
  net::add_security_headers(response);
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

net::http_response error_response(const net::http_request& request, http::status status, error why) {
  return json_response(
      request, nlohmann::json{{"error", {{"code", to_string(why.code)}, {"message", why.message}}}}.dump(), status);
}

std::optional<store::account_row> logged_in_account(const net::http_request& request,
                                                    const participant_directory& directory, utc_time now) {
  auto token = net::cookie_value(request, "hc_session");
  if (token.empty()) return std::nullopt;
  return directory.logged_in(auth::token_digest(token), now);
}

}  // namespace helpchat::app
