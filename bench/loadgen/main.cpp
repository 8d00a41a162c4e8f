// helpchat-loadgen: the benchmark's load generator. One process, one or two io threads, thousands of WebSocket
// connections to a server on 127.0.0.1; see bench/README.md.
//
//   helpchat-loadgen --target helpchat --port P --session S --moderator-password PW --scenario realistic
//                    --clients 5000 --publishers 50 --rate 10 --duration 20 --server-pid PID --json
//
// Exit status: 0 when the scenario ran with nothing lost or failed, 1 when it found problems (listed in the
// report), 2 on bad flags or a failure to run at all.
#include <sys/resource.h>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>

#include "scenario.hpp"

namespace {

const char* usage_text = R"(usage: helpchat-loadgen [flags]
  --target helpchat|ws|beast   server kind (default helpchat)
  --port N                     server port on 127.0.0.1 (required)
  --session N                  helpchat help session id (required for helpchat)
  --moderator-password PW      helpchat: password of the moderator the publishers log in as (answer mode)
  --moderator-user NAME        (default demo)
  --scenario NAME              idle|realistic|peak|ladder|joinstorm|overload|fdstorm|waiting
                               (default realistic)
  --clients N                  receiving clients (default 50)
  --publishers N               publishing clients, extra to --clients (default 1)
  --rate R                     measured messages per second, all publishers together (default 10)
  --duration S                 seconds of publishing; idle: seconds held (default 5)
  --payload-bytes N            length of each message's text (default 160)
  --publish answer|ask         helpchat: moderators answer pooled questions, or officials ask (default answer)
  --pool-per-official N        answer mode: questions asked by each pool official, one every 2 ms (default 5000)
  --ladder R1,R2,...           ladder: rates of the steps (default 25,50,100,200,350,500,750,1000,1500,2000,3000,4000,5000)
  --step-seconds S             ladder: seconds per step (default 10)
  --p99-limit-ms MS            ladder: stop when p99 exceeds this (default 100)
  --slow-fraction F            overload: share of clients that stop reading (default 0.25)
  --stall S                    overload: seconds they stop reading (default: half the duration)
  --slow-rcvbuf BYTES          overload: SO_RCVBUF of the slow clients (default 4096)
  --after-clients N            fdstorm: new clients after the storm (default 50)
  --waiting N                  waiting: receivers who each ask one question nobody answers (default 500)
  --ask-rate R                 waiting: those questions per second, before the measurement (default 25)
  --ask-drain S                waiting: seconds to wait until every receiver has them (default 60)
  --connect-concurrency N      connections being set up at once (default 256; joinstorm: all)
  --join-timeout S             per connection: connect + upgrade + join (default 15)
  --drain S                    seconds to wait for late deliveries (default 5)
  --threads N                  generator io threads, 1 or 2 (default 1)
  --server-pid PID             sample the server's RSS and CPU from /proc
  --json                       print the report as one JSON object
)";

void raise_fd_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

std::vector<double> parse_list(const std::string& text) {
  std::vector<double> values;
  std::istringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) values.push_back(std::stod(item));
  }
  return values;
}

void print_human(const nlohmann::ordered_json& report) {
  std::cout << report["target"].get<std::string>() << " / " << report["scenario"].get<std::string>() << ": "
            << (report["ok"].get<bool>() ? "ok" : "PROBLEMS") << '\n';
  for (const auto& [key, value] : report.items()) {
    if (key == "target" || key == "scenario" || key == "ok") continue;
    std::cout << "  " << key << ": " << value.dump() << '\n';
  }
}

}  // namespace

