// `helpchat moderator …` as the operator runs it (app::run_command, in this process), on a temporary data
// directory and the real form (faq/form.json of the source tree): a moderator's sections are checked against the
// form and their agency, stored, listed and changed by `moderator edit`.
#include "app/commands.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "store/participant_store.hpp"
#include "support/temp_directory.hpp"

namespace helpchat::app {
namespace {

struct cli_result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class moderator_cli : public ::testing::Test {
 protected:
  // `helpchat ARGS… --data DIR --faq-dir SOURCE/faq` with `input` (a password line) as standard input.
  cli_result run(std::vector<std::string> args, const std::string& input = "clave-de-prueba-1234") {
    args.insert(args.end(), {"--data", data_.path().string(), "--faq-dir", faq_dir_});
    std::istringstream in(input + "\n");
    std::ostringstream out, err;
    auto no_env = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
    cli_result result;
    result.exit_code = run_command(std::move(args), no_env, in, out, err);
    result.out = out.str();
    result.err = err.str();
    return result;
  }

  cli_result must_run(std::vector<std::string> args) {
    auto result = run(std::move(args));
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result;
  }

  // The account as the database holds it (what the server loads at start and catalog_sync re-reads).
  std::optional<store::account_row> stored(const std::string& username) {
    auto db = store::database::open(data_.path() / "helpchat.db");
    if (!db) throw std::runtime_error(db.failure().message);
    auto found = store::find_account(*db, username);
    if (!found) throw std::runtime_error(found.failure().message);
    return *found;
  }

  std::vector<std::string> stored_sections(const std::string& username) {
    auto account = stored(username);
    EXPECT_TRUE(account.has_value()) << username;
    return account ? account->who.sections : std::vector<std::string>{};
  }

