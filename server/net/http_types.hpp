// HTTP requests and responses as the application handler sees them (Beast's string-bodied messages).
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace helpchat::net {

using http_request = boost::beast::http::request<boost::beast::http::string_body>;
using http_response = boost::beast::http::response<boost::beast::http::string_body>;

struct http_context {
  std::string remote_address;
  bool secure = false;  // served over TLS: cookies get `Secure`
};

// The application's part of HTTP (the JSON API, health, metrics). handle() is called on an io thread; `respond`
// may be called later and from any thread, exactly once.
class http_handler {
 public:
  virtual ~http_handler() = default;
  virtual void handle(const http_request& request, const http_context& context,
                      std::function<void(http_response)> respond) = 0;
};

// The security headers every response carries (docs/operations.md, "Security").
void add_security_headers(http_response& response);

// The value of query parameter `name` in a request target ("/api/x?a=1&q=caf%C3%A9"), percent-decoded with `+`
// as a space; nothing when absent or badly encoded.
std::optional<std::string> query_parameter(std::string_view target, std::string_view name);
// The value of cookie `name` in the request's Cookie header; empty when absent.
std::string cookie_value(const http_request& request, std::string_view name);

}  // namespace helpchat::net
