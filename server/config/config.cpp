#include "config/config.hpp"

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

namespace helpchat::config {
namespace {

struct option {
  const char* key;         // flag --key, file key, env HELPCHAT_KEY (dashes become underscores)
  const char* value_name;  // empty for boolean flags
  const char* help;
  std::function<std::optional<std::string>(settings&, const std::string&)> apply;  // an error sentence, or nothing
};

template <class Int>
std::optional<std::string> parse_int(const std::string& text, Int& out, Int min, Int max) {
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < static_cast<long long>(min) ||
      value > static_cast<long long>(max)) {
    return "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max);
  }
  out = static_cast<Int>(value);
  return std::nullopt;
}

// A whole number of seconds from `min` to `max`.
std::optional<std::string> parse_seconds(const std::string& text, std::chrono::seconds& out, std::uint32_t min,
                                         std::uint32_t max) {
  std::uint32_t seconds = 0;
  auto why = parse_int<std::uint32_t>(text, seconds, min, max);
  if (!why) out = std::chrono::seconds(seconds);
  return why;
}

std::optional<std::string> parse_rate(const std::string& text, double& out, double min) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > 1e9) {
    return "expected a number of at least " + std::to_string(static_cast<int>(min));
  }
  out = value;
  return std::nullopt;
}

// A rate given per minute; its burst is a setting of its own.
std::optional<std::string> parse_per_minute(const std::string& text, rate& out) {
  double per_minute = 0;
  auto why = parse_rate(text, per_minute, 1);
  if (!why) out.per_second = per_minute / 60.0;
  return why;
}

std::optional<std::string> parse_bool(const std::string& text, bool& out) {
  if (text == "1" || text == "true" || text == "yes" || text == "on") {
    out = true;
  } else if (text == "0" || text == "false" || text == "no" || text == "off") {
    out = false;
  } else {
    return "expected true or false";
  }
  return std::nullopt;
}

