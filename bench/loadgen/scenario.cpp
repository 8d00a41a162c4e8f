#include "scenario.hpp"

#include <algorithm>
#include <atomic>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cmath>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "client.hpp"
#include "http_login.hpp"
#include "proc_sampler.hpp"

namespace bench {

namespace {

using json = nlohmann::ordered_json;
using steady = std::chrono::steady_clock;
using namespace std::chrono_literals;

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(steady::now().time_since_epoch()).count();
}

double seconds_between(steady::time_point a, steady::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

double round_to(double value, int decimals) {
  const double f = std::pow(10.0, decimals);
  return std::round(value * f) / f;
}

json latency_json(const latency_histogram& h) {
  return json{{"count", h.count()},
              {"p50_ms", to_ms(h.quantile(0.50))},
              {"p99_ms", to_ms(h.quantile(0.99))},
              {"max_ms", to_ms(h.max())}};
}

// Paces the publishers on worker 0: message k (0-based) of a phase is due at start + k / rate, whatever the
// publishers' speed; each message carries its send time. Publishers take turns.
class pacer : public std::enable_shared_from_this<pacer> {
 public:
  struct settings {
    std::vector<std::shared_ptr<client>> publishers;
    target_kind target = target_kind::helpchat;
    bool answer_mode = true;
    double rate = 1;
    std::uint64_t total = 0;
    std::uint32_t tag = 1;
    std::size_t payload_bytes = 160;
  };

  pacer(boost::asio::io_context& ioc, settings s) : timer_(ioc), s_(std::move(s)) {}

  void start() {
    start_ = steady::now();
    tick();
  }
  void stop() { stop_requested_ = true; }

  std::atomic<std::uint64_t> sent{0};     // commands or messages actually written
  std::atomic<std::uint64_t> skipped{0};  // answer mode: no pooled question left
  std::atomic<bool> done{false};

 private:
  void tick() {
    const double elapsed = seconds_between(start_, steady::now());
    const auto due = std::min<std::uint64_t>(s_.total, static_cast<std::uint64_t>(elapsed * s_.rate) + 1);
    while (attempted_ < due && !stop_requested_) send_one();
    if (attempted_ >= s_.total || stop_requested_) {
      done = true;
      return;
    }
    ++ticks_;
    timer_.expires_at(start_ + ticks_ * 1ms);
    timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (ec) {
        self->done = true;
        return;
      }
      self->tick();
    });
  }

  void send_one() {
    const std::uint64_t n = attempted_++;
    const std::size_t count = s_.publishers.size();
    std::string text = make_marker(now_ns(), s_.tag, n);
    if (text.size() + 1 < s_.payload_bytes) {
      text.push_back(' ');
      text.append(s_.payload_bytes - text.size(), 'x');
    }
    if (s_.target != target_kind::helpchat) {
      s_.publishers[next_++ % count]->send(std::move(text));
      sent.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    const std::string cid = "b" + std::to_string(s_.tag) + "-" + std::to_string(n);
    for (std::size_t tries = 0; tries < count; ++tries) {
      auto& p = s_.publishers[next_++ % count];
      if (!s_.answer_mode) {
        p->send(R"({"type":"ask","cid":")" + cid + R"(","field":"general","text":")" + text + "\"}");
        sent.fetch_add(1, std::memory_order_relaxed);
        return;
      }
      if (auto question = p->take_pool_question(); question > 0) {
        p->send(R"({"type":"answer","cid":")" + cid + R"(","question":)" + std::to_string(question) +
                R"(,"visibility":"public","text":")" + text + "\"}");
        sent.fetch_add(1, std::memory_order_relaxed);
        return;
      }
    }
    skipped.fetch_add(1, std::memory_order_relaxed);
  }

  boost::asio::steady_timer timer_;
  settings s_;
  steady::time_point start_;
  std::uint64_t attempted_ = 0;
  std::uint64_t ticks_ = 0;
  std::size_t next_ = 0;
  std::atomic<bool> stop_requested_{false};
};

struct snapshot {
  steady::time_point at;
  std::optional<process_sample> server;
  std::optional<process_sample> self;
  machine_sample box;
};

