// HTTP requests and responses as the application handler sees them (Beast's string-bodied messages).
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "net/request_target.hpp"

namespace helpchat::net {

using http_request = boost::beast::http::request<boost::beast::http::string_body>;
using http_response = boost::beast::http::response<boost::beast::http::string_body>;

struct http_context {
  std::string remote_address;
  bool secure = false;    // served over TLS: cookies get `Secure`
  request_target target;  // the request's, parsed and checked by check_request()
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

// Where a request enters, before anything reads it: its target parsed (request_target::parse), and every header
// value and the body checked to be UTF-8, so no string a handler takes from the request can make a JSON encoder
// throw. A refusal is invalid_message with a Spanish sentence, for a 400.
result<request_target> check_request(const http_request& request);
// The value of cookie `name` in the request's Cookie header; empty when absent.
std::string cookie_value(const http_request& request, std::string_view name);

}  // namespace helpchat::net
