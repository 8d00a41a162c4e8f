#include "net/request_target.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include "common/utf8.hpp"

namespace helpchat::net {

result<request_target> request_target::parse(std::string_view target) {
  auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) {
    return error::of(error_code::invalid_message, "La dirección de la solicitud está mal formada.");
  }
  const boost::urls::url_view url = *parsed;
  request_target out;
  out.path_ = url.path();
  bool utf8 = is_valid_utf8(out.path_);
  for (std::string segment : url.segments()) out.segments_.push_back(std::move(segment));
  boost::urls::encoding_opts query_encoding;
  query_encoding.space_as_plus = true;
  for (auto param : url.params(query_encoding)) {
    utf8 = utf8 && is_valid_utf8(param.key) && is_valid_utf8(param.value);
    out.parameters_.push_back({std::move(param.key), std::move(param.value)});
  }
  if (!utf8) {
    return error::of(error_code::invalid_message, "La dirección contiene caracteres que no son UTF-8 válido.");
  }
  return out;
}

std::optional<std::string_view> request_target::find(std::string_view name) const {
  for (const auto& p : parameters_) {
    if (p.name == name) return p.value;
  }
  return std::nullopt;
}

}  // namespace helpchat::net
