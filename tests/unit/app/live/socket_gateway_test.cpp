// The gateway over the real application: chat_service, room_hub, the transcript writer on a temporary SQLite file,
// the repository's form model, DIVIPOLA and FAQ. Only the transport is fake (recording_connection); the test runs
// the one shard's io_context on its own thread, and the writer thread commits as it would in the server.
#include "app/live/socket_gateway.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <thread>

#include "app/demo.hpp"
#include "app/form_catalog.hpp"
#include "app/system_clock.hpp"
#include "auth/tokens.hpp"
#include "protocol/event_codec.hpp"
#include "store/database.hpp"
#include "store/participant_store.hpp"
#include "store/session_store.hpp"
#include "store/transcript_store.hpp"
#include "support/recording_connection.hpp"
#include "support/temp_directory.hpp"

namespace helpchat::app {
namespace {

using namespace std::chrono_literals;
using testing::recording_connection;
using json = nlohmann::json;

const std::filesystem::path faq_dir = std::filesystem::path(HELPCHAT_SOURCE_DIR) / "faq";

// Whether a server message answers `cid` (a refusal of an undecoded frame has a null one).
bool has_cid(const json& message, std::string_view cid) {
  auto it = message.find("cid");
  return it != message.end() && it->is_string() && it->get<std::string>() == cid;
}

template <class T>
T must(result<T> value) {
  if (!value) throw std::runtime_error(value.failure().message);
  return std::move(value).value();
}

// Everything the gateway needs, built as server.cpp builds it, around the demo help session (live now) and its
// admin, logged in with `moderator_cookie`.
class gateway_harness {
 public:
  static constexpr std::string_view moderator_cookie = "galleta-de-prueba";

  explicit gateway_harness(const helpchat::limits& l = {})
      : limits(l),
        log(log_text, logger::level::warn),
        form(must(faq::form_model::load_file(faq_dir / "form.json"))),
        entities(must(faq::entity_directory::load_file(faq_dir / "divipola.csv"))),
        faq(must(faq_library::load(faq_dir / "entries", form, {}))),
        questions_catalog(form, *faq),
        shards(1),
        hub(shards, limits, brake) {
    auto db = must(store::database::open(data.path() / "helpchat.db"));
    if (auto migrated = store::migrate(db); !migrated) throw std::runtime_error(migrated.failure().message);
    auto demo = must(prepare_demo(db, clock.now(), form));
    session = demo.session;
    auto account = must(store::find_account(db, demo.username));
    directory.put_account(*account);
    directory.add_login({auth::token_digest(moderator_cookie), account->id, clock.now() + 1h});
    auto sessions = must(store::load_help_sessions(db));

    writer = std::make_unique<store::transcript_writer>(
        std::move(db), [](const status&) {}, store::transcript_writer::options{});
    chat = std::make_unique<chat::chat_service>(shards.executors(), clock, *writer, hub, encoder, questions_catalog,
                                                limits.questions_per_official);
    auto reader = must(store::database::open(data.path() / "helpchat.db"));
    for (auto& info : sessions) {
      auto id = info.id;
      chat->add(std::move(info), must(store::load_transcript(reader, id)));
    }
    writer->start(*chat);
    chat->tick();  // the demo session becomes live, committed before anyone joins
    run_until([&] { return chat->view(session)->last_committed_seq > 0; });
    gateway = std::make_unique<socket_gateway>(
        socket_gateway::dependencies{shards, hub, brake, *chat, directory, *writer, entities, clock, limits, log});
  }

  // The tests' connections are gone by now (declared after the harness): nothing here may reach them.
  ~gateway_harness() { writer->stop(); }

  void open_connection(recording_connection& c) { gateway->on_open(c); }
  void send(recording_connection& c, const json& message) { gateway->on_message(c, message.dump()); }

  // Runs the shard's handlers (and waits for the writer's commits to come back to it) until `done` holds.
  template <class Predicate>
  bool run_until(Predicate done, std::chrono::milliseconds timeout = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      shards.context(0).run_one_for(5ms);
    }
    return true;
  }
  // Until `c` has received a message of `type` (with `cid`, when given): true if it did.
  bool run_until_received(const recording_connection& c, std::string_view type, std::string_view cid = {}) {
    return run_until([&] {
      for (const auto& message : c.of_type(type)) {
        if (cid.empty() || has_cid(message, cid)) return true;
      }
      return false;
    });
  }

