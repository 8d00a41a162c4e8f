// The accept loop survives running out of file descriptors (Beast's own example stops accepting for good): the real
// binary under `prlimit --nofile=64`, a storm past the limit, then a new client must be served.
//
// Kept in its own executable, labelled fd_exhaustion, so that the sanitizer runs can leave it out: with no free
// descriptor, UBSan's vptr check cannot read /proc/self/maps and reports false "invalid vptr" errors.
#include <gtest/gtest.h>

#include "support/server_fixture.hpp"
#include "support/server_process.hpp"

namespace helpchat::testing {
namespace {

using json = nlohmann::json;

json join_official(int session, int n) {
  return {{"type", "join"},
          {"v", 1},
          {"session", session},
          {"as", "official"},
          {"official",
           {{"name", "Funcionaria " + std::to_string(n)},
            {"position", "Planeación"},
            {"entity_type", "alcaldia"},
            {"dane_code", "05001"}}}};
}

TEST(accept_loop, the_accept_loop_survives_running_out_of_file_descriptors) {
  temp_directory data;
  server_process server(data.path(), {"--demo"}, {"prlimit", "--nofile=64:64", "--"});
  std::vector<std::unique_ptr<ws_test_client>> storm;
  int refused = 0;
  // More connections than the server has descriptors: past the limit, connections wait in the kernel's backlog
  // and their upgrade times out.
  for (int i = 0; i < 70; ++i) {
    try {
      storm.push_back(std::make_unique<ws_test_client>(server.port(), ws_test_client::options{{}, {}, 300ms}));
    } catch (const std::exception&) {
      ++refused;
    }
  }
  EXPECT_GT(refused, 0) << "the storm never reached the descriptor limit";
  EXPECT_GT(storm.size(), 10u);
  storm.clear();
  // Once the storm is over, new clients are served again.
  bool served = false;
  for (int attempt = 0; attempt < 100 && !served; ++attempt) {
    try {
      ws_test_client client(server.port());
      client.send(join_official(server.demo_session(), 1));
      served = client.wait_for_type("synced", std::chrono::seconds(2)).has_value();
    } catch (const std::exception&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  EXPECT_TRUE(served);
}

}  // namespace
}  // namespace helpchat::testing
