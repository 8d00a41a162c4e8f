// The real helpchat server, in this process, on 127.0.0.1 with a free port and a fresh data directory (a real
// SQLite file), serving the repository's web client and form data. restart() stops it and starts it again on the
// same data, as a deploy or a crash would.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include "app/server.hpp"
#include "common/logger.hpp"
#include "config/config.hpp"
#include "support/temp_directory.hpp"
#include "support/ws_test_client.hpp"

namespace helpchat::testing {

class server_fixture {
 public:
  // `adjust` may change the settings before start (limits, threads…).
  explicit server_fixture(std::function<void(config::settings&)> adjust = {});
  ~server_fixture();

  std::uint16_t port() const { return port_; }
  int demo_session() const { return demo_session_; }
  const std::string& demo_password() const { return demo_password_; }
  const std::filesystem::path& data_dir() const { return data_.path(); }

  void restart();
  void stop();

  // Logs in as the demo moderator and returns the cookie ("hc_session=…").
  std::string login_demo();
  // Logs in as the demo's moderator of `agency` (mintic-gel, dnp-pnsc or dafp) and returns the cookie.
  std::string login_agency_moderator(const std::string& agency);
  // Logs in as any account and returns the cookie.
  std::string login(const std::string& username, const std::string& password);

  // A client joined as a new official of the demo session (welcome and synced consumed).
  std::unique_ptr<ws_test_client> join_official(const std::string& name = "Ana Gómez",
                                                const std::string& dane = "05001",
                                                const std::string& entity_type = "alcaldia");
  std::unique_ptr<ws_test_client> join_moderator(const std::string& cookie);
  // The token the server gave `official` in its welcome ("" when none came).
  static std::string token_of(const ws_test_client& official);
  // A client joined again as the official `token` names, as a reloaded page does (welcome and synced consumed).
  std::unique_ptr<ws_test_client> rejoin_official(const std::string& token);

 private:
  void start(bool demo);

  temp_directory data_;
  std::function<void(config::settings&)> adjust_;
  std::ostringstream log_stream_;
  std::unique_ptr<logger> log_;
  std::unique_ptr<app::server> server_;
  std::thread runner_;
  std::uint16_t port_ = 0;
  int demo_session_ = 0;
  std::string demo_password_;
  std::map<std::string, std::pair<std::string, std::string>> agency_moderators_;  // agency → username, password
};

}  // namespace helpchat::testing
