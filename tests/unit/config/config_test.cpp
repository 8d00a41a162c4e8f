#include "config/config.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "support/temp_directory.hpp"

namespace helpchat::config {
namespace {

using env_map = std::map<std::string, std::string>;

environment environment_of(env_map values) {
  return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

// A config file in its own temporary directory.
class config_file {
 public:
  explicit config_file(const std::string& text) : path_(dir_.path() / "helpchat.conf") {
    std::ofstream out(path_, std::ios::binary);
    out << text;
  }
  std::string path() const { return path_.string(); }

 private:
  testing::temp_directory dir_;
  std::filesystem::path path_;
};

settings parsed_ok(const std::vector<std::string>& args, env_map env = {}) {
  auto result = parse(args, environment_of(std::move(env)));
  if (!result) {
    ADD_FAILURE() << result.failure().message;
    return {};
  }
  return result->values;
}

std::string refusal(const std::vector<std::string>& args, env_map env = {}) {
  auto result = parse(args, environment_of(std::move(env)));
  if (result) {
    ADD_FAILURE() << "accepted";
    return {};
  }
  EXPECT_EQ(result.failure().code, error_code::invalid_message);
  return result.failure().message;
}

bool contains(const std::string& text, const std::string& piece) { return text.find(piece) != std::string::npos; }

// ---- defaults and precedence

TEST(config, defaults_apply_when_nothing_is_given) {
  auto s = parsed_ok({});
  EXPECT_EQ(s.bind, "127.0.0.1");
  EXPECT_EQ(s.port, 8080);
  EXPECT_EQ(s.data_dir, "data");
  EXPECT_EQ(s.web_root, "web-client");
  EXPECT_EQ(s.faq_dir, "faq");
  EXPECT_FALSE(s.demo);
  EXPECT_TRUE(s.allowed_origins.empty());
  EXPECT_EQ(s.log_level, "info");
  EXPECT_EQ(s.database_file(), std::filesystem::path("data") / "helpchat.db");
  EXPECT_EQ(s.threads, std::max(1u, std::thread::hardware_concurrency())) << "0 means one per core";
}

TEST(config, file_overrides_defaults) {
  config_file file("port = 1111\nlog-level = warn\n");
  auto s = parsed_ok({"--config", file.path()});
  EXPECT_EQ(s.port, 1111);
  EXPECT_EQ(s.log_level, "warn");
  EXPECT_EQ(s.bind, "127.0.0.1") << "what the file does not say keeps its default";
}

TEST(config, environment_overrides_the_file) {
  config_file file("port = 1111\nlog-level = warn\n");
  auto s = parsed_ok({"--config", file.path()}, {{"HELPCHAT_PORT", "2222"}});
  EXPECT_EQ(s.port, 2222);
  EXPECT_EQ(s.log_level, "warn");
}

TEST(config, flags_override_the_environment) {
  config_file file("port = 1111\nlog-level = warn\n");
  auto s = parsed_ok({"--config", file.path(), "--port", "3333"},
                     {{"HELPCHAT_PORT", "2222"}, {"HELPCHAT_LOG_LEVEL", "debug"}});
  EXPECT_EQ(s.port, 3333);
  EXPECT_EQ(s.log_level, "debug");
}

TEST(config, precedence_does_not_depend_on_argument_order) {
  config_file file("port = 1111\n");
  auto s = parsed_ok({"--port=3333", "--config=" + file.path()});
  EXPECT_EQ(s.port, 3333);
}

TEST(config, environment_names_are_upper_case_with_underscores) {
  auto s = parsed_ok({}, {{"HELPCHAT_WEB_ROOT", "/srv/web"},
                          {"HELPCHAT_DATA", "/var/lib/helpchat"},
                          {"HELPCHAT_FAQ_DIR", "/srv/faq"},
                          {"HELPCHAT_DEMO", "yes"}});
  EXPECT_EQ(s.web_root, "/srv/web");
  EXPECT_EQ(s.data_dir, "/var/lib/helpchat");
  EXPECT_EQ(s.faq_dir, "/srv/faq");
  EXPECT_TRUE(s.demo);
}

TEST(config, config_file_may_come_from_the_environment) {
  config_file file("bind = 0.0.0.0\n");
  EXPECT_EQ(parsed_ok({}, {{"HELPCHAT_CONFIG", file.path()}}).bind, "0.0.0.0");
}

TEST(config, config_flag_wins_over_the_config_environment_variable) {
  config_file from_env("bind = 10.0.0.1\n");
  config_file from_flag("bind = 10.0.0.2\n");
  EXPECT_EQ(parsed_ok({"--config", from_flag.path()}, {{"HELPCHAT_CONFIG", from_env.path()}}).bind, "10.0.0.2");
}

// ---- forms

TEST(config, flags_take_a_value_after_a_space_or_an_equals_sign) {
  auto s = parsed_ok({"--bind", "0.0.0.0", "--port=0", "--threads", "3"});
  EXPECT_EQ(s.bind, "0.0.0.0");
  EXPECT_EQ(s.port, 0) << "0 picks a free port";
  EXPECT_EQ(s.threads, 3u);
}

TEST(config, boolean_flag_needs_no_value) {
  EXPECT_TRUE(parsed_ok({"--demo"}).demo);
  EXPECT_FALSE(parsed_ok({"--demo=false"}, {{"HELPCHAT_DEMO", "true"}}).demo);
  EXPECT_TRUE(parsed_ok({"--demo=on"}).demo);
}

TEST(config, words_that_are_not_options_are_positional_in_order) {
  auto result = parse({"add", "--port", "9", "marta", "--demo", "extra"}, environment_of({}));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->positional, (std::vector<std::string>{"add", "marta", "extra"}));
  EXPECT_EQ(result->values.port, 9);
}

TEST(config, file_allows_comments_blank_lines_spaces_and_crlf) {
  config_file file(
      "# helpchat settings\r\n"
      "\r\n"
      "   port=4444   # the public port\r\n"
      "\tbind =  0.0.0.0\r\n"
      "data = /var/lib/helpchat\n");
  auto s = parsed_ok({"--config", file.path()});
  EXPECT_EQ(s.port, 4444);
  EXPECT_EQ(s.bind, "0.0.0.0");
  EXPECT_EQ(s.data_dir, "/var/lib/helpchat");
}

TEST(config, allowed_origins_is_a_comma_separated_list) {
  auto s = parsed_ok({"--allowed-origins", "https://chat.example.gov.co,,http://localhost:8080"});
  EXPECT_EQ(s.allowed_origins, (std::vector<std::string>{"https://chat.example.gov.co", "http://localhost:8080"}));
  auto message = refusal({"--allowed-origins", "https://ok.example,chat.example.gov.co"});
  EXPECT_TRUE(contains(message, "chat.example.gov.co")) << message;
}

TEST(config, limits_can_be_configured) {
  auto s = parsed_ok({"--max-queued-bytes", "1048576", "--websocket-idle-seconds", "30", "--fanout-interval-ms", "0"});
  EXPECT_EQ(s.limits.max_queued_bytes, 1048576u);
  EXPECT_EQ(s.limits.websocket_idle_timeout, std::chrono::seconds(30));
  EXPECT_EQ(s.limits.fanout_interval, std::chrono::milliseconds(0));
  EXPECT_EQ(parsed_ok({}).limits.fanout_interval, std::chrono::milliseconds(10));
  EXPECT_TRUE(contains(refusal({"--fanout-interval-ms", "101"}), "'fanout-interval-ms'"));
}

// Issue 11: the burst of questions (and of logins) followed no setting of its own.
TEST(config, each_rate_has_its_own_burst_setting) {
  auto defaults = parsed_ok({});
  EXPECT_DOUBLE_EQ(defaults.limits.questions_per_official.burst, 5.0);
  EXPECT_DOUBLE_EQ(defaults.limits.logins_per_address.burst, 10.0);
  auto s = parsed_ok({"--questions-per-minute", "30", "--questions-burst", "8", "--logins-per-minute", "300",
                      "--logins-burst", "50", "--commands-per-second", "7", "--command-burst", "40"});
  EXPECT_DOUBLE_EQ(s.limits.questions_per_official.per_second, 0.5);
  EXPECT_DOUBLE_EQ(s.limits.questions_per_official.burst, 8.0);
  EXPECT_DOUBLE_EQ(s.limits.logins_per_address.per_second, 5.0);
  EXPECT_DOUBLE_EQ(s.limits.logins_per_address.burst, 50.0) << "the rate does not move the burst";
  EXPECT_DOUBLE_EQ(s.limits.commands_per_connection.per_second, 7.0);
  EXPECT_DOUBLE_EQ(s.limits.commands_per_connection.burst, 40.0);
  EXPECT_DOUBLE_EQ(parsed_ok({}, {{"HELPCHAT_QUESTIONS_BURST", "12"}}).limits.questions_per_official.burst, 12.0);
  config_file file("questions-burst = 9\nlogins-burst = 20\n");
  auto from_file = parsed_ok({"--config", file.path()});
  EXPECT_DOUBLE_EQ(from_file.limits.questions_per_official.burst, 9.0);
  EXPECT_DOUBLE_EQ(from_file.limits.logins_per_address.burst, 20.0);
}

TEST(config, a_burst_below_one_is_refused_by_name) {
  auto message = refusal({"--questions-burst", "0"});
  EXPECT_TRUE(contains(message, "'questions-burst'")) << message;
  EXPECT_TRUE(contains(message, "--questions-burst")) << message;
  message = refusal({}, {{"HELPCHAT_LOGINS_BURST", "muchos"}});
  EXPECT_TRUE(contains(message, "'logins-burst'")) << message;
  EXPECT_TRUE(contains(message, "HELPCHAT_LOGINS_BURST")) << message;
}

// ---- refusals name the key and the source

TEST(config, invalid_flag_value_names_the_key_and_the_flag) {
  auto message = refusal({"--port", "ochenta"});
  EXPECT_TRUE(contains(message, "'port'")) << message;
  EXPECT_TRUE(contains(message, "--port")) << message;
  EXPECT_TRUE(contains(message, "ochenta")) << message;
}

TEST(config, invalid_environment_value_names_the_variable) {
  auto message = refusal({}, {{"HELPCHAT_PORT", "70000"}});
  EXPECT_TRUE(contains(message, "'port'")) << message;
  EXPECT_TRUE(contains(message, "HELPCHAT_PORT")) << message;
}

TEST(config, invalid_file_value_names_the_file_and_line) {
  config_file file("# settings\nbind = 0.0.0.0\nlog-level = loud\n");
  auto message = refusal({"--config", file.path()});
  EXPECT_TRUE(contains(message, "'log-level'")) << message;
  EXPECT_TRUE(contains(message, file.path() + ":3")) << message;
}

TEST(config, an_invalid_value_is_refused_even_when_a_higher_source_overrides_it) {
  // Every layer is checked, so a broken file is found before the day the flag is dropped.
  config_file file("port = nope\n");
  auto message = refusal({"--config", file.path(), "--port", "80"});
  EXPECT_TRUE(contains(message, file.path() + ":1")) << message;
}

TEST(config, values_out_of_range_are_refused) {
  EXPECT_TRUE(contains(refusal({"--port", "65536"}), "'port'"));
  EXPECT_TRUE(contains(refusal({"--port", "-1"}), "'port'"));
  EXPECT_TRUE(contains(refusal({"--threads", "65"}), "'threads'"));
  EXPECT_TRUE(contains(refusal({"--websocket-idle-seconds", "91"}), "'websocket-idle-seconds'"));
  EXPECT_TRUE(contains(refusal({"--max-queued-bytes", "1000"}), "'max-queued-bytes'"));
  EXPECT_TRUE(contains(refusal({"--demo=maybe"}), "'demo'"));
  EXPECT_TRUE(contains(refusal({"--bind="}), "'bind'"));
  EXPECT_TRUE(contains(refusal({"--port", "80 "}), "'port'")) << "no trailing junk";
  EXPECT_TRUE(contains(refusal({"--assignment-cap", "0"}), "'assignment-cap'"));
  EXPECT_TRUE(contains(refusal({"--assignment-cap", "101"}), "'assignment-cap'"));
  EXPECT_TRUE(contains(refusal({"--assignment-cap", "tres"}), "'assignment-cap'"));
  EXPECT_TRUE(contains(refusal({"--assignment-grace-seconds", "3601"}), "'assignment-grace-seconds'"));
  EXPECT_TRUE(contains(refusal({"--assignment-grace-seconds", "-1"}), "'assignment-grace-seconds'"));
}

TEST(config, unknown_flag_is_refused) {
  auto message = refusal({"--prot", "80"});
  EXPECT_TRUE(contains(message, "--prot")) << message;
}

TEST(config, unknown_file_key_is_refused_with_its_line) {
  config_file file("port = 80\nprot = 81\n");
  auto message = refusal({"--config", file.path()});
  EXPECT_TRUE(contains(message, "'prot'")) << message;
  EXPECT_TRUE(contains(message, file.path() + ":2")) << message;
}

TEST(config, file_may_not_name_another_config_file) {
  config_file file("config = /etc/other.conf\n");
  EXPECT_TRUE(contains(refusal({"--config", file.path()}), "'config'"));
}

TEST(config, file_line_without_equals_is_refused) {
  config_file file("port 80\n");
  auto message = refusal({"--config", file.path()});
  EXPECT_TRUE(contains(message, file.path() + ":1")) << message;
}

TEST(config, flag_without_its_value_is_refused) {
  auto message = refusal({"--port"});
  EXPECT_TRUE(contains(message, "--port")) << message;
}

TEST(config, missing_config_file_is_refused_by_name) {
  testing::temp_directory dir;
  auto missing = (dir.path() / "nope.conf").string();
  EXPECT_TRUE(contains(refusal({"--config", missing}), missing));
}

// ---- help

TEST(config, help_flag_asks_for_help) {
  auto long_form = parse({"--help"}, environment_of({}));
  ASSERT_TRUE(long_form.ok());
  EXPECT_TRUE(long_form->help);
  auto short_form = parse({"serve", "-h"}, environment_of({}));
  ASSERT_TRUE(short_form.ok());
  EXPECT_TRUE(short_form->help);
  EXPECT_FALSE(parse({"serve"}, environment_of({}))->help);
}

TEST(config, usage_lists_every_option_with_its_value_name) {
  auto text = usage();
  for (const char* line :
       {"--config FILE", "--bind ADDR", "--port N", "--data DIR", "--web-root DIR", "--faq-dir DIR", "--threads N",
        "--allowed-origins LIST", "--log-level LEVEL", "--max-queued-bytes N", "--websocket-idle-seconds N"}) {
    EXPECT_TRUE(contains(text, line)) << line << " in\n" << text;
  }
  EXPECT_TRUE(contains(text, "--demo ")) << "a boolean flag has no value name";
  EXPECT_FALSE(contains(text, "--demo  N"));
  EXPECT_TRUE(contains(text, "HELPCHAT_")) << "the environment form is explained";
}

}  // namespace
}  // namespace helpchat::config
