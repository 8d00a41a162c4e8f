// Small helpers shared by the JSON API handlers: responses, errors, the logged-in account of a request.
#pragma once

#include <optional>
#include <string>

#include "app/participant_directory.hpp"
#include "common/result.hpp"
#include "net/http_types.hpp"

namespace helpchat::app {

net::http_response json_response(const net::http_request& request, std::string body,
                                 boost::beast::http::status status = boost::beast::http::status::ok);
net::http_response error_response(const net::http_request& request, boost::beast::http::status status, error why);
// The moderator or admin whose hc_session cookie the request carries, if it is a valid login now.
std::optional<store::account_row> logged_in_account(const net::http_request& request,
                                                    const participant_directory& directory, utc_time now);

}  // namespace helpchat::app
