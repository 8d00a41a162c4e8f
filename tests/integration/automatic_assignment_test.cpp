// Automatic assignment end to end: the real server on 127.0.0.1, a real SQLite file, real WebSockets. Moderators of
// three agencies and officials asking about every part of the form; nobody claims by hand.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "auth/passwords.hpp"
#include "store/database.hpp"
#include "store/participant_store.hpp"
#include "support/eventually.hpp"
#include "support/server_fixture.hpp"

namespace helpchat::testing {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

constexpr std::string_view password = "clave-de-prueba-larga";

struct moderator_account {
  std::string username;
  std::string agency;
};

// Two moderators for each agency that owns sections of the form.
const std::vector<moderator_account> moderators = {
    {"gel-1", "mintic-gel"}, {"gel-2", "mintic-gel"}, {"pnsc-1", "dnp-pnsc"},
    {"pnsc-2", "dnp-pnsc"},  {"dafp-1", "dafp"},      {"dafp-2", "dafp"},
};

// A field of each agency's sections (faq/form.json), and one of the identification section, which goes to triage.
const std::vector<std::pair<std::string, std::string>> field_and_agency = {
    {"gel_fase", "mintic-gel"}, {"canal_tipo", "dnp-pnsc"},      {"cualif_tema", "dafp"},
    {"tramite_nombre", "dafp"}, {"integ_mecanismo", "dnp-pnsc"}, {"entidad_tipo", "triage"},
};

// Creates the accounts in the server's database before it starts (as `helpchat moderator add` would); a restart
// finds them there.
void add_accounts(const config::settings& settings) {
  std::filesystem::create_directories(settings.data_dir);
  auto db = store::database::open(settings.database_file());
  if (!db) throw std::runtime_error(db.failure().message);
  if (auto migrated = store::migrate(*db); !migrated) throw std::runtime_error(migrated.failure().message);
  auto hash = auth::hash_password(password, auth::password_cost::minimum());
  if (!hash) throw std::runtime_error(hash.failure().message);
  for (const auto& m : moderators) {
    if (auto existing = store::find_account(*db, m.username); existing && existing->has_value()) continue;
    chat::participant who;
    who.role = auth::role::moderator;
    who.name = "Moderador " + m.username;
    who.agency = m.agency;
    if (auto added = store::insert_account(*db, m.username, *hash, who, utc_time{}); !added) {
      throw std::runtime_error(added.failure().message);
    }
  }
}

// What a client has seen of each question: its agency, who holds it and how often it was claimed or answered.
struct question_view {
  std::string agency;
  std::optional<std::int64_t> holder;
  std::string holder_agency;
  int claims = 0;
  int releases = 0;
  bool answered = false;
};

std::map<std::int64_t, question_view> fold(const std::vector<json>& seen) {
  std::map<std::int64_t, question_view> questions;
  for (const auto& m : seen) {
    if (!m.contains("seq")) continue;
    auto type = m.value("type", "");
    if (type == "question_asked") {
      questions[m["question"]["id"].get<std::int64_t>()].agency = m["question"]["agency"];
    } else if (type == "question_claimed") {
      auto& q = questions[m["question"].get<std::int64_t>()];
      q.holder = m["moderator"]["participant"].get<std::int64_t>();
      q.holder_agency = m["moderator"]["agency"];
      ++q.claims;
    } else if (type == "question_released") {
      auto& q = questions[m["question"].get<std::int64_t>()];
      q.holder.reset();
      ++q.releases;
    } else if (type == "question_answered") {
      questions[m["question"].get<std::int64_t>()].answered = true;
    }
  }
  return questions;
}

json ask(const std::string& cid, const std::string& field) {
  return {{"type", "ask"}, {"cid", cid}, {"field", field}, {"text", "¿Cómo diligencio el campo " + field + "?"}};
}

class routing : public ::testing::Test {
 protected:
  explicit routing(std::chrono::seconds grace = 60s)
      : server([grace](config::settings& s) {
          s.assignment_grace = grace;
          add_accounts(s);
        }) {}

  std::unique_ptr<ws_test_client> join(const std::string& username) {
    return server.join_moderator(server.login(username, std::string(password)));
  }

  // Reads until the questions a client has seen satisfy `done`; false after `timeout` (one read with that
  // deadline: a client whose read times out is broken, see ws_test_client).
  static bool see_until(ws_test_client& client,
                        const std::function<bool(const std::map<std::int64_t, question_view>&)>& done,
                        std::chrono::milliseconds timeout = 20s) {
    if (done(fold(client.seen()))) return true;
    return client.wait_for([&](const json&) { return done(fold(client.seen())); }, timeout).has_value();
  }