  // Fails with a message naming `section` and listing the agency's valid sections.
  void expect_refused(const cli_result& result, const std::string& section, const std::string& valid) {
    EXPECT_NE(result.exit_code, 0);
    EXPECT_TRUE(result.out.empty()) << result.out;
    EXPECT_NE(result.err.find("«" + section + "»"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find(valid), std::string::npos) << result.err;
  }

  testing::temp_directory data_;
  std::string faq_dir_ = std::string(HELPCHAT_SOURCE_DIR) + "/faq";
};

using strings = std::vector<std::string>;

TEST_F(moderator_cli, add_stores_the_sections_in_the_order_given_once_each) {
  must_run({"moderator", "add", "marta", "--name", "Marta Ruiz", "--agency", "dafp", "--sections",
            "rendicion_cuentas, cualificacion_servidores,rendicion_cuentas"});
  EXPECT_EQ(stored_sections("marta"), (strings{"rendicion_cuentas", "cualificacion_servidores"}));
}

TEST_F(moderator_cli, add_without_sections_answers_every_section_of_the_agency) {
  must_run({"moderator", "add", "marta", "--name", "Marta Ruiz", "--agency", "dafp"});
  auto account = stored("marta");
  ASSERT_TRUE(account);
  EXPECT_TRUE(account->who.sections.empty());
  EXPECT_EQ(account->who.agency, "dafp");
}

TEST_F(moderator_cli, list_shows_each_accounts_sections) {
  must_run({"moderator", "add", "marta", "--name", "Marta Ruiz", "--agency", "dafp", "--sections",
            "racionalizacion_tramites,rendicion_cuentas"});
  must_run({"moderator", "add", "zoe", "--name", "Zoe Páez", "--agency", "mintic-gel"});
  auto listed = must_run({"moderator", "list"});
  EXPECT_EQ(listed.out,
            "marta\tmoderator\tdafp\tracionalizacion_tramites,rendicion_cuentas\tMarta Ruiz\n"
            "zoe\tmoderator\tmintic-gel\ttodas\tZoe Páez\n");
}

TEST_F(moderator_cli, an_unknown_section_is_refused_naming_the_agencys_sections) {
  auto added = run({"moderator", "add", "marta", "--name", "Marta Ruiz", "--agency", "dafp", "--sections",
                    "cualificacion_servidores,tramites"});
  expect_refused(added, "tramites", "cualificacion_servidores, racionalizacion_tramites, rendicion_cuentas");
  EXPECT_NE(added.err.find("no existe"), std::string::npos) << added.err;
  EXPECT_FALSE(stored("marta")) << "nothing is created";
}

TEST_F(moderator_cli, a_section_of_another_agency_is_refused) {
  auto added = run(
      {"moderator", "add", "zoe", "--name", "Zoe Páez", "--agency", "mintic-gel", "--sections", "canales_atencion"});
  expect_refused(added, "canales_atencion", "gel_fases");
  EXPECT_NE(added.err.find("dnp-pnsc"), std::string::npos) << "names the section's owner: " << added.err;
  EXPECT_FALSE(stored("zoe"));
}

// Rendición de cuentas is DAFP's with DNP as co-owner; its questions wait in DAFP's queue, so only DAFP may take it.
TEST_F(moderator_cli, a_co_owned_section_belongs_to_its_owner_only) {
  auto added =
      run({"moderator", "add", "dnp1", "--name", "Diego", "--agency", "dnp-pnsc", "--sections", "rendicion_cuentas"});
  expect_refused(added, "rendicion_cuentas", "canales_atencion, integracion_institucional");
}

TEST_F(moderator_cli, triage_and_admin_accounts_take_no_sections) {
  auto triage =
      run({"moderator", "add", "soporte", "--name", "Soporte", "--agency", "triage", "--sections", "identificacion"});
  EXPECT_NE(triage.exit_code, 0);
  EXPECT_NE(triage.err.find("triage"), std::string::npos) << triage.err;
  EXPECT_NE(triage.err.find("--sections all"), std::string::npos) << triage.err;
  EXPECT_FALSE(stored("soporte"));

  auto admin = run({"moderator", "add", "admin1", "--name", "Coordinación", "--agency", "dafp", "--admin", "--sections",
                    "rendicion_cuentas"});
  EXPECT_NE(admin.exit_code, 0);
  EXPECT_NE(admin.err.find("administración"), std::string::npos) << admin.err;
  EXPECT_FALSE(stored("admin1"));

  must_run(
      {"moderator", "add", "admin1", "--name", "Coordinación", "--agency", "triage", "--admin", "--sections", "all"});
  EXPECT_TRUE(stored_sections("admin1").empty());
}

TEST_F(moderator_cli, sections_need_at_least_one_id) {
  auto added = run({"moderator", "add", "marta", "--name", "Marta Ruiz", "--agency", "dafp", "--sections", " , "});
  EXPECT_NE(added.exit_code, 0);
  EXPECT_NE(added.err.find("--sections"), std::string::npos) << added.err;
  EXPECT_FALSE(stored("marta"));
}

TEST_F(moderator_cli, edit_changes_name_agency_and_sections_and_keeps_the_rest) {
  must_run(
      {"moderator", "add", "marta", "--name", "Marta Ruiz", "--agency", "dafp", "--sections", "rendicion_cuentas"});
  auto before = stored("marta");
  ASSERT_TRUE(before);

  auto edited = must_run({"moderator", "edit", "marta", "--name", "Marta Ruiz Gil", "--agency", "dnp-pnsc",
                          "--sections", "integracion_institucional,canales_atencion"});
  EXPECT_EQ(edited.out, "updated marta\n");
  auto after = stored("marta");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->who.name, "Marta Ruiz Gil");
  EXPECT_EQ(after->who.agency, "dnp-pnsc");
  EXPECT_EQ(after->who.sections, (strings{"integracion_institucional", "canales_atencion"}));
  EXPECT_EQ(after->id, before->id);
  EXPECT_EQ(after->who.id, before->who.id) << "the same participant in every help session";
  EXPECT_EQ(after->who.role, auth::role::moderator);
  EXPECT_EQ(after->password_hash, before->password_hash);

