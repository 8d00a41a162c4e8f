// Open connections per remote address, so that one address cannot take every connection the server has
// (limits.max_connections_per_address). Thread-safe: connections of every io thread admit and leave.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <unordered_map>

#include "common/mutex.hpp"

namespace helpchat::net {

class address_admission {
  struct counts {
    helpchat::mutex mutex;
    std::unordered_map<std::string, std::size_t> open HELPCHAT_GUARDED_BY(mutex);
  };

 public:
  // A place taken by one connection, given back when the ticket is destroyed. It keeps the counts alive, so a
  // connection that outlives the server during shutdown still has somewhere to give its place back to. Held
  // inline by every connection: no allocation of its own.
  class ticket {
   public:
    ticket() = default;
    ticket(ticket&& other) noexcept;
    ticket& operator=(ticket&& other) noexcept;
    ticket(const ticket&) = delete;
    ticket& operator=(const ticket&) = delete;
    ~ticket();

    // False when the address was at its limit (or for a ticket moved from).
    explicit operator bool() const { return entry_ != nullptr; }
    // The address it counts against (so that a connection need not keep a copy). Only for a true ticket.
    const std::string& address() const { return entry_->first; }

   private:
    friend class address_admission;
    ticket(std::shared_ptr<counts> owner, std::pair<const std::string, std::size_t>* entry)
        : owner_(std::move(owner)), entry_(entry) {}
    void give_back();

    std::shared_ptr<counts> owner_;
    // The address's entry in owner_->open: unordered_map nodes do not move, and it stays while its count > 0.
    std::pair<const std::string, std::size_t>* entry_ = nullptr;
  };

  // A ticket for one more connection from `address`, or an empty one if it already has `limit` open.
  ticket admit(const std::string& address, std::size_t limit);

 private:
  std::shared_ptr<counts> counts_ = std::make_shared<counts>();
};

}  // namespace helpchat::net
