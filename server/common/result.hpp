// Expected failures as values (LevelDB's Status, in the shape of C++23 std::expected).
// `result<T>` holds a T or an `error`; exceptions are kept for bugs and start-up.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

#include "common/error_code.hpp"

namespace helpchat {

// A refusal: a code from the closed set and a Spanish sentence for people.
struct error {
  error_code code;
  std::string message;

  static error of(error_code code) { return {code, std::string(default_message(code))}; }
  static error of(error_code code, std::string message) { return {code, std::move(message)}; }
};

template <class T>
class [[nodiscard]] result {
 public:
  result(T value) : state_(std::move(value)) {}  // NOLINT(google-explicit-constructor): reads like `return value;`
  result(error failure) : state_(std::move(failure)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(state_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(state_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const error& failure() const {
    assert(!ok());
    return std::get<1>(state_);
  }

 private:
  std::variant<T, error> state_;
};

// For operations that return nothing but may fail.
struct done {};
using status = result<done>;

}  // namespace helpchat
