// Where an HTTP request goes: a pure function of the request, so it can be unit-tested and fuzzed apart from the
// sockets. Thread-safe after construction (read-only).
//
//   Upgrade: websocket to /ws, Origin allowed   → websocket
//   Upgrade to anything else                    → not_found
//   Upgrade from an Origin not allowed          → forbidden_origin (403: cross-site WebSocket hijacking)
//
// Origins (docs/decisions.md, "WebSocket origins"): an upgrade without Origin is allowed (no browser sends one, and a
// client that is not a browser can send any Origin it likes); otherwise the Origin must be on the allow-list or,
// with no list, be the server's own: the scheme this server speaks and the request's Host. Behind a proxy that
// terminates TLS, the public https origin is listed explicitly.
//   /api/…, /healthz, /readyz, /metrics         → api (the application decides methods)
//   GET or HEAD of anything else                → static_file (which may still be not found)
//   any other method                            → method_not_allowed
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "net/http_types.hpp"

namespace helpchat::net {

enum class destination { websocket, api, static_file, not_found, forbidden_origin, method_not_allowed };

class router {
 public:
  // `allowed_origins` empty: only the server's own origin ("https://" with `tls`, else "http://", and the request's
  // Host) may open a WebSocket.
  router(std::vector<std::string> api_prefixes, std::vector<std::string> allowed_origins, bool tls);

  destination route(const http_request& request) const;
  bool origin_allowed(std::string_view origin, std::string_view host) const;

 private:
  std::vector<std::string> api_prefixes_;
  std::vector<std::string> allowed_origins_;
  std::string_view own_scheme_;  // "http://" or "https://"
};

}  // namespace helpchat::net
