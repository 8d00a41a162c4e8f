#include "net/address_admission.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace helpchat::net {
namespace {

TEST(AddressAdmission, AdmitsUpToTheLimitPerAddress) {
  address_admission admission;
  auto first = admission.admit("10.0.0.1", 2);
  auto second = admission.admit("10.0.0.1", 2);
  auto third = admission.admit("10.0.0.1", 2);
  EXPECT_TRUE(first);
  EXPECT_TRUE(second);
  EXPECT_FALSE(third) << "a third connection from the same address is over the limit";
  EXPECT_TRUE(admission.admit("10.0.0.2", 2)) << "other addresses have places of their own";
  EXPECT_EQ(first.address(), "10.0.0.1");
}

TEST(AddressAdmission, ATicketGivesItsPlaceBackWhenDestroyed) {
  address_admission admission;
  {
    auto only = admission.admit("10.0.0.1", 1);
    ASSERT_TRUE(only);
    EXPECT_FALSE(admission.admit("10.0.0.1", 1));
  }
  EXPECT_TRUE(admission.admit("10.0.0.1", 1)) << "the place is free again";
}

TEST(AddressAdmission, AMovedTicketHoldsThePlaceOnce) {
  address_admission admission;
  auto original = admission.admit("10.0.0.1", 1);
  address_admission::ticket moved = std::move(original);
  EXPECT_FALSE(original);  // NOLINT(bugprone-use-after-move): a moved-from ticket is empty by contract
  EXPECT_TRUE(moved);
  EXPECT_FALSE(admission.admit("10.0.0.1", 1));
  moved = address_admission::ticket();
  EXPECT_TRUE(admission.admit("10.0.0.1", 1)) << "assigning over a ticket gives its place back";
}

TEST(AddressAdmission, ALimitOfZeroRefusesEveryone) {
  address_admission admission;
  EXPECT_FALSE(admission.admit("10.0.0.1", 0));
  EXPECT_FALSE(admission.admit("10.0.0.1", 0));
}

TEST(AddressAdmission, TicketsOutliveTheAdmissionThatIssuedThem) {
  address_admission::ticket kept;
  {
    address_admission admission;
    kept = admission.admit("10.0.0.1", 1);
  }
  EXPECT_TRUE(kept);
  EXPECT_EQ(kept.address(), "10.0.0.1");
  kept = address_admission::ticket();  // gives its place back to counts it keeps alive (ASan checks)
}

TEST(AddressAdmission, CountsStayExactUnderConcurrentUse) {
  address_admission admission;
  constexpr int threads = 4;
  constexpr int rounds = 2000;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&admission] {
      for (int i = 0; i < rounds; ++i) {
        auto ticket = admission.admit("10.0.0.1", threads);
        EXPECT_TRUE(ticket) << "at most `threads` are held at once";
      }
    });
  }
  for (auto& worker : workers) worker.join();
  std::vector<address_admission::ticket> all;
  for (int t = 0; t < threads; ++t) all.push_back(admission.admit("10.0.0.1", threads));
  for (const auto& ticket : all) EXPECT_TRUE(ticket) << "every place was given back";
  EXPECT_FALSE(admission.admit("10.0.0.1", threads));
}

}  // namespace
}  // namespace helpchat::net
