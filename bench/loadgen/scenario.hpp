// The scenarios of the benchmark (bench/README.md says what each measures) and the controller that runs them.
//
// The controller runs on the main thread: it creates clients on the workers, starts them in waves, paces the
// publishers, waits (always with a deadline) for counts to arrive, and samples the server, itself and the machine
// from /proc. It never touches a client directly: it posts to the client's worker, or quiesces the worker to read.
#pragma once

#include <sys/types.h>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "worker.hpp"

namespace bench {

struct options {
  target_kind target = target_kind::helpchat;
  std::string target_name = "helpchat";
  std::uint16_t port = 0;
  std::int64_t session = 0;
  std::string moderator_user = "demo";
  std::string moderator_password;  // helpchat: publishers log in as this moderator (answer mode)
  std::string scenario = "realistic";
  std::uint32_t clients = 50;  // receivers (publishers are extra connections)
  std::uint32_t publishers = 1;
  double rate = 10;     // measured messages per second, all publishers together
  double duration = 5;  // seconds of publishing (idle: of holding)
  pid_t server_pid = 0;
  bool json = false;
  unsigned threads = 1;
  std::size_t payload_bytes = 160;         // length of each measured message's text
  std::string publish = "answer";          // helpchat: "answer" (moderators answer pooled questions) or "ask"
  std::uint32_t pool_per_official = 5000;  // answer mode: questions each pool official asks, one every 2 ms
  std::uint32_t connect_concurrency = 256;
  double join_timeout = 15;
  double drain = 5;  // seconds to wait for late deliveries after publishing stops
  // ladder
  std::vector<double> ladder_rates;  // messages/s per step; empty: a built-in list
  double step_seconds = 10;
  double p99_limit_ms = 100;
  // overload
  double slow_fraction = 0.25;
  double stall = 0;  // seconds the slow clients stop reading; 0: half the duration
  int slow_receive_buffer = 4096;
  // fdstorm
  std::uint32_t after_clients = 50;
  // waiting
  std::uint32_t waiting = 500;  // receivers who each ask one question that stays waiting
  double ask_rate = 25;         // those questions per second, before the measurement
  double ask_drain = 60;        // seconds to wait for every receiver to have them all before answers begin
};

// Runs the scenario; the result is the JSON report (also when something failed: "ok": false and "problems").
nlohmann::ordered_json run_scenario(const options& opt);

}  // namespace bench