  json join_as_new_official(std::string_view cid = "j-1") const {
    return {{"type", "join"},
            {"v", 1},
            {"session", session.value},
            {"as", "official"},
            {"cid", cid},
            {"official",
             {{"name", "Rosa Pérez"},
              {"position", "Secretaria de Planeación"},
              {"entity_type", "alcaldia"},
              {"dane_code", "05001"}}}};
  }
  json join_as_moderator(std::string_view cid = "j-1") const {
    return {{"type", "join"}, {"v", 1}, {"session", session.value}, {"as", "moderator"}, {"cid", cid}};
  }
  static json ask(std::string_view cid, std::string_view field = "general") {
    return {{"type", "ask"},
            {"cid", cid},
            {"field", field},
            {"text", "¿Cómo diligencio la fase " + std::string(cid) + "?"}};
  }

  // Joins `c` as a new official and waits for the welcome.
  void join_official(recording_connection& c) {
    send(c, join_as_new_official());
    ASSERT_TRUE(run_until_received(c, "welcome"));
  }

  helpchat::limits limits;
  testing::temp_directory data;
  std::ostringstream log_text;
  logger log;
  app::system_clock clock;
  protocol::json_event_encoder encoder;
  faq::form_model form;
  faq::entity_directory entities;
  std::unique_ptr<faq_library> faq;
  form_catalog questions_catalog;
  participant_directory directory;
  net::io_shards shards;
  address_brake brake{limits.blocked_address_join_spacing, limits.blocked_address_slowdown};
  room_hub hub;
  std::unique_ptr<store::transcript_writer> writer;
  std::unique_ptr<chat::chat_service> chat;
  std::unique_ptr<socket_gateway> gateway;
  help_session_id session;
};

// The refusal a connection got for `cid` (the last one), or an empty object.
json error_for(const recording_connection& c, std::string_view cid) {
  json found = json::object();
  for (const auto& e : c.of_type("error")) {
    if (has_cid(e, cid)) found = e;
  }
  return found;
}

TEST(socket_gateway, a_new_official_joins_and_a_question_goes_to_the_help_session_and_back_acknowledged) {
  gateway_harness h;
  recording_connection c(1);
  h.open_connection(c);
  h.join_official(c);
  auto welcome = c.of_type("welcome").at(0);
  EXPECT_EQ(welcome["cid"], "j-1");
  EXPECT_FALSE(welcome.value("token", "").empty()) << "a new official gets a token to rejoin with";

  h.send(c, gateway_harness::ask("q-1"));
  ASSERT_TRUE(h.run_until_received(c, "ack", "q-1"));
  auto asked = c.of_type("question_asked");
  ASSERT_EQ(asked.size(), 1U);
  EXPECT_EQ(asked[0]["question"]["field"], "general");
  EXPECT_EQ(c.of_type("ack").at(0)["seq"], asked[0]["seq"]);
  EXPECT_TRUE(c.of_type("error").empty());
}

TEST(socket_gateway, a_moderator_joins_with_the_login_cookie_and_without_it_is_refused) {
  gateway_harness h;
  recording_connection logged_in(1, std::string(gateway_harness::moderator_cookie));
  recording_connection anonymous(2);
  h.open_connection(logged_in);
  h.open_connection(anonymous);
  h.send(logged_in, h.join_as_moderator());
  h.send(anonymous, h.join_as_moderator());
  ASSERT_TRUE(h.run_until_received(logged_in, "welcome"));
  EXPECT_EQ(error_for(anonymous, "j-1").value("code", ""), "unauthenticated");
  EXPECT_TRUE(anonymous.of_type("welcome").empty());
}

TEST(socket_gateway, frames_that_are_not_commands_are_refused_with_their_own_code) {
  gateway_harness h;
  recording_connection c(1);
  h.open_connection(c);
  h.gateway->on_message(c, "{\"type\":\"ask\"");
  h.gateway->on_message(c, "[1,2]");
  h.send(c, {{"type", "dance"}, {"cid", "x-1"}});
  h.send(c, {{"type", "ask"}, {"cid", "x-2"}, {"field", "general"}});
  auto errors = c.of_type("error");
  ASSERT_EQ(errors.size(), 4U);
  EXPECT_EQ(errors[0]["code"], "invalid_json");
  EXPECT_EQ(errors[1]["code"], "invalid_json");
  EXPECT_EQ(errors[2]["code"], "unknown_type");
  EXPECT_EQ(errors[2]["cid"], "x-1");
  EXPECT_EQ(errors[3]["code"], "invalid_message") << "an ask without its text";
  EXPECT_EQ(errors[3]["cid"], "x-2");
  EXPECT_FALSE(c.closed.has_value()) << "bad frames are refused, not punished by a close";
}

TEST(socket_gateway, a_command_before_join_is_not_joined) {
  gateway_harness h;
  recording_connection c(1);
  h.open_connection(c);
  h.send(c, gateway_harness::ask("q-1"));
  EXPECT_EQ(error_for(c, "q-1").value("code", ""), "not_joined");
}

TEST(socket_gateway, a_second_join_is_already_joined) {
  gateway_harness h;
  recording_connection c(1);
  h.open_connection(c);
  h.join_official(c);
  h.send(c, h.join_as_new_official("j-2"));
  EXPECT_EQ(error_for(c, "j-2").value("code", ""), "already_joined");
}

TEST(socket_gateway, an_unknown_field_is_refused_by_the_help_session_against_the_real_form) {
  gateway_harness h;
  recording_connection c(1);
  h.open_connection(c);
  h.join_official(c);
  h.send(c, gateway_harness::ask("q-1", "no_such_field"));
  ASSERT_TRUE(h.run_until_received(c, "error", "q-1"));
  EXPECT_EQ(error_for(c, "q-1").value("code", ""), "unknown_field");
}

TEST(socket_gateway, a_command_of_the_wrong_role_is_refused_by_the_help_session) {
  gateway_harness h;
  recording_connection c(1, std::string(gateway_harness::moderator_cookie));
  h.open_connection(c);
  h.send(c, h.join_as_moderator());
  ASSERT_TRUE(h.run_until_received(c, "welcome"));
  h.send(c, gateway_harness::ask("q-1"));
  ASSERT_TRUE(h.run_until_received(c, "error", "q-1"));
  EXPECT_EQ(error_for(c, "q-1")["code"], "forbidden");
  EXPECT_EQ(h.hub.refusals(error_code::forbidden), 1U);
}

TEST(socket_gateway, past_the_command_budget_it_answers_rate_limited_then_closes_with_1008) {
  helpchat::limits l;
  l.commands_per_connection = {0.001, 3};  // three at once, then (for this test) none
  l.refusals_before_close = 3;
  gateway_harness h(l);
  recording_connection c(1);
  h.open_connection(c);
  for (const char* cid : {"q-1", "q-2", "q-3"}) h.send(c, gateway_harness::ask(cid));
  EXPECT_EQ(c.of_type("error").size(), 3U);
  EXPECT_EQ(error_for(c, "q-3").value("code", ""), "not_joined") << "within the budget: decoded and answered";

  h.send(c, gateway_harness::ask("q-4"));
  h.send(c, gateway_harness::ask("q-5"));
  auto errors = c.of_type("error");
  ASSERT_EQ(errors.size(), 5U);
  EXPECT_EQ(errors[3]["code"], "rate_limited");
  EXPECT_EQ(errors[3]["cid"], nullptr) << "not decoded: that is the work being limited";
  EXPECT_EQ(errors[4]["code"], "rate_limited");
  EXPECT_FALSE(c.closed.has_value());
  EXPECT_FALSE(h.gateway->on_ping(c)) << "a ping costs what a message costs";
  EXPECT_EQ(c.closed, net::close_code::policy_violation) << "the third refusal in a row closes";
  EXPECT_NE(h.log_text.str().find("flood_closed"), std::string::npos);
  EXPECT_EQ(h.hub.refusals(error_code::rate_limited), 2U);
}

TEST(socket_gateway, an_accepted_command_resets_the_refusals_in_a_row) {
  helpchat::limits l;
  l.commands_per_connection = {20.0, 1};  // one at once, the next after 50 ms
  l.refusals_before_close = 2;
  gateway_harness h(l);
  recording_connection c(1);
  h.open_connection(c);
  EXPECT_TRUE(h.gateway->on_ping(c));
  EXPECT_FALSE(h.gateway->on_ping(c));
  std::this_thread::sleep_for(60ms);  // the budget is on the steady clock
  EXPECT_TRUE(h.gateway->on_ping(c));
  EXPECT_FALSE(h.gateway->on_ping(c));
  EXPECT_FALSE(c.closed.has_value()) << "one refusal in a row since the last accepted ping";
  EXPECT_FALSE(h.gateway->on_ping(c));
  EXPECT_EQ(c.closed, net::close_code::policy_violation);
}

TEST(socket_gateway, each_connection_has_its_own_budget) {
  helpchat::limits l;
  l.commands_per_connection = {0.001, 1};
  gateway_harness h(l);
  recording_connection first(1);
  recording_connection second(2);
  h.open_connection(first);
  h.open_connection(second);
  EXPECT_TRUE(h.gateway->on_ping(first));
  EXPECT_FALSE(h.gateway->on_ping(first));
  EXPECT_TRUE(h.gateway->on_ping(second));
}

TEST(socket_gateway, commands_sent_during_a_join_wait_and_run_after_the_welcome_in_order) {
  gateway_harness h;
  recording_connection c(1);
  h.open_connection(c);
  h.send(c, h.join_as_new_official());
  h.send(c, gateway_harness::ask("q-1"));
  h.send(c, gateway_harness::ask("q-2"));
  EXPECT_TRUE(c.messages().empty()) << "nothing is answered before the official is written";

  ASSERT_TRUE(h.run_until_received(c, "ack", "q-2"));
  std::vector<std::string> order;
  for (const auto& message : c.messages()) {
    const auto type = message.value("type", "");
    if (type == "welcome" || type == "ack") order.push_back(type + " " + message.value("cid", ""));
  }
  EXPECT_EQ(order, (std::vector<std::string>{"welcome j-1", "ack q-1", "ack q-2"}));
  EXPECT_TRUE(c.of_type("error").empty());
}

TEST(socket_gateway, past_the_join_queue_bound_a_command_is_refused_at_once_and_the_rest_run) {
  helpchat::limits l;
  l.max_commands_while_joining = 1;
  gateway_harness h(l);
  recording_connection c(1);
  h.open_connection(c);
  h.send(c, h.join_as_new_official());
  h.send(c, gateway_harness::ask("q-1"));
  h.send(c, gateway_harness::ask("q-2"));
  EXPECT_EQ(error_for(c, "q-2").value("code", ""), "rate_limited") << "refused before the welcome";
  ASSERT_TRUE(h.run_until_received(c, "ack", "q-1"));
  EXPECT_EQ(h.hub.refusals(error_code::rate_limited), 1U);
}

TEST(socket_gateway, a_connection_that_closes_during_its_join_is_forgotten) {
  gateway_harness h;
  recording_connection leaving(1);
  recording_connection staying(2);
  h.open_connection(leaving);
  h.open_connection(staying);
  h.send(leaving, h.join_as_new_official());
  h.send(leaving, gateway_harness::ask("q-1"));
  h.gateway->on_close(leaving);
  EXPECT_EQ(h.hub.connections(), 1U);

  h.join_official(staying);  // the shard goes on; the official written for `leaving` finds no connection
  EXPECT_TRUE(h.writer->flush(5s));
  EXPECT_FALSE(h.run_until([] { return false; }, 50ms));
  EXPECT_TRUE(leaving.chunks.empty());
}

TEST(socket_gateway, after_stop_taking_commands_every_command_is_unavailable) {
  gateway_harness h;
  recording_connection c(1);
  h.open_connection(c);
  h.join_official(c);
  h.gateway->stop_taking_commands();
  h.send(c, gateway_harness::ask("q-1"));
  EXPECT_EQ(error_for(c, "q-1").value("code", ""), "unavailable");
}

TEST(socket_gateway, a_private_answer_reaches_the_asker_and_not_the_other_officials) {
  gateway_harness h;
  recording_connection asker(1);
  recording_connection other(2);
  recording_connection moderator(3, std::string(gateway_harness::moderator_cookie));
  for (auto* c : {&asker, &other, &moderator}) h.open_connection(*c);
  h.join_official(asker);
  h.join_official(other);
  h.send(moderator, h.join_as_moderator());
  ASSERT_TRUE(h.run_until_received(moderator, "welcome"));
  h.send(asker, gateway_harness::ask("q-1"));
  ASSERT_TRUE(h.run_until_received(moderator, "question_asked"));
  const auto question = moderator.of_type("question_asked").at(0)["question"]["id"];

  h.send(moderator, {{"type", "answer"},
                     {"cid", "m-1"},
                     {"question", question},
                     {"text", "Sí, las cinco."},
                     {"visibility", "private"}});
  ASSERT_TRUE(h.run_until_received(moderator, "ack", "m-1"));
  ASSERT_TRUE(h.run_until(
      [&] { return !asker.of_type("question_answered").empty() && !other.of_type("question_answered").empty(); }));
  EXPECT_EQ(asker.of_type("question_answered").at(0).value("text", ""), "Sí, las cinco.");
  EXPECT_EQ(moderator.of_type("question_answered").at(0).value("text", ""), "Sí, las cinco.");
  EXPECT_FALSE(other.of_type("question_answered").at(0).contains("text"));
  EXPECT_EQ(other.of_type("question_answered").at(0)["seq"], asker.of_type("question_answered").at(0)["seq"]);
}

}  // namespace
}  // namespace helpchat::app
