#include "support/server_fixture.hpp"

#include <regex>
#include <stdexcept>

namespace helpchat::testing {

server_fixture::server_fixture(std::function<void(config::settings&)> adjust) : adjust_(std::move(adjust)) {
  start(true);
}

server_fixture::~server_fixture() { stop(); }

void server_fixture::start(bool demo) {
  config::settings settings;
  settings.port = 0;
  settings.data_dir = data_.path();
  settings.web_root = std::filesystem::path(HELPCHAT_SOURCE_DIR) / "web-client";
  settings.faq_dir = std::filesystem::path(HELPCHAT_SOURCE_DIR) / "faq";
  settings.threads = 2;
  settings.demo = demo;
  if (adjust_) adjust_(settings);
  log_ = std::make_unique<logger>(log_stream_, logger::level::warn);
  std::ostringstream out;
  auto started = app::server::start(settings, *log_, out);
  if (!started) throw std::runtime_error("server did not start: " + started.failure().message);
  server_ = std::move(started).value();
  port_ = server_->port();
  if (demo) {
    std::smatch match;
    std::string text = out.str();
    if (std::regex_search(text, match, std::regex("demo session: id=(\\d+)"))) demo_session_ = std::stoi(match[1]);
    if (std::regex_search(text, match, std::regex("password=(\\S+)"))) demo_password_ = match[1];
    std::regex agency_line("demo agency moderator: agency=(\\S+) username=(\\S+) password=(\\S+)");
    for (std::sregex_iterator it(text.begin(), text.end(), agency_line), end; it != end; ++it) {
      agency_moderators_[(*it)[1]] = {(*it)[2], (*it)[3]};
    }
  }
  runner_ = std::thread([this] { server_->run_until_stopped(); });
}

void server_fixture::stop() {
  if (!server_) return;
  server_->stop();
  runner_.join();
  server_.reset();
}

void server_fixture::restart() {
  stop();
  start(false);
}

std::string server_fixture::login_demo() { return login("demo", demo_password_); }

std::string server_fixture::login_agency_moderator(const std::string& agency) {
  auto account = agency_moderators_.find(agency);
  if (account == agency_moderators_.end()) throw std::runtime_error("no demo moderator for " + agency);
  return login(account->second.first, account->second.second);
}

std::string server_fixture::login(const std::string& username, const std::string& password) {
  auto response =
      http_call(port_, "POST", "/api/login", nlohmann::json{{"username", username}, {"password", password}}.dump());
  if (response.status != 200) throw std::runtime_error("login failed: " + response.body);
  auto cookie = response.headers["set-cookie"];
  return cookie.substr(0, cookie.find(';'));
}

std::unique_ptr<ws_test_client> server_fixture::join_official(const std::string& name, const std::string& dane,
                                                              const std::string& entity_type) {
  auto client = std::make_unique<ws_test_client>(port_);
  client->send(
      {{"type", "join"},
       {"v", 1},
       {"session", demo_session_},
       {"as", "official"},
       {"official",
        {{"name", name}, {"position", "Jefe de planeación"}, {"entity_type", entity_type}, {"dane_code", dane}}}});
  if (!client->wait_for_type("synced")) throw std::runtime_error("official did not join");
  return client;
}

std::string server_fixture::token_of(const ws_test_client& official) {
  for (const auto& m : official.seen()) {
    if (m.value("type", "") == "welcome" && m.contains("token")) return m["token"].get<std::string>();
  }
  return {};
}

std::unique_ptr<ws_test_client> server_fixture::rejoin_official(const std::string& token) {
  auto client = std::make_unique<ws_test_client>(port_);
  client->send({{"type", "join"}, {"v", 1}, {"session", demo_session_}, {"as", "official"}, {"token", token}});
  if (!client->wait_for_type("synced")) throw std::runtime_error("official did not join again");
  return client;
}

std::unique_ptr<ws_test_client> server_fixture::join_moderator(const std::string& cookie) {
  auto client = std::make_unique<ws_test_client>(port_, ws_test_client::options{cookie, {}});
  client->send({{"type", "join"}, {"v", 1}, {"session", demo_session_}, {"as", "moderator"}});
  if (!client->wait_for_type("synced")) throw std::runtime_error("moderator did not join");
  return client;
}

}  // namespace helpchat::testing