const std::vector<option>& options() {
  static const std::vector<option> table{
      {"config", "FILE", "Read settings from FILE (lines of `key = value`, # comments).",
       [](settings& s, const std::string& v) -> std::optional<std::string> {
         s.config_file = v;
         return std::nullopt;
       }},
      {"bind", "ADDR", "Address to listen on (default 127.0.0.1).",
       [](settings& s, const std::string& v) -> std::optional<std::string> {
         if (v.empty()) return "expected an IP address";
         s.bind = v;
         return std::nullopt;
       }},
      {"port", "N", "Port to listen on; 0 picks a free one (default 8080).",
       [](settings& s, const std::string& v) { return parse_int<std::uint16_t>(v, s.port, 0, 65535); }},
      {"data", "DIR", "Directory of the SQLite database (default ./data).",
       [](settings& s, const std::string& v) -> std::optional<std::string> {
         if (v.empty()) return "expected a directory";
         s.data_dir = v;
         return std::nullopt;
       }},
      {"web-root", "DIR", "Directory of the web client (default ./web-client).",
       [](settings& s, const std::string& v) -> std::optional<std::string> {
         s.web_root = v;
         return std::nullopt;
       }},
      {"faq-dir", "DIR", "Directory of form.json, divipola.csv and the FAQ entries (default ./faq).",
       [](settings& s, const std::string& v) -> std::optional<std::string> {
         s.faq_dir = v;
         return std::nullopt;
       }},
      {"threads", "N", "IO threads; 0 means one per core (default 0).",
       [](settings& s, const std::string& v) { return parse_int<std::size_t>(v, s.threads, 0, 64); }},
      {"demo", "", "Create a help session that is live now and a demo moderator, and print its credentials.",
       [](settings& s, const std::string& v) { return parse_bool(v, s.demo); }},
      {"allowed-origins", "LIST",
       "Comma-separated origins allowed to open a WebSocket (default: the server's own origin, its scheme and Host; "
       "behind a TLS proxy, list the public https origin).",
       [](settings& s, const std::string& v) -> std::optional<std::string> {
         s.allowed_origins.clear();
         std::stringstream in(v);
         std::string origin;
         while (std::getline(in, origin, ',')) {
           if (origin.empty()) continue;
           if (!origin.starts_with("http://") && !origin.starts_with("https://")) {
             return "origin '" + origin + "' must start with http:// or https://";
           }
           s.allowed_origins.push_back(origin);
         }
         return std::nullopt;
       }},
      {"log-level", "LEVEL", "debug, info, warn or error (default info).",
       [](settings& s, const std::string& v) -> std::optional<std::string> {
         if (v != "debug" && v != "info" && v != "warn" && v != "error") return "expected debug, info, warn or error";
         s.log_level = v;
         return std::nullopt;
       }},
      {"max-queued-bytes", "N", "Bytes queued for one slow connection before it is closed with 1013 (default 4194304).",
       [](settings& s, const std::string& v) {
         return parse_int<std::size_t>(v, s.limits.max_queued_bytes, 64 * 1024, 1024 * 1024 * 1024);
       }},
      {"fanout-interval-ms", "N",
       "Least time between two fan-outs of a room on one io thread; events committed meanwhile leave in one frame "
       "(default 10, 0 to 100).",
       [](settings& s, const std::string& v) {
         std::uint32_t ms = 0;
         auto why = parse_int<std::uint32_t>(v, ms, 0, 100);
         if (!why) s.limits.fanout_interval = std::chrono::milliseconds(ms);
         return why;
       }},
      {"fanout-writes-per-second", "N",
       "Writes one io thread may start per second for fan-outs before it spaces them further apart, so that each "
       "carries more events (default 50000; 0 for no budget).",
       [](settings& s, const std::string& v) {
         std::uint32_t writes = 0;
         auto why = parse_int<std::uint32_t>(v, writes, 0, 100'000'000);
         if (!why) s.limits.fanout_writes_per_second = writes;
         return why;
       }},
      {"websocket-idle-seconds", "N", "Close a WebSocket silent this long; pinged half way (default 60, at most 90).",
       [](settings& s, const std::string& v) { return parse_seconds(v, s.limits.websocket_idle_timeout, 5, 90); }},
      {"tls-cert", "FILE", "Serve HTTPS and WSS with this PEM certificate chain (needs --tls-key).",
       [](settings& s, const std::string& v) -> std::optional<std::string> {
         if (v.empty()) return "expected a file";
         s.tls_certificate = v;
         return std::nullopt;
       }},
      {"tls-key", "FILE", "The PEM private key of --tls-cert.",
       [](settings& s, const std::string& v) -> std::optional<std::string> {
         if (v.empty()) return "expected a file";
         s.tls_key = v;
         return std::nullopt;
       }},
      {"drain-seconds", "N", "On SIGTERM, seconds to answer /readyz with 503 before closing (default 0).",
       [](settings& s, const std::string& v) { return parse_seconds(v, s.drain_delay, 0, 300); }},
      {"storage-retry-seconds", "N",
       "How long a failing commit is retried before its commands are answered `unavailable` (default 10).",
       [](settings& s, const std::string& v) { return parse_seconds(v, s.storage_retry, 1, 3600); }},
      {"assignment-cap", "N",
       "Open questions routing assigns to one moderator at most; more wait in the queue (default 3).",
       [](settings& s, const std::string& v) { return parse_int<int>(v, s.assignment_cap, 1, 100); }},
      {"assignment-grace-seconds", "N",
       "How long a moderator whose last connection closed keeps their assigned questions before they go back to "
       "the queue (default 60).",
       [](settings& s, const std::string& v) { return parse_seconds(v, s.assignment_grace, 0, 3600); }},
      {"max-connections-per-address", "N", "TCP connections allowed from one IP address (default 500).",
       [](settings& s, const std::string& v) {
         return parse_int<std::size_t>(v, s.limits.max_connections_per_address, 1, 1000000);
       }},
      {"blocked-join-spacing-seconds", "N",
       "After an official is blocked, new officials registering from the addresses they used go ahead one per N "
       "seconds for 30 "
       "minutes (default 10; 0 turns it off, as behind a reverse proxy where everyone shares one address).",
       [](settings& s, const std::string& v) {
         return parse_seconds(v, s.limits.blocked_address_join_spacing, 0, 3600);
       }},
      {"commands-per-second", "N", "Commands one WebSocket may send per second, on average (default 5).",
       [](settings& s, const std::string& v) { return parse_rate(v, s.limits.commands_per_connection.per_second, 1); }},
      {"command-burst", "N", "Commands one WebSocket may send at once (default 20).",
       [](settings& s, const std::string& v) { return parse_rate(v, s.limits.commands_per_connection.burst, 1); }},
      {"questions-per-minute", "N", "Questions one official may ask per minute, on average (default 10).",
       [](settings& s, const std::string& v) { return parse_per_minute(v, s.limits.questions_per_official); }},
      {"questions-burst", "N", "Questions one official may ask at once (default 5).",
       [](settings& s, const std::string& v) { return parse_rate(v, s.limits.questions_per_official.burst, 1); }},
      {"logins-per-minute", "N", "Login attempts allowed per minute from one IP address, on average (default 10).",
       [](settings& s, const std::string& v) { return parse_per_minute(v, s.limits.logins_per_address); }},
      {"logins-burst", "N", "Login attempts allowed at once from one IP address (default 10).",
       [](settings& s, const std::string& v) { return parse_rate(v, s.limits.logins_per_address.burst, 1); }},
  };
  return table;
}

