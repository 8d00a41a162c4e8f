#include "net/address_admission.hpp"

#include <utility>

namespace helpchat::net {

address_admission::ticket address_admission::admit(const std::string& address, std::size_t limit) {
  mutex_lock lock(counts_->mutex);
  auto& entry = *counts_->open.try_emplace(address, 0).first;
  if (entry.second >= limit) {
    if (entry.second == 0) counts_->open.erase(address);  // a limit of 0 refuses everyone
    return {};
  }
  ++entry.second;
  return ticket(counts_, &entry);
}

address_admission::ticket::ticket(ticket&& other) noexcept
    : owner_(std::move(other.owner_)), entry_(std::exchange(other.entry_, nullptr)) {}

address_admission::ticket& address_admission::ticket::operator=(ticket&& other) noexcept {
  if (this != &other) {
    give_back();
    owner_ = std::move(other.owner_);
    entry_ = std::exchange(other.entry_, nullptr);
  }
  return *this;
}

address_admission::ticket::~ticket() { give_back(); }

void address_admission::ticket::give_back() {
  if (entry_ == nullptr) return;
  mutex_lock lock(owner_->mutex);
  if (--entry_->second == 0) owner_->open.erase(owner_->open.find(entry_->first));
  entry_ = nullptr;
}

}  // namespace helpchat::net
