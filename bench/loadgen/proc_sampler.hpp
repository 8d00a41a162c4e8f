// Resource use of a process and of the whole machine, read from /proc (Linux only).
//
// A sample is cheap (two small file reads); the scenario takes one at each phase boundary and a background
// sampler thread keeps the peak RSS of the server in between. Thread-safe: functions only read /proc.
#pragma once

#include <sys/types.h>
#include <cstdint>
#include <optional>

namespace bench {

struct process_sample {
  std::uint64_t rss_bytes = 0;  // VmRSS
  std::uint64_t cpu_ticks = 0;  // utime + stime, in clock ticks
  std::uint64_t threads = 0;
};

struct machine_sample {
  std::uint64_t busy_ticks = 0;   // every CPU, all states but idle and iowait
  std::uint64_t total_ticks = 0;  // every CPU, all states
};

// Empty if the process is gone or /proc cannot be read.
std::optional<process_sample> sample_process(pid_t pid);
machine_sample sample_machine();
double ticks_per_second();
unsigned online_cpus();

}  // namespace bench
