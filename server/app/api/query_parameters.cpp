#include "app/api/query_parameters.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <string>

namespace helpchat::app {
namespace {

// 2000 → "2.000", as numbers are written in Spanish text.
std::string spanish_number(std::int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back('.');
    out.push_back(digits[i]);
  }
  return value < 0 ? "-" + out : out;
}

}  // namespace

status only_known_parameters(const net::request_target& target, std::span<const std::string_view> known) {
  const auto& parameters = target.parameters();
  for (auto p = parameters.begin(); p != parameters.end(); ++p) {
    // The name is UTF-8 (request_target checked it), so it may go into the message as it is.
    if (std::find(known.begin(), known.end(), p->name) == known.end()) {
      std::string message = "El parámetro «" + p->name + "» no existe en esta dirección";
      if (known.empty()) {
        message += ", que no acepta parámetros.";
      } else {
        message += "; acepta:";
        for (auto name : known) message += " " + std::string(name);
        message += ".";
      }
      return error::of(error_code::invalid_message, std::move(message));
    }
    auto same = [&](const auto& other) { return other.name == p->name; };
    if (std::find_if(parameters.begin(), p, same) != p) {
      return error::of(error_code::invalid_message, "El parámetro «" + p->name + "» aparece más de una vez.");
    }
  }
  return done{};
}

result<std::int64_t> integer_parameter(const net::request_target& target, std::string_view name, std::int64_t min,
                                       std::int64_t max, std::int64_t fallback) {
  auto text = target.find(name);
  if (!text) return fallback;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (text->empty() || ec != std::errc() || end != text->data() + text->size() || value < min || value > max) {
    std::string range = max == std::numeric_limits<std::int64_t>::max()
                            ? "un entero mayor o igual que " + spanish_number(min)
                            : "un entero entre " + spanish_number(min) + " y " + spanish_number(max);
    return error::of(error_code::invalid_message, "El parámetro «" + std::string(name) + "» debe ser " + range + ".");
  }
  return value;
}

}  // namespace helpchat::app
