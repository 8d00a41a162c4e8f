// Configuration of `helpchat serve` and the other commands: every key with its default, environment variable and
// help text in one table (config.cpp), read with the precedence flags > environment > config file > defaults.
// An invalid value refuses to start with a message that names the key and where the value came from.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/limits.hpp"
#include "common/result.hpp"

namespace helpchat::config {

struct settings {
  // serve
  std::string bind = "127.0.0.1";
  std::uint16_t port = 8080;
  std::filesystem::path data_dir = "data";
  std::filesystem::path web_root = "web-client";
  std::filesystem::path faq_dir = "faq";
  std::size_t threads = 0;  // 0: one per core
  bool demo = false;
  std::vector<std::string> allowed_origins;  // empty: the server's own origin
  std::string log_level = "info";
  helpchat::limits limits;
  // On SIGTERM, how long /readyz answers 503 while new connections are still accepted, so a load balancer can
  // take the node out before it stops accepting.
  std::chrono::seconds drain_delay{0};
  // How long the transcript writer retries a failing commit before refusing its commands (store::transcript_writer).
  std::chrono::seconds storage_retry{10};
  // Routing (chat/routing.hpp): open questions a moderator is given automatically at most, and how long a
  // moderator whose last connection closed keeps them.
  int assignment_cap = 3;
  std::chrono::seconds assignment_grace{60};
  std::optional<std::filesystem::path> config_file;
  // HTTPS/WSS when both are set (PEM files); plain HTTP otherwise, for loopback or behind a reverse proxy.
  std::optional<std::filesystem::path> tls_certificate;
  std::optional<std::filesystem::path> tls_key;

  std::filesystem::path database_file() const { return data_dir / "helpchat.db"; }
};

// Reads the environment; injected so that precedence can be tested without touching the process environment.
using environment = std::function<std::optional<std::string>(const std::string& name)>;
environment process_environment();

struct parsed {
  settings values;
  std::vector<std::string> positional;  // arguments that are not options (subcommand words)
  bool help = false;
};

// `args` are the arguments after the command words. Keys are documented by usage().
result<parsed> parse(const std::vector<std::string>& args, const environment& env);

// The options section of --help.
std::string usage();

}  // namespace helpchat::config
