// The real `helpchat` binary as a child process, for what only a process can show: signals, exit codes, file
// descriptor limits. Reads the lines the server prints at start (port, demo credentials). Every wait is bounded.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace helpchat::testing {

class server_process {
 public:
  // Starts `helpchat serve --port 0 --data DATA <extra…>` (with the repository's web client and faq dir) and waits
  // for its `listening on` line. `prefix` runs before the binary (e.g. {"prlimit", "--nofile=64:64", "--"}).
  server_process(const std::filesystem::path& data, std::vector<std::string> extra = {"--demo"},
                 std::vector<std::string> prefix = {});
  ~server_process();
  server_process(const server_process&) = delete;
  server_process& operator=(const server_process&) = delete;

  std::uint16_t port() const { return port_; }
  const std::string& demo_password() const { return password_; }
  int demo_session() const { return session_; }
  pid_t pid() const { return pid_; }

  void signal(int number);
  // The exit status (WEXITSTATUS) once it exits within `timeout`; nothing if it is still running.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);

  static std::filesystem::path binary();

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::uint16_t port_ = 0;
  std::string password_;
  int session_ = 0;
  bool exited_ = false;
};

}  // namespace helpchat::testing
