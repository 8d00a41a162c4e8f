#include "support/server_process.hpp"

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <regex>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace helpchat::testing {

std::filesystem::path server_process::binary() { return HELPCHAT_BINARY; }

server_process::server_process(const std::filesystem::path& data, std::vector<std::string> extra,
                               std::vector<std::string> prefix) {
  std::vector<std::string> args = std::move(prefix);
  for (std::string word :
       {binary().string(), std::string("serve"), std::string("--port"), std::string("0"), std::string("--data"),
        data.string(), std::string("--web-root"), std::string(HELPCHAT_SOURCE_DIR) + "/web-client",
        std::string("--faq-dir"), std::string(HELPCHAT_SOURCE_DIR) + "/faq", std::string("--log-level"),
        std::string("warn")}) {
    args.push_back(word);
  }
  args.insert(args.end(), extra.begin(), extra.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) throw std::runtime_error("pipe");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  int rc = posix_spawnp(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  stdout_fd_ = pipe_fds[0];
  if (rc != 0) throw std::runtime_error("cannot start " + args.front());

  std::string output;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  std::smatch match;
  while (!std::regex_search(output, match, std::regex("listening on https?://[^:]+:(\\d+)"))) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) throw std::runtime_error("server did not start: " + output);
    pollfd fd{stdout_fd_, POLLIN, 0};
    if (poll(&fd, 1, static_cast<int>(left.count())) <= 0) continue;
    char buffer[4096];
    auto n = read(stdout_fd_, buffer, sizeof buffer);
    if (n <= 0) throw std::runtime_error("server exited at start: " + output);
    output.append(buffer, static_cast<std::size_t>(n));
  }
  port_ = static_cast<std::uint16_t>(std::stoi(match[1]));
  if (std::regex_search(output, match, std::regex("password=(\\S+)"))) password_ = match[1];
  if (std::regex_search(output, match, std::regex("demo session: id=(\\d+)"))) session_ = std::stoi(match[1]);
}

server_process::~server_process() {
  if (!exited_ && pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (stdout_fd_ >= 0) close(stdout_fd_);
}

void server_process::signal(int number) { kill(pid_, number); }

std::optional<int> server_process::wait_exit(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      exited_ = true;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return std::nullopt;
}

}  // namespace helpchat::testing
