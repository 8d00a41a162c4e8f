// The integer a one-row query returns (a count, a PRAGMA, a version), for tests that look into the database
// directly. A failed query or no row fails the test and returns -1.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "store/database.hpp"

namespace helpchat::testing {

inline std::int64_t sql_int(store::database& db, const std::string& sql) {
  auto query = db.prepare(sql);
  EXPECT_TRUE(query.ok()) << sql;
  if (!query) return -1;
  auto row = query->step();
  EXPECT_TRUE(row.ok() && *row) << sql;
  if (!row.ok() || !*row) return -1;
  return query->column_int(0);
}

}  // namespace helpchat::testing