int main(int argc, char** argv) {
  bench::options opt;
  bool have_port = false;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string flag = argv[i];
      auto value = [&]() -> std::string {
        if (i + 1 >= argc) throw std::invalid_argument(flag + " needs a value");
        return argv[++i];
      };
      if (flag == "--help" || flag == "-h") {
        std::cout << usage_text;
        return 0;
      } else if (flag == "--target") {
        opt.target_name = value();
        if (opt.target_name == "helpchat")
          opt.target = bench::target_kind::helpchat;
        else if (opt.target_name == "ws")
          opt.target = bench::target_kind::ws;
        else if (opt.target_name == "beast")
          opt.target = bench::target_kind::beast;
        else
          throw std::invalid_argument("--target must be helpchat, ws or beast");
      } else if (flag == "--port") {
        opt.port = static_cast<std::uint16_t>(std::stoul(value()));
        have_port = true;
      } else if (flag == "--session")
        opt.session = std::stoll(value());
      else if (flag == "--moderator-password")
        opt.moderator_password = value();
      else if (flag == "--moderator-user")
        opt.moderator_user = value();
      else if (flag == "--scenario")
        opt.scenario = value();
      else if (flag == "--clients")
        opt.clients = static_cast<std::uint32_t>(std::stoul(value()));
      else if (flag == "--publishers")
        opt.publishers = std::max<std::uint32_t>(1, static_cast<std::uint32_t>(std::stoul(value())));
      else if (flag == "--rate")
        opt.rate = std::stod(value());
      else if (flag == "--duration")
        opt.duration = std::stod(value());
      else if (flag == "--payload-bytes")
        opt.payload_bytes = std::stoul(value());
      else if (flag == "--publish")
        opt.publish = value();
      else if (flag == "--pool-per-official")
        opt.pool_per_official = static_cast<std::uint32_t>(std::stoul(value()));
      else if (flag == "--ladder")
        opt.ladder_rates = parse_list(value());
      else if (flag == "--step-seconds")
        opt.step_seconds = std::stod(value());
      else if (flag == "--p99-limit-ms")
        opt.p99_limit_ms = std::stod(value());
      else if (flag == "--slow-fraction")
        opt.slow_fraction = std::stod(value());
      else if (flag == "--stall")
        opt.stall = std::stod(value());
      else if (flag == "--slow-rcvbuf")
        opt.slow_receive_buffer = std::stoi(value());
      else if (flag == "--after-clients")
        opt.after_clients = static_cast<std::uint32_t>(std::stoul(value()));
      else if (flag == "--waiting")
        opt.waiting = static_cast<std::uint32_t>(std::stoul(value()));
      else if (flag == "--ask-rate")
        opt.ask_rate = std::stod(value());
      else if (flag == "--ask-drain")
        opt.ask_drain = std::stod(value());
      else if (flag == "--connect-concurrency")
        opt.connect_concurrency = std::max<std::uint32_t>(1, static_cast<std::uint32_t>(std::stoul(value())));
      else if (flag == "--join-timeout")
        opt.join_timeout = std::stod(value());
      else if (flag == "--drain")
        opt.drain = std::stod(value());
      else if (flag == "--threads")
        opt.threads = std::clamp(static_cast<unsigned>(std::stoul(value())), 1u, 8u);
      else if (flag == "--server-pid")
        opt.server_pid = static_cast<pid_t>(std::stol(value()));
      else if (flag == "--json")
        opt.json = true;
      else
        throw std::invalid_argument("unknown flag " + flag);
    }
    if (!have_port) throw std::invalid_argument("--port is required");
    if (opt.publish != "answer" && opt.publish != "ask") throw std::invalid_argument("--publish must be answer or ask");
    if (opt.publish == "answer" && opt.target == bench::target_kind::helpchat && opt.moderator_password.empty() &&
        opt.scenario != "idle" && opt.scenario != "joinstorm" && opt.scenario != "fdstorm") {
      throw std::invalid_argument("--publish answer needs --moderator-password");
    }
    if (opt.target == bench::target_kind::helpchat && opt.payload_bytes > 2000) {
      throw std::invalid_argument("--payload-bytes: helpchat texts are at most 2000 characters");
    }
  } catch (const std::exception& e) {
    std::cerr << "helpchat-loadgen: " << e.what() << "\n\n" << usage_text;
    return 2;
  }

  raise_fd_limit();
  try {
    auto report = bench::run_scenario(opt);
    if (opt.json) {
      std::cout << report.dump() << std::endl;
    } else {
      print_human(report);
    }
    return report["ok"].get<bool>() ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "helpchat-loadgen: " << e.what() << '\n';
    if (opt.json) {
      std::cout << nlohmann::ordered_json{{"target", opt.target_name},
                                          {"scenario", opt.scenario},
                                          {"ok", false},
                                          {"problems", {std::string("did not run: ") + e.what()}}}
                       .dump()
                << std::endl;
    }
    return 2;
  }
}
