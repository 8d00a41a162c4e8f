#include "proc_sampler.hpp"

#include <unistd.h>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace bench {

std::optional<process_sample> sample_process(pid_t pid) {
  process_sample s;
  const std::string dir = "/proc/" + std::to_string(pid);
  {
    std::ifstream stat(dir + "/stat");
    std::string text;
    if (!std::getline(stat, text)) return std::nullopt;
    // The command name (field 2) may hold spaces and parentheses: fields are counted after the last ')'.
    const auto close = text.rfind(')');
    if (close == std::string::npos) return std::nullopt;
    std::istringstream fields(text.substr(close + 2));
    std::string field;
    std::uint64_t utime = 0, stime = 0;
    for (int i = 3; fields >> field; ++i) {
      if (i == 14) utime = std::stoull(field);
      if (i == 15) stime = std::stoull(field);
      if (i == 20) {
        s.threads = std::stoull(field);
        break;
      }
    }
    s.cpu_ticks = utime + stime;
  }
  std::ifstream status(dir + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) {
      s.rss_bytes = std::stoull(line.substr(6)) * 1024;  // "VmRSS:    1234 kB"
      break;
    }
  }
  return s;
}

machine_sample sample_machine() {
  machine_sample m;
  std::ifstream stat("/proc/stat");
  std::string cpu;
  stat >> cpu;  // the first line sums every CPU: user nice system idle iowait irq softirq steal ...
  std::uint64_t value = 0;
  for (int i = 0; i < 8 && stat >> value; ++i) {
    m.total_ticks += value;
    if (i != 3 && i != 4) m.busy_ticks += value;
  }
  return m;
}

double ticks_per_second() { return static_cast<double>(sysconf(_SC_CLK_TCK)); }

unsigned online_cpus() { return std::max(1u, std::thread::hardware_concurrency()); }

}  // namespace bench
