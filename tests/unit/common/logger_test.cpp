// The logger writes what clients sent (a refused Origin, an address): bytes that are not UTF-8 must never make it
// throw (issue 11), and the line must stay one valid JSON object.
#include "common/logger.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "common/utf8.hpp"

namespace helpchat {
namespace {

TEST(logger, a_field_that_is_not_utf8_is_written_with_replacement_characters) {
  std::ostringstream out;
  logger log(out);
  EXPECT_NO_THROW(log.warn("websocket_origin_refused", {{"origin", "http://\xFF\xED\xA0\x80"}, {"remote", "1.2.3.4"}}));
  auto line = nlohmann::json::parse(out.str());
  EXPECT_EQ(line["event"], "websocket_origin_refused");
  auto origin = line["origin"].get<std::string>();
  EXPECT_TRUE(origin.starts_with("http://\xEF\xBF\xBD")) << "U+FFFD in place of the bad bytes";
  EXPECT_TRUE(is_valid_utf8(origin));
  EXPECT_EQ(line["remote"], "1.2.3.4");
  EXPECT_EQ(log.count(logger::level::warn), 1u);
}

}  // namespace
}  // namespace helpchat