  must_run({"moderator", "edit", "marta", "--sections", "all"});
  EXPECT_TRUE(stored_sections("marta").empty());
  EXPECT_EQ(stored("marta")->who.name, "Marta Ruiz Gil") << "only what was given changes";
}

// The form is read to check sections only: an operator can add or rename a moderator from anywhere.
TEST_F(moderator_cli, without_sections_to_check_no_form_is_read) {
  must_run(
      {"moderator", "add", "marta", "--name", "Marta Ruiz", "--agency", "dafp", "--sections", "rendicion_cuentas"});
  faq_dir_ = (data_.path() / "no-faq-here").string();
  must_run({"moderator", "add", "zoe", "--name", "Zoe Páez", "--agency", "mintic-gel"});
  must_run({"moderator", "edit", "marta", "--name", "Marta Ruiz Gil"});
  EXPECT_EQ(stored("marta")->who.name, "Marta Ruiz Gil");
  EXPECT_EQ(stored_sections("marta"), strings{"rendicion_cuentas"});

  auto unchecked = run({"moderator", "edit", "zoe", "--sections", "gel_fases"});
  EXPECT_NE(unchecked.exit_code, 0) << "sections are never stored unchecked";
  EXPECT_NE(unchecked.err.find("form.json"), std::string::npos) << unchecked.err;
  EXPECT_TRUE(stored_sections("zoe").empty());
}

TEST_F(moderator_cli, edit_of_the_agency_alone_checks_the_sections_the_account_has) {
  must_run(
      {"moderator", "add", "marta", "--name", "Marta Ruiz", "--agency", "dafp", "--sections", "rendicion_cuentas"});
  auto moved = run({"moderator", "edit", "marta", "--agency", "mintic-gel"});
  expect_refused(moved, "rendicion_cuentas", "gel_fases");
  EXPECT_NE(moved.err.find("la cuenta tenía las secciones rendicion_cuentas"), std::string::npos) << moved.err;
  EXPECT_EQ(stored("marta")->who.agency, "dafp") << "nothing changes";

  auto to_triage = run({"moderator", "edit", "marta", "--agency", "triage"});
  EXPECT_NE(to_triage.exit_code, 0);
  EXPECT_EQ(stored("marta")->who.agency, "dafp");

  must_run({"moderator", "edit", "marta", "--agency", "triage", "--sections", "all"});
  EXPECT_EQ(stored("marta")->who.agency, "triage");
  EXPECT_TRUE(stored_sections("marta").empty());
}

TEST_F(moderator_cli, edit_refuses_bad_sections_and_changes_nothing) {
  must_run({"moderator", "add", "zoe", "--name", "Zoe Páez", "--agency", "mintic-gel"});
  expect_refused(run({"moderator", "edit", "zoe", "--name", "Otra", "--sections", "gel_fases,seguimiento"}),
                 "seguimiento", "gel_fases");
  auto account = stored("zoe");
  ASSERT_TRUE(account);
  EXPECT_EQ(account->who.name, "Zoe Páez");
  EXPECT_TRUE(account->who.sections.empty());

  must_run({"moderator", "add", "admin1", "--name", "Coordinación", "--agency", "dafp", "--admin"});
  auto admin = run({"moderator", "edit", "admin1", "--sections", "rendicion_cuentas"});
  EXPECT_NE(admin.exit_code, 0);
  EXPECT_NE(admin.err.find("administración"), std::string::npos) << admin.err;
  EXPECT_TRUE(stored_sections("admin1").empty());
}

TEST_F(moderator_cli, edit_of_an_unknown_user_fails_naming_it) {
  must_run({"moderator", "add", "zoe", "--name", "Zoe Páez", "--agency", "mintic-gel"});
  auto edited = run({"moderator", "edit", "nadie", "--name", "Nadie"});
  EXPECT_NE(edited.exit_code, 0);
  EXPECT_NE(edited.err.find("«nadie»"), std::string::npos) << edited.err;
  EXPECT_FALSE(stored("nadie"));
}

TEST_F(moderator_cli, edit_needs_something_to_change_and_keeps_the_role) {
  must_run({"moderator", "add", "zoe", "--name", "Zoe Páez", "--agency", "mintic-gel"});
  auto nothing = run({"moderator", "edit", "zoe"});
  EXPECT_NE(nothing.exit_code, 0);
  EXPECT_NE(nothing.err.find("--sections"), std::string::npos) << nothing.err;
  auto promoted = run({"moderator", "edit", "zoe", "--admin", "--name", "Zoe"});
  EXPECT_NE(promoted.exit_code, 0);
  EXPECT_EQ(stored("zoe")->who.role, auth::role::moderator);
  EXPECT_EQ(stored("zoe")->who.name, "Zoe Páez");
  auto unknown_agency = run({"moderator", "edit", "zoe", "--agency", "mintic"});
  EXPECT_NE(unknown_agency.exit_code, 0);
  EXPECT_EQ(stored("zoe")->who.agency, "mintic-gel");
}

}  // namespace
}  // namespace helpchat::app
