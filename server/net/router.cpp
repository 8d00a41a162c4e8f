#include "net/router.hpp"

#include <boost/beast/websocket/rfc6455.hpp>

namespace helpchat::net {

namespace http = boost::beast::http;

router::router(std::vector<std::string> api_prefixes, std::vector<std::string> allowed_origins, bool tls)
    : api_prefixes_(std::move(api_prefixes)),
      allowed_origins_(std::move(allowed_origins)),
      own_scheme_(tls ? "https://" : "http://") {}

destination router::route(const http_request& request) const {
  std::string_view target = request.target();
  if (boost::beast::websocket::is_upgrade(request)) {
    if (target != "/ws") return destination::not_found;
    if (!origin_allowed(request[http::field::origin], request[http::field::host])) return destination::forbidden_origin;
    return destination::websocket;
  }
  for (const auto& prefix : api_prefixes_) {
    if (target.starts_with(prefix)) return destination::api;
  }
  if (request.method() != http::verb::get && request.method() != http::verb::head) {
    return destination::method_not_allowed;
  }
  return destination::static_file;
}

bool router::origin_allowed(std::string_view origin, std::string_view host) const {
  // Browsers always send Origin on a WebSocket upgrade; its absence means a non-browser client, which cross-site
  // WebSocket hijacking cannot use.
  if (origin.empty()) return true;
  if (allowed_origins_.empty()) {
    // Not the other scheme: https://host on a plain server is a page this server did not serve (another port).
    return !host.empty() && origin.size() == own_scheme_.size() + host.size() && origin.starts_with(own_scheme_) &&
           origin.ends_with(host);
  }
  for (const auto& allowed : allowed_origins_) {
    if (origin == allowed) return true;
  }
  return false;
}

}  // namespace helpchat::net
