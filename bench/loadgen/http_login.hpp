// Logs a moderator in over HTTP (POST /api/login) and returns the `hc_session=...` cookie for the WebSocket
// upgrade. Blocking; used once before a run. Throws std::runtime_error on any failure.
#pragma once

#include <cstdint>
#include <string>

namespace bench {

std::string login(std::uint16_t port, const std::string& username, const std::string& password);

}  // namespace bench