class controller {
 public:
  explicit controller(const options& opt) : opt_(opt) {
    config_.target = opt.target;
    config_.endpoint = {boost::asio::ip::make_address("127.0.0.1"), opt.port};
    config_.host = "127.0.0.1:" + std::to_string(opt.port);
    config_.path = opt.target == target_kind::helpchat ? "/ws" : "/";
    config_.session = opt.session;
    config_.join_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(opt.join_timeout * 1000));
    config_.slow_receive_buffer = opt.slow_receive_buffer;
    config_.resume_after_close = opt.scenario == "overload";
    for (unsigned i = 0; i < std::max(1u, opt.threads); ++i) workers_.push_back(std::make_unique<worker>(i));
  }

  ~controller() {
    sampling_ = false;
    if (sampler_.joinable()) sampler_.join();
    for (auto& w : workers_) w->stop();
  }

  json run() {
    report_["target"] = opt_.target_name;
    report_["scenario"] = opt_.scenario;
    report_["clients"] = opt_.clients;
    report_["generator_threads"] = workers_.size();
    if (opt_.target == target_kind::helpchat && opt_.session == 0) throw std::runtime_error("--session is required");
    for (auto& w : workers_) w->start();
    if (opt_.server_pid) sampler_ = std::thread([this] { sample_peak(); });

    if (opt_.scenario == "idle") {
      idle();
    } else if (opt_.scenario == "realistic" || opt_.scenario == "peak") {
      steady_traffic(false);
    } else if (opt_.scenario == "overload") {
      steady_traffic(true);
    } else if (opt_.scenario == "ladder") {
      ladder();
    } else if (opt_.scenario == "joinstorm") {
      joinstorm();
    } else if (opt_.scenario == "fdstorm") {
      fdstorm();
    } else if (opt_.scenario == "waiting") {
      waiting();
    } else {
      throw std::runtime_error("unknown scenario '" + opt_.scenario + "'");
    }

    json counters;
    counters["unexpected_closes"] = sum(&worker_stats::unexpected_closes);
    counters["closes_1013"] = sum(&worker_stats::closes_1013);
    counters["rejoined"] = sum(&worker_stats::rejoined);
    counters["duplicates"] = sum(&worker_stats::duplicates);
    counters["gaps"] = sum(&worker_stats::gaps);
    counters["frames_not_array"] = sum(&worker_stats::not_array);
    report_["counters"] = counters;
    std::string first_error, first_close;
    for (auto& w : workers_) {
      w->quiesce([&] {
        if (first_error.empty()) first_error = w->stats().first_error;
        if (first_close.empty()) first_close = w->stats().first_close;
      });
    }
    if (!first_error.empty()) report_["first_error"] = first_error;
    if (!first_close.empty()) report_["first_unexpected_close"] = first_close;
    if (opt_.scenario != "overload" && opt_.scenario != "fdstorm" && counters["unexpected_closes"] != 0) {
      problem("connections closed unexpectedly: " + counters["unexpected_closes"].dump());
    }
    if (counters["gaps"] != 0 || counters["duplicates"] != 0) problem("seq gaps or duplicates");
    if (counters["frames_not_array"] != 0) problem("server frames that are not JSON arrays");
    report_["ok"] = problems_.empty();
    report_["problems"] = problems_;
    return std::move(report_);
  }

 private:
  // ---- clients -------------------------------------------------------------------------------------------

  std::vector<std::shared_ptr<client>> make(client_role role, std::uint32_t count, double slow_fraction = 0) {
    std::vector<std::shared_ptr<client>> made;
    made.reserve(count);
    const std::uint32_t slow_every = slow_fraction > 0 ? static_cast<std::uint32_t>(std::lround(1 / slow_fraction)) : 0;
    for (std::uint32_t i = 0; i < count; ++i) {
      // Publishers and pool officials live on worker 0 with the pacer; receivers are spread over every worker.
      worker& w = role == client_role::receiver ? *workers_[i % workers_.size()] : *workers_[0];
      const bool slow = slow_every && i % slow_every == 0;
      made.push_back(std::make_shared<client>(w, config_, next_index_++, role, slow));
    }
    return made;
  }

  struct connect_result {
    std::uint64_t ok = 0;
    std::uint64_t failed = 0;
    double seconds = 0;
  };

  // Starts every client (at most `concurrency` connecting at once) and waits until each has joined or failed.
  connect_result connect_all(const std::vector<std::shared_ptr<client>>& clients, std::uint64_t since,
                             std::uint32_t concurrency) {
    const auto base_ok = sum(&worker_stats::joined);
    const auto base_failed = sum(&worker_stats::join_failed);
    const auto begin = steady::now();
    auto last_start = begin;
    std::size_t started = 0;
    connect_result r;
    for (;;) {
      r.ok = sum(&worker_stats::joined) - base_ok;
      r.failed = sum(&worker_stats::join_failed) - base_failed;
      const auto done = r.ok + r.failed;
      while (started < clients.size() && started - done < concurrency) {
        auto c = clients[started++];
        boost::asio::post(workers_[c->worker_index()]->context(), [c, since] { c->start(since); });
        last_start = steady::now();
      }
      if (done >= clients.size()) break;
      if (started == clients.size() && steady::now() > last_start + config_.join_timeout + 2s) break;
      std::this_thread::sleep_for(started < clients.size() ? 200us : 1ms);
    }
    r.seconds = seconds_between(begin, steady::now());
    return r;
  }

  void require_connected(const char* what, const connect_result& r, std::size_t wanted) {
    if (r.ok < wanted)
      problem(std::string(what) + ": " + std::to_string(wanted - r.ok) + " of " + std::to_string(wanted) +
              " did not join");
  }

  void close_all(const std::vector<std::shared_ptr<client>>& clients) {
    for (auto& c : clients) boost::asio::post(workers_[c->worker_index()]->context(), [c] { c->close(); });
  }

  // helpchat, answer mode: publishers join as moderators, pool officials ask one question per message to come, the
  // publishers collect their ids; pool officials leave. Receivers join afterwards from the last seq, so the pool
  // costs them nothing.
  std::uint64_t prepare_publishers(std::vector<std::shared_ptr<client>>& publishers, std::uint64_t pool_size) {
    const bool helpchat = opt_.target == target_kind::helpchat;
    if (helpchat && answer_mode()) {
      config_.moderator_cookie = login(opt_.port, opt_.moderator_user, opt_.moderator_password);
    }
    publishers = make(client_role::publisher, opt_.publishers);
    for (std::uint32_t i = 0; i < publishers.size(); ++i) publishers[i]->set_publisher_slot(i, opt_.publishers);
    auto r = connect_all(publishers, 0, opt_.connect_concurrency);
    require_connected("publishers", r, publishers.size());
    if (!helpchat || !answer_mode() || pool_size == 0) return 0;

    const auto begin = steady::now();
    // A few more questions than needed: under load a question may still meet the official's budget (below).
    const std::uint32_t per = std::max<std::uint32_t>(1, opt_.pool_per_official);
    const auto askers = make(client_role::asker, static_cast<std::uint32_t>((pool_size + per - 1) / per));
    auto ra = connect_all(askers, 0, opt_.connect_concurrency);
    require_connected("pool officials", ra, askers.size());
    // Each official asks one question every 2 ms: with helpchat's default burst of 5 questions
    // (`questions-burst`), a pipelined burst would be refused even with the rate raised.
    // On a busy machine some still meet the budget: the missing ones are asked again, a few rounds at most.
    // Few officials, each asking many: every question is broadcast to all of them, so the cost grows with their
    // number times the pool's size.
    std::uint64_t asked = 0;
    for (int round = 0; round < 5 && sum(&worker_stats::pool_collected) < pool_size; ++round) {
      const auto missing = pool_size - sum(&worker_stats::pool_collected);
      const auto base_replies = sum(&worker_stats::acks) + sum(&worker_stats::refused);
      const auto count = missing + missing / 50 + 5;
      for (std::uint64_t k = 0; k < count; ++k, ++asked) {
        auto a = askers[k % askers.size()];
        std::string ask = R"({"type":"ask","cid":"pool-)" + std::to_string(asked) +
                          R"(","field":"general","text":"~bp=)" + std::to_string(asked) + R"(~ ¿Pregunta de prueba?"})";
        boost::asio::post(workers_[0]->context(), [a, ask = std::move(ask)]() mutable { a->send(std::move(ask)); });
        if ((k + 1) % askers.size() == 0) std::this_thread::sleep_for(2ms);
      }
      wait_until([&] { return sum(&worker_stats::acks) + sum(&worker_stats::refused) - base_replies >= count; },
                 30s + std::chrono::milliseconds(count));
      // The publishers see each question_asked after its ack; let the last ones arrive.
      wait_until([&] { return sum(&worker_stats::pool_collected) >= pool_size; }, 2s);
    }
    const auto refused = sum(&worker_stats::refused);
    // Refusals while building the pool are not the measurement's: forget them.
    for (auto& w : workers_) w->stats().refused = 0;
    json pool{{"questions", pool_size},
              {"asked", asked},
              {"collected", sum(&worker_stats::pool_collected)},
              {"refused", refused},
              {"officials", askers.size()},
              {"seconds", round_to(seconds_between(begin, steady::now()), 3)}};
    report_["pool"] = pool;
    if (sum(&worker_stats::pool_collected) < pool_size) problem("the question pool was not complete: " + pool.dump());
    close_all(askers);
    std::this_thread::sleep_for(200ms);
    return sum(&worker_stats::max_seq);
  }

  bool answer_mode() const { return opt_.publish == "answer"; }

  // ---- waiting and counting -----------------------------------------------------------------------------

  template <typename Done>
  bool wait_until(Done done, std::chrono::milliseconds timeout) {
    const auto deadline = steady::now() + timeout;
    while (!done()) {
      if (steady::now() > deadline) return false;
      std::this_thread::sleep_for(2ms);
    }
    return true;
  }

  std::uint64_t sum(std::atomic<std::uint64_t> worker_stats::*field) const {
    std::uint64_t total = 0;
    for (auto& w : workers_) total += (w->stats().*field).load(std::memory_order_relaxed);
    return total;
  }

  std::uint64_t received(std::uint32_t tag, int group = -1) const {
    std::uint64_t total = 0;
    for (auto& w : workers_) {
      for (std::size_t g = 0; g < group_count; ++g) {
        if (group < 0 || static_cast<std::size_t>(group) == g) total += w->stats().received[g][tag].load();
      }
    }
    return total;
  }

  latency_histogram latency(std::uint32_t tag, int group = -1) {
    latency_histogram merged;
    for (auto& w : workers_) {
      w->quiesce([&] {
        for (std::size_t g = 0; g < group_count; ++g) {
          if (group < 0 || static_cast<std::size_t>(group) == g) merged.merge(w->stats().latency[g][tag]);
        }
      });
    }
    return merged;
  }

  // Sum over receivers of (expected − received), each client's shortfall counted on its own.
  std::uint64_t lost_per_client(const std::vector<std::shared_ptr<client>>& receivers, std::uint64_t expected,
                                bool slow) {
    std::uint64_t lost = 0;
    for (auto& w : workers_) {
      w->quiesce([&] {
        for (auto& c : receivers) {
          if (c->worker_index() != w->index() || c->slow() != slow) continue;
          lost += expected > c->received() ? expected - c->received() : 0;
        }
      });
    }
    return lost;
  }

  struct phase_result {
    std::uint64_t sent = 0;
    std::uint64_t expected_per_client = 0;
    double seconds = 0;
    bool publishers_kept_up = true;
  };

  // Publishes `rate` messages/s for `seconds` with `tag`; `during(elapsed)` is called about every 10 ms.
  // `asks`: the publishers are officials who ask, whatever --publish says.
  template <typename During>
  phase_result publish(const std::vector<std::shared_ptr<client>>& publishers, double rate, double seconds,
                       std::uint32_t tag, During during, bool asks = false) {
    pacer::settings s;
    s.publishers = publishers;
    s.target = opt_.target;
    s.answer_mode = answer_mode() && !asks;
    s.rate = rate;
    s.total = static_cast<std::uint64_t>(std::llround(rate * seconds));
    s.tag = tag;
    s.payload_bytes = opt_.payload_bytes;
    auto p = std::make_shared<pacer>(workers_[0]->context(), std::move(s));
    const auto base_acks = sum(&worker_stats::acks);
    const auto base_refused = sum(&worker_stats::refused);
    const auto begin = steady::now();
    boost::asio::post(workers_[0]->context(), [p] { p->start(); });
    phase_result r;
    const auto deadline = begin + std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000)) + 2s;
    while (!p->done) {
      during(seconds_between(begin, steady::now()));
      if (steady::now() > deadline) {
        r.publishers_kept_up = false;  // the pacer fell behind its schedule: the generator is the bottleneck
        p->stop();
        wait_until([&] { return p->done.load(); }, 2s);
        break;
      }
      std::this_thread::sleep_for(10ms);
    }
    r.seconds = seconds_between(begin, steady::now());
    r.sent = p->sent;
    if (p->skipped) problem("pool exhausted: " + std::to_string(p->skipped) + " messages not sent");
    // helpchat replies to every command after its commit: wait for the replies, then subtract what was refused.
    if (opt_.target == target_kind::helpchat) {
      wait_until(
          [&] { return sum(&worker_stats::acks) - base_acks + sum(&worker_stats::refused) - base_refused >= r.sent; },
          std::chrono::milliseconds(static_cast<std::int64_t>(opt_.drain * 1000)));
    }
    const auto refused = sum(&worker_stats::refused) - base_refused;
    if (refused) problem(std::to_string(refused) + " commands refused by the server");
    r.expected_per_client = r.sent - std::min(r.sent, refused);
    return r;
  }

  // Waits (at most opt_.drain seconds, or `timeout`) until `receivers` clients have every message of `tag`.
  bool drain(std::uint32_t tag, std::uint64_t expected_total, std::chrono::milliseconds timeout) {
    return wait_until([&] { return received(tag) >= expected_total; }, timeout);
  }

  std::chrono::milliseconds drain_timeout() const {
    return std::chrono::milliseconds(static_cast<std::int64_t>(opt_.drain * 1000));
  }

  // ---- resource samples -----------------------------------------------------------------------------------

  snapshot take_snapshot() const {
    snapshot s;
    s.at = steady::now();
    if (opt_.server_pid) s.server = sample_process(opt_.server_pid);
    s.self = sample_process(getpid());
    s.box = sample_machine();
    return s;
  }

  void sample_peak() {
    while (sampling_) {
      if (auto s = sample_process(opt_.server_pid)) {
        auto peak = peak_rss_.load();
        while (s->rss_bytes > peak && !peak_rss_.compare_exchange_weak(peak, s->rss_bytes)) {
        }
      }
      std::this_thread::sleep_for(100ms);
    }
  }

  json usage(const snapshot& a, const snapshot& b, std::uint64_t deliveries) const {
    const double wall = seconds_between(a.at, b.at);
    const double tps = ticks_per_second();
    json u;
    u["seconds"] = round_to(wall, 3);
    if (a.server && b.server) {
      const double cpu = static_cast<double>(b.server->cpu_ticks - a.server->cpu_ticks) / tps;
      u["server_cpu_pct"] = round_to(100 * cpu / wall, 1);  // of one core
      u["server_cpu_us_per_delivery"] = deliveries ? round_to(cpu * 1e6 / static_cast<double>(deliveries), 4) : 0.0;
      u["server_rss_mb"] = round_to(static_cast<double>(b.server->rss_bytes) / 1048576.0, 1);
      u["server_threads"] = b.server->threads;
    } else if (opt_.server_pid) {
      u["server_gone"] = true;
    }
    if (a.self && b.self) {
      u["generator_cpu_pct"] =
          round_to(100 * static_cast<double>(b.self->cpu_ticks - a.self->cpu_ticks) / tps / wall, 1);
    }
    const auto total = b.box.total_ticks - a.box.total_ticks;
    if (total) {
      // Percent of the whole machine (every core): 100 means every core busy.
      u["box_cpu_pct"] =
          round_to(100.0 * static_cast<double>(b.box.busy_ticks - a.box.busy_ticks) / static_cast<double>(total), 1);
    }
    return u;
  }

  std::uint64_t rss(const snapshot& s) const { return s.server ? s.server->rss_bytes : 0; }

  void problem(std::string what) { problems_.push_back(std::move(what)); }

  // ---- scenarios -------------------------------------------------------------------------------------------

  // (a) idle: N joined clients held; RSS per connection.
  void idle() {
    const auto before = take_snapshot();
    auto receivers = make(client_role::receiver, opt_.clients);
    auto r = connect_all(receivers, 0, opt_.connect_concurrency);
    require_connected("receivers", r, receivers.size());
    const auto joined = take_snapshot();
    std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<std::int64_t>(opt_.duration * 1000)));
    const auto held = take_snapshot();
    json j;
    j["joined"] = r.ok;
    j["join_failed"] = r.failed;
    j["join_seconds"] = round_to(r.seconds, 3);
    j["hold_seconds"] = opt_.duration;
    j["server_rss_before_mb"] = round_to(static_cast<double>(rss(before)) / 1048576.0, 1);
    j["server_rss_held_mb"] = round_to(static_cast<double>(rss(held)) / 1048576.0, 1);
    if (r.ok) {
      j["rss_per_connection_bytes"] =
          std::llround((static_cast<double>(rss(held)) - static_cast<double>(rss(before))) / static_cast<double>(r.ok));
    }
    j["still_connected"] = r.ok - sum(&worker_stats::unexpected_closes);
    j["usage_while_held"] = usage(joined, held, 0);
    report_["idle"] = j;
  }

  // (b) realistic, (c) peak, (f) overload: receivers, publishers at a fixed total rate.
  void steady_traffic(bool overload) {
    report_["publishers"] = opt_.publishers;
    report_["rate"] = opt_.rate;
    report_["duration"] = opt_.duration;
    report_["payload_bytes"] = opt_.payload_bytes;
    if (opt_.target == target_kind::helpchat) report_["publish"] = opt_.publish;
    std::vector<std::shared_ptr<client>> publishers;
    const auto pool = static_cast<std::uint64_t>(std::llround(opt_.rate * opt_.duration));
    const auto since = prepare_publishers(publishers, pool);
    const auto before_receivers = take_snapshot();
    auto receivers = make(client_role::receiver, opt_.clients, overload ? opt_.slow_fraction : 0);
    auto r = connect_all(receivers, since, opt_.connect_concurrency);
    require_connected("receivers", r, receivers.size());
    report_["connect"] = json{{"ok", r.ok}, {"failed", r.failed}, {"seconds", round_to(r.seconds, 3)}};

    std::vector<std::shared_ptr<client>> slow;
    for (auto& c : receivers) {
      if (c->slow()) slow.push_back(c);
    }
    const double stall = opt_.stall > 0 ? opt_.stall : opt_.duration / 2;
    bool resumed = false;
    auto resume = [&] {
      if (resumed) return;
      resumed = true;
      for (auto& c : slow) boost::asio::post(workers_[c->worker_index()]->context(), [c] { c->resume_reading(); });
    };
    for (auto& c : slow) boost::asio::post(workers_[c->worker_index()]->context(), [c] { c->stop_reading(); });

    peak_rss_ = rss(before_receivers);
    const auto start = take_snapshot();
    auto phase = publish(publishers, opt_.rate, opt_.duration, 1, [&](double elapsed) {
      if (overload && elapsed >= stall) resume();
    });
    const auto published = take_snapshot();
    const std::uint64_t expected_total = phase.expected_per_client * receivers.size();
    // In overload the slow quarter catches up by resuming from its last seq within the same (bounded) drain time.
    if (overload) resume();
    drain(1, expected_total, drain_timeout());
    const auto end = take_snapshot();
    if (!phase.publishers_kept_up) problem("the generator could not keep the publishing rate");

    const auto got = received(1);
    json t;
    t["sent"] = phase.sent;
    t["expected_per_client"] = phase.expected_per_client;
    t["deliveries_expected"] = expected_total;
    t["deliveries"] = got;
    const auto lost_normal = lost_per_client(receivers, phase.expected_per_client, false);
    const auto lost_slow = lost_per_client(receivers, phase.expected_per_client, true);
    t["lost"] = lost_normal + lost_slow;
    t["deliveries_per_s"] = std::llround(static_cast<double>(received(1)) / phase.seconds);
    t["publish_seconds"] = round_to(phase.seconds, 3);
    t["latency"] = latency_json(latency(1, overload ? static_cast<int>(normal_group) : -1));
    t["usage"] = usage(start, published, got);
    t["usage_including_drain"] = usage(start, end, got);
    if (opt_.server_pid) t["server_rss_peak_mb"] = round_to(static_cast<double>(peak_rss_.load()) / 1048576.0, 1);
    t["server_rss_before_receivers_mb"] = round_to(static_cast<double>(rss(before_receivers)) / 1048576.0, 1);
    if (overload) {
      json o;
      o["slow_clients"] = slow.size();
      o["stall_seconds"] = stall;
      o["closed_1013"] = sum(&worker_stats::closes_1013);
      o["rejoined"] = sum(&worker_stats::rejoined);
      o["lost_normal"] = lost_normal;
      o["lost_slow_after_resume"] = lost_slow;
      o["latency_normal"] = latency_json(latency(1, normal_group));
      o["latency_slow"] = latency_json(latency(1, slow_group));
      t["overload"] = o;
      if (lost_normal) problem("clients that kept reading lost " + std::to_string(lost_normal) + " messages");
      if (lost_slow) problem("slow clients lost " + std::to_string(lost_slow) + " messages even after resuming");
    } else if (lost_normal + lost_slow) {
      problem("lost " + std::to_string(lost_normal + lost_slow) + " deliveries");
    }
    report_["traffic"] = t;
  }

  // waiting: the receivers are officials of whom `waiting` each ask one question that nobody answers (tag 2,
  // paced at ask_rate, every question fanned out to every receiver); then moderators answer other questions — the
  // pool, asked earlier and so ahead of the waiting ones in the triage queue — at `rate` for `duration` (tag 1). Each
  // answer moves every waiting question up one place: the event a queue position would change with. Peers: an ask
  // and an answer are both a plain broadcast; they keep no queue.
  void waiting() {
    report_["publishers"] = opt_.publishers;
    report_["rate"] = opt_.rate;
    report_["duration"] = opt_.duration;
    report_["payload_bytes"] = opt_.payload_bytes;
    report_["ask_rate"] = opt_.ask_rate;
    if (opt_.target == target_kind::helpchat) report_["publish"] = opt_.publish;
    std::vector<std::shared_ptr<client>> publishers;
    const auto pool = static_cast<std::uint64_t>(std::llround(opt_.rate * opt_.duration));
    const auto since = prepare_publishers(publishers, pool);
    const auto before_receivers = take_snapshot();
    auto receivers = make(client_role::receiver, opt_.clients);
    auto r = connect_all(receivers, since, opt_.connect_concurrency);
    require_connected("receivers", r, receivers.size());
    report_["connect"] = json{{"ok", r.ok}, {"failed", r.failed}, {"seconds", round_to(r.seconds, 3)}};
    const auto joined = take_snapshot();

    // The askers are spread evenly over the receivers of worker 0: the pacer runs there and writes to them directly.
    std::vector<std::shared_ptr<client>> on_first;
    for (auto& c : receivers) {
      if (c->worker_index() == 0) on_first.push_back(c);
    }
    const std::size_t asker_count = std::min<std::size_t>(opt_.waiting, on_first.size());
    std::vector<std::shared_ptr<client>> askers;
    for (std::size_t i = 0; i < asker_count; ++i) askers.push_back(on_first[i * on_first.size() / asker_count]);
    for (auto& c : askers) boost::asio::post(workers_[0]->context(), [c] { c->count_replies(); });
    report_["waiting"] = asker_count;

    peak_rss_ = rss(joined);
    const auto ask_start = take_snapshot();
    phase_result asks;
    if (asker_count > 0) {
      const double ask_rate = std::max(0.1, opt_.ask_rate);
      asks = publish(
          askers, ask_rate, static_cast<double>(asker_count) / ask_rate, 2, [](double) {}, true);
      // The answers must not queue behind a backlog of asks (a server that fell behind would be measured on the
      // asks' tail): wait longer than --drain, still bounded, and say so when it was not enough.
      const auto timeout =
          std::max(drain_timeout(), std::chrono::milliseconds(static_cast<std::int64_t>(opt_.ask_drain * 1000)));
      if (!drain(2, asks.expected_per_client * receivers.size(), timeout)) {
        problem("the asks were not all delivered within " + std::to_string(timeout.count() / 1000) +
                " s: the answers queued behind them");
      }
    }
    const auto asked = take_snapshot();
    const auto got_asks = received(2);
    json a;
    a["sent"] = asks.sent;
    a["deliveries_expected"] = asks.expected_per_client * receivers.size();
    a["deliveries"] = got_asks;
    a["deliveries_per_s"] = asks.seconds > 0 ? std::llround(static_cast<double>(got_asks) / asks.seconds) : 0;
    a["publish_seconds"] = round_to(asks.seconds, 3);
    a["drained_seconds"] = round_to(seconds_between(ask_start.at, asked.at), 3);
    a["latency"] = latency_json(latency(2));
    a["usage"] = usage(ask_start, asked, got_asks);
    if (!asks.publishers_kept_up) problem("the generator could not keep the asking rate");
    report_["asks"] = a;

    peak_rss_ = rss(asked);
    const auto start = take_snapshot();
    auto phase = publish(publishers, opt_.rate, opt_.duration, 1, [](double) {});
    const auto published = take_snapshot();
    const std::uint64_t expected_total = phase.expected_per_client * receivers.size();
    drain(1, expected_total, drain_timeout());
    const auto end = take_snapshot();
    if (!phase.publishers_kept_up) problem("the generator could not keep the publishing rate");

    const auto got = received(1);
    json t;
    t["sent"] = phase.sent;
    t["expected_per_client"] = phase.expected_per_client;
    t["deliveries_expected"] = expected_total;
    t["deliveries"] = got;
    // Each client's shortfall over both phases (a client's count does not tell the phases apart).
    const auto lost = lost_per_client(receivers, asks.expected_per_client + phase.expected_per_client, false);
    t["lost"] = lost;
    t["lost_answers"] = expected_total > got ? expected_total - got : 0;
    t["lost_asks"] = a["deliveries_expected"].get<std::uint64_t>() > got_asks
                         ? a["deliveries_expected"].get<std::uint64_t>() - got_asks
                         : 0;
    t["deliveries_per_s"] = std::llround(static_cast<double>(got) / phase.seconds);
    t["publish_seconds"] = round_to(phase.seconds, 3);
    t["latency"] = latency_json(latency(1));
    t["usage"] = usage(start, published, got);
    t["usage_including_drain"] = usage(start, end, got);
    if (opt_.server_pid) t["server_rss_peak_mb"] = round_to(static_cast<double>(peak_rss_.load()) / 1048576.0, 1);
    t["server_rss_before_receivers_mb"] = round_to(static_cast<double>(rss(before_receivers)) / 1048576.0, 1);
    t["server_rss_joined_mb"] = round_to(static_cast<double>(rss(joined)) / 1048576.0, 1);
    t["server_rss_waiting_mb"] = round_to(static_cast<double>(rss(asked)) / 1048576.0, 1);
    if (r.ok) {
      const auto per = [&](const snapshot& s) {
        return std::llround((static_cast<double>(rss(s)) - static_cast<double>(rss(before_receivers))) /
                            static_cast<double>(r.ok));
      };
      t["rss_per_connection_joined_bytes"] = per(joined);
      t["rss_per_connection_waiting_bytes"] = per(asked);
      t["rss_per_connection_end_bytes"] = per(end);
    }
    report_["traffic"] = t;
    if (lost) problem("lost " + std::to_string(lost) + " deliveries");
  }

  // (d) ladder: one publisher, the rate raised step by step until p99 > limit or anything is lost.
  void ladder() {
    std::vector<double> rates = opt_.ladder_rates;
    if (rates.empty()) rates = {25, 50, 100, 200, 350, 500, 750, 1000, 1500, 2000, 3000, 4000, 5000};
    rates.resize(std::min(rates.size(), max_tags - 2));
    report_["publishers"] = opt_.publishers;
    report_["step_seconds"] = opt_.step_seconds;
    report_["p99_limit_ms"] = opt_.p99_limit_ms;
    report_["payload_bytes"] = opt_.payload_bytes;
    if (opt_.target == target_kind::helpchat) report_["publish"] = opt_.publish;
    double pool = 0;
    for (double rate : rates) pool += rate * opt_.step_seconds;
    std::vector<std::shared_ptr<client>> publishers;
    const auto since = prepare_publishers(publishers, static_cast<std::uint64_t>(std::llround(pool)));
    auto receivers = make(client_role::receiver, opt_.clients);
    auto r = connect_all(receivers, since, opt_.connect_concurrency);
    require_connected("receivers", r, receivers.size());
    report_["connect"] = json{{"ok", r.ok}, {"failed", r.failed}, {"seconds", round_to(r.seconds, 3)}};

    json steps = json::array();
    std::int64_t best = 0;
    double best_rate = 0;
    std::string stopped = "top of the ladder reached";
    for (std::size_t i = 0; i < rates.size(); ++i) {
      const auto tag = static_cast<std::uint32_t>(i + 1);
      const auto start = take_snapshot();
      auto phase = publish(publishers, rates[i], opt_.step_seconds, tag, [](double) {});
      const auto published = take_snapshot();
      const auto expected_total = phase.expected_per_client * receivers.size();
      drain(tag, expected_total, drain_timeout());
      const auto got = received(tag);
      const auto h = latency(tag);
      json s;
      s["rate"] = rates[i];
      s["sent"] = phase.sent;
      s["deliveries"] = got;
      s["lost"] = expected_total > got ? expected_total - got : 0;
      s["deliveries_per_s"] = std::llround(static_cast<double>(got) / phase.seconds);
      s["latency"] = latency_json(h);
      s["usage"] = usage(start, published, got);
      steps.push_back(s);
      const bool lost = got < expected_total;
      const bool slow = to_ms(h.quantile(0.99)) > opt_.p99_limit_ms;
      if (!phase.publishers_kept_up) {
        stopped = "the generator could not keep the rate of step " + std::to_string(i + 1);
        break;
      }
      if (lost || slow) {
        stopped = std::string("step ") + std::to_string(i + 1) + ": " + (lost ? "lost deliveries" : "") +
                  (lost && slow ? ", " : "") + (slow ? "p99 over the limit" : "");
        break;
      }
      best = s["deliveries_per_s"].get<std::int64_t>();
      best_rate = rates[i];
    }
    json l;
    l["steps"] = steps;
    l["stopped_because"] = stopped;
    l["max_sustained_rate"] = best_rate;
    l["max_sustained_deliveries_per_s"] = best;
    report_["ladder"] = l;
  }

  // (e) join storm: every client connects and joins at once.
  void joinstorm() {
    const auto before = take_snapshot();
    auto receivers = make(client_role::receiver, opt_.clients);
    auto r = connect_all(receivers, 0, static_cast<std::uint32_t>(receivers.size()));
    const auto after = take_snapshot();
    latency_histogram connect;
    for (auto& w : workers_) w->quiesce([&] { connect.merge(w->stats().connect); });
    json j;
    j["joined"] = r.ok;
    j["failed"] = r.failed;
    j["seconds"] = round_to(r.seconds, 3);
    j["joins_per_s"] = r.seconds > 0 ? std::llround(static_cast<double>(r.ok) / r.seconds) : 0;
    j["connect_to_synced"] = latency_json(connect);
    j["usage"] = usage(before, after, 0);
    report_["joinstorm"] = j;
    require_connected("join storm", r, receivers.size());
  }

  // (g) more connections than the server has file descriptors; then, once they are gone, new clients must join.
  void fdstorm() {
    const auto saved_timeout = config_.join_timeout;
    config_.join_timeout = std::min<std::chrono::milliseconds>(saved_timeout, 5s);
    auto storm = make(client_role::receiver, opt_.clients);
    auto r = connect_all(storm, 0, opt_.connect_concurrency);
    std::this_thread::sleep_for(1s);
    close_all(storm);
    std::this_thread::sleep_for(2s);
    config_.join_timeout = saved_timeout;
    auto after = make(client_role::receiver, opt_.after_clients);
    auto ra = connect_all(after, 0, opt_.connect_concurrency);
    json j;
    j["storm_clients"] = storm.size();
    j["storm_joined"] = r.ok;
    j["storm_failed"] = r.failed;
    j["after_clients"] = after.size();
    j["after_joined"] = ra.ok;
    j["after_failed"] = ra.failed;
    j["after_seconds"] = round_to(ra.seconds, 3);
    j["accept_loop_alive"] = ra.ok == after.size();
    report_["fdstorm"] = j;
    if (ra.ok != after.size()) problem("new clients could not join after the fd storm: the accept loop died");
  }

  const options& opt_;
  run_config config_;
  std::vector<std::unique_ptr<worker>> workers_;
  std::uint32_t next_index_ = 0;
  json report_ = json::object();
  std::vector<std::string> problems_;
  std::thread sampler_;
  std::atomic<bool> sampling_{true};
  std::atomic<std::uint64_t> peak_rss_{0};
};

}  // namespace

nlohmann::ordered_json run_scenario(const options& opt) {
  controller c(opt);
  return c.run();
}

}  // namespace bench
