#include "app/api/http_json.hpp"

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
  // check_request() keeps bytes that are not UTF-8 out of messages; `replace` is the second line of defence, so that
  // one that slipped through still encodes (as U+FFFD) instead of throwing.
  nlohmann::json body{{"error", {{"code", to_string(why.code)}, {"message", why.message}}}};
  return json_response(request, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), status);
}

void guarded(logger& log, std::string_view where, const std::function<void(net::http_response)>& respond,
             const std::function<void()>& work) {
  std::string what;
  try {
    work();
    return;
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
    what = "not a std::exception";
  }
  log.error("http_completion_threw", {{"where", where}, {"what", what}});
  respond(error_response(net::http_request{http::verb::get, "/", 11}, http::status::internal_server_error,
                         error::of(error_code::internal)));
}

std::optional<store::account_row> logged_in_account(const net::http_request& request,
                                                    const participant_directory& directory, utc_time now) {
  auto token = net::cookie_value(request, "hc_session");
  if (token.empty()) return std::nullopt;
  return directory.logged_in(auth::token_digest(token), now);
}

}  // namespace helpchat::app