const option* find_option(std::string_view key) {
  for (const auto& o : options()) {
    if (key == o.key) return &o;
  }
  return nullptr;
}

std::string env_name(const char* key) {
  std::string name = "HELPCHAT_";
  for (const char* c = key; *c != '\0'; ++c) name.push_back(*c == '-' ? '_' : static_cast<char>(std::toupper(*c)));
  return name;
}

error bad_value(std::string_view key, std::string_view source, const std::string& value, const std::string& why) {
  return error::of(error_code::invalid_message, "invalid value for '" + std::string(key) + "' (from " +
                                                    std::string(source) + "): '" + value + "': " + why);
}

struct assignment {
  const option* spec;
  std::string value;
  std::string source;
};

}  // namespace

environment process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

result<parsed> parse(const std::vector<std::string>& args, const environment& env) {
  parsed out;
  std::vector<assignment> from_flags;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      out.help = true;
      continue;
    }
    if (!arg.starts_with("--")) {
      out.positional.push_back(arg);
      continue;
    }
    std::string key = arg.substr(2);
    std::optional<std::string> value;
    if (auto eq = key.find('='); eq != std::string::npos) {
      value = key.substr(eq + 1);
      key.resize(eq);
    }
    const option* spec = find_option(key);
    if (spec == nullptr) return error::of(error_code::invalid_message, "unknown option '--" + key + "' (see --help)");
    if (!value) {
      if (*spec->value_name == '\0') {
        value = "true";
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        return error::of(error_code::invalid_message, "option '--" + key + "' needs a value");
      }
    }
    from_flags.push_back({spec, *value, "--" + key});
  }

  // The config file's path itself follows flags > environment.
  std::optional<std::string> file;
  if (auto v = env(env_name("config"))) file = *v;
  for (const auto& a : from_flags) {
    if (std::string_view(a.spec->key) == "config") file = a.value;
  }

  std::vector<assignment> ordered;  // lowest precedence first
  if (file) {
    std::ifstream in(*file);
    if (!in) return error::of(error_code::invalid_message, "cannot read config file '" + *file + "'");
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
      auto hash = line.find('#');
      if (hash != std::string::npos) line.resize(hash);
      auto trim = [](const std::string& text) {
        auto first = text.find_first_not_of(" \t\r");
        auto last = text.find_last_not_of(" \t\r");
        return first == std::string::npos ? std::string{} : text.substr(first, last - first + 1);
      };
      line = trim(line);
      if (line.empty()) continue;
      auto eq = line.find('=');
      std::string where = *file + ":" + std::to_string(number);
      if (eq == std::string::npos) return error::of(error_code::invalid_message, where + ": expected `key = value`");
      std::string key = trim(line.substr(0, eq));
      const option* spec = find_option(key);
      if (spec == nullptr || key == "config") {
        return error::of(error_code::invalid_message, where + ": unknown key '" + key + "'");
      }
      ordered.push_back({spec, trim(line.substr(eq + 1)), where});
    }
  }
  for (const auto& o : options()) {
    if (std::string_view(o.key) == "config") continue;
    auto name = env_name(o.key);
    if (auto v = env(name)) ordered.push_back({&o, *v, name});
  }
  ordered.insert(ordered.end(), from_flags.begin(), from_flags.end());

  for (const auto& a : ordered) {
    if (auto why = a.spec->apply(out.values, a.value)) return bad_value(a.spec->key, a.source, a.value, *why);
  }
  if (out.values.tls_certificate.has_value() != out.values.tls_key.has_value()) {
    return error::of(error_code::invalid_message, "'tls-cert' and 'tls-key' go together: set both or neither");
  }
  if (out.values.threads == 0) out.values.threads = std::max(1u, std::thread::hardware_concurrency());
  return out;
}

std::string usage() {
  std::ostringstream text;
  text << "Options (each also HELPCHAT_<NAME> in the environment and `name = value` in a --config file;\n"
          "flags win over the environment, which wins over the file):\n";
  for (const auto& o : options()) {
    std::string flag = std::string("  --") + o.key + (*o.value_name ? std::string(" ") + o.value_name : "");
    text << flag << std::string(flag.size() < 30 ? 30 - flag.size() : 1, ' ') << o.help << '\n';
  }
  return text.str();
}

}  // namespace helpchat::config
