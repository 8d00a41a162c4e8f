// A SyncReadStream at its end, for the fuzz targets that parse HTTP: http::read() parses what is already in the
// buffer and then sees the peer close, as the server does when the bytes stop.
#pragma once

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/system/system_error.hpp>
#include <cstddef>

namespace helpchat::fuzz {

struct end_of_input {
  template <class Buffers>
  std::size_t read_some(const Buffers&) {
    throw boost::system::system_error(boost::asio::error::eof);
  }
  template <class Buffers>
  std::size_t read_some(const Buffers&, boost::beast::error_code& ec) {
    ec = boost::asio::error::eof;
    return 0;
  }
};

}  // namespace helpchat::fuzz
