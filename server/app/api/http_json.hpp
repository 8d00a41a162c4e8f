// Small helpers shared by the JSON API handlers: responses, errors, the logged-in account of a request.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "app/live/participant_directory.hpp"
#include "common/logger.hpp"
#include "common/result.hpp"
#include "net/http_types.hpp"

namespace helpchat::app {

net::http_response json_response(const net::http_request& request, std::string body,
                                 boost::beast::http::status status = boost::beast::http::status::ok);
net::http_response error_response(const net::http_request& request, boost::beast::http::status status, error why);
// Runs `work`, a completion that answers a request later (on the password pool, the transcript writer's thread or
// an io thread), so that an exception in it (a bug) is logged as `where` and answered 500 `internal` instead of
// ending that thread and the process with it. If `work` had already answered, http_server drops the second answer.
void guarded(logger& log, std::string_view where, const std::function<void(net::http_response)>& respond,
             const std::function<void()>& work);

// The moderator or admin whose hc_session cookie the request carries, if it is a valid login now.
std::optional<store::account_row> logged_in_account(const net::http_request& request,
                                                    const participant_directory& directory, utc_time now);

}  // namespace helpchat::app
