// The std::visit helper: a set of lambdas as one overloaded callable.
#pragma once

namespace helpchat {

template <class... Ts>
struct overloaded : Ts... {
  using Ts::operator()...;
};
// Clang 14 does not deduce aggregate template arguments without the guide.
template <class... Ts>
overloaded(Ts...) -> overloaded<Ts...>;

}  // namespace helpchat
