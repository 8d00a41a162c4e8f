// `helpchat serve`: builds the whole server from its settings and runs it until SIGINT/SIGTERM.
//
// Start-up: open and migrate the database → load the form model and DIVIPOLA → (demo: create a live help session
// and a demo moderator) → load help sessions, transcripts and participants → start the writer, the io threads and
// the listener → print `listening on http://ADDR:PORT`.
// Running: once a second, take up the help sessions and accounts that the CLI wrote meanwhile (catalog_sync), then
// move every help session along its schedule.
// Shutdown (signal or stop()): stop accepting → /readyz answers 503 → close every WebSocket with 1001 → let the
// transcript writer commit what is queued → stop the io threads. Nothing acknowledged is lost.
#pragma once

#include <iosfwd>
#include <memory>

#include "common/logger.hpp"
#include "common/result.hpp"
#include "config/config.hpp"

namespace helpchat::app {

class server {
 public:
  // Starts serving; `out` receives the lines people and scripts read (listening address, demo credentials).
  static result<std::unique_ptr<server>> start(const config::settings& settings, logger& log, std::ostream& out);
  ~server();

  std::uint16_t port() const;
  // Blocks until SIGINT or SIGTERM (or stop()), then shuts down gracefully.
  void run_until_stopped();
  // Asks run_until_stopped() to return; thread-safe.
  void stop();

  struct parts;

 private:
  explicit server(std::unique_ptr<parts> p);
  std::unique_ptr<parts> parts_;
};

}  // namespace helpchat::app