  server_fixture server;
};

TEST_F(routing, every_question_reaches_a_moderator_of_its_agency_once_and_none_is_stuck) {
  struct connected_moderator {
    std::unique_ptr<ws_test_client> client;
    std::int64_t participant = 0;
  };
  std::vector<connected_moderator> staff;
  for (const auto& m : moderators) {
    auto client = join(m.username);
    auto welcome = std::find_if(client->seen().begin(), client->seen().end(),
                                [](const json& j) { return j.value("type", "") == "welcome"; });
    ASSERT_NE(welcome, client->seen().end());
    auto participant = (*welcome)["you"]["participant"].get<std::int64_t>();
    staff.push_back({std::move(client), participant});
  }
  std::vector<std::unique_ptr<ws_test_client>> officials;
  for (int i = 0; i < 20; ++i) {
    officials.push_back(server.join_official("Funcionario " + std::to_string(i), i % 2 == 0 ? "05001" : "76001"));
    officials.back()->send(ask("c-" + std::to_string(i), field_and_agency[i % field_and_agency.size()].first));
  }
  for (auto& official : officials) ASSERT_TRUE(official->wait_for_type("ack"));

  // Each moderator answers what they are given, as it arrives, until all twenty questions are answered. Nobody
  // claims by hand: with six moderators and a cap of three, some questions wait and are assigned as slots free.
  // Every moderator receives every event; the first one's stream says who holds what.
  std::set<std::int64_t> answer_sent;
  auto answer_what_is_held = [&](const std::map<std::int64_t, question_view>& questions) {
    for (const auto& [id, q] : questions) {
      if (!q.holder || q.answered || answer_sent.contains(id)) continue;
      const auto held_by = *q.holder;  // named: clang 14 cannot capture structured bindings
      auto holder = std::find_if(staff.begin(), staff.end(), [&](const auto& m) { return m.participant == held_by; });
      if (holder == staff.end()) continue;
      holder->client->send({{"type", "answer"},
                            {"cid", "r-" + std::to_string(id)},
                            {"question", id},
                            {"text", "Así se diligencia."},
                            {"visibility", "public"}});
      answer_sent.insert(id);
    }
    return questions.size() == 20 &&
           std::all_of(questions.begin(), questions.end(), [](const auto& q) { return q.second.answered; });
  };
  ASSERT_TRUE(see_until(*staff.front().client, answer_what_is_held, 60s)) << answer_sent.size() << " answers sent";

  for (const auto& [id, q] : fold(staff.front().client->seen())) {
    EXPECT_EQ(q.claims, 1) << "question " << id << " assigned exactly once";
    ASSERT_TRUE(q.holder) << "question " << id;
    if (q.agency != "triage") {
      EXPECT_EQ(q.holder_agency, q.agency) << "question " << id << " went to its agency";
    }
  }
}

class routing_with_short_grace : public routing {
 protected:
  routing_with_short_grace() : routing(2s) {}
};

TEST_F(routing_with_short_grace, a_moderator_gone_past_the_grace_period_loses_the_question_to_a_colleague) {
  auto leaving = join("gel-1");
  auto official = server.join_official();
  official->send(ask("c-1", "gel_fase"));
  ASSERT_TRUE(see_until(*leaving, [](const auto& q) { return q.size() == 1 && q.begin()->second.holder; }));
  auto holder = *fold(leaving->seen()).begin()->second.holder;
  leaving.reset();
  auto colleague = join("gel-2");
  ASSERT_TRUE(see_until(*official,
                        [&](const auto& q) {
                          return q.size() == 1 && q.begin()->second.releases == 1 && q.begin()->second.holder &&
                                 *q.begin()->second.holder != holder;
                        }))
      << "released after about two seconds and assigned to the colleague; seen: " << json(official->seen()).dump();
}

TEST_F(routing_with_short_grace, a_moderator_reconnecting_within_the_grace_period_keeps_their_question) {
  auto first = join("gel-1");
  auto official = server.join_official();
  official->send(ask("c-1", "gel_fase"));
  ASSERT_TRUE(see_until(*first, [](const auto& q) { return q.size() == 1 && q.begin()->second.holder; }));
  first.reset();  // the tab closes
  auto again = join("gel-1");
  auto other = join("gel-2");
  // Past the grace period, several ticks: no release comes.
  EXPECT_FALSE(other->wait_for([](const json& m) { return m.value("type", "") == "question_released"; }, 3s));
  auto questions = fold(other->seen());
  ASSERT_EQ(questions.size(), 1U);
  EXPECT_EQ(questions.begin()->second.releases, 0);
  EXPECT_EQ(questions.begin()->second.claims, 1);
}

TEST_F(routing, a_restart_rebuilds_the_same_assignments) {
  auto gel = join("gel-1");
  auto dafp = join("dafp-1");
  // Two officials, three questions each (within the questions-per-official burst).
  auto official = server.join_official();
  auto another = server.join_official("Otro funcionario", "76001");
  for (int i = 0; i < 6; ++i)
    (i < 3 ? official : another)->send(ask("c-" + std::to_string(i), field_and_agency[i].first));
  ASSERT_TRUE(see_until(*official, [](const auto& q) {
    return q.size() == 6 &&
           std::count_if(q.begin(), q.end(), [](const auto& e) { return e.second.holder.has_value(); }) == 4;
  }));
  auto before = fold(official->seen());

  server.restart();
  auto reader = server.join_official("Otra persona");
  auto after = fold(reader->seen());
  ASSERT_EQ(after.size(), before.size());
  for (const auto& [id, q] : before) {
    EXPECT_EQ(after[id].holder, q.holder) << "question " << id;
    EXPECT_EQ(after[id].claims, q.claims) << "question " << id;
  }
}

}  // namespace
}  // namespace helpchat::testing
