// Fuzzes what the transport does with an HTTP request before the application sees it: Beast's request parser
// with the server's limits (body 64 KiB, header 16 KiB; several pipelined requests per input, as on a keep-alive
// connection), router::route, static_files::respond for static routes (against a small web root created once,
// with a secret file beside it), check_request (the target parsed by Boost.URL, headers and body) and cookie_value.
//
// Invariants beyond "no crash, no sanitizer report":
//   - the route agrees with the table in router.hpp (a WebSocket only at /ws, the API only under its prefixes,
//     static files only for GET and HEAD, a disallowed Origin never upgrades);
//   - static_files answers exactly for the files found at start ("/" → index.html, "/name" → name.html), with
//     one of their bodies, never anything else (the secret file beside the root in particular);
//   - a HEAD answer has no body; every answer serializes;
//   - a request check_request admits has a UTF-8 path and parameters, never longer than the target; a cookie value
//     holds no ';'.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include <unistd.h>
#include <zlib.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "common/limits.hpp"
#include "end_of_input.hpp"
#include "fuzz_check.hpp"
#include "net/http_types.hpp"
#include "net/router.hpp"
#include "net/static_files.hpp"
#include "utf8.hpp"

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using namespace helpchat;
using namespace helpchat::net;

const std::string secret = "contraseña del servidor: no debe salir nunca";

std::string big_stylesheet() {
  std::string css;
  for (int i = 0; i < 300; ++i) css += ".mensaje-" + std::to_string(i % 7) + " { margin: 0 0 1rem 0; color: #222; }\n";
  return css;
}

// The web root, created once per process in a temporary directory and removed at exit.
struct web_root {
  std::filesystem::path dir;
  std::map<std::string, std::string> contents;  // URL path → body
  std::optional<static_files> files;

  web_root() {
    std::string pattern = (std::filesystem::temp_directory_path() / "helpchat-fuzz-XXXXXX").string();
    FUZZ_CHECK(mkdtemp(pattern.data()) != nullptr);
    dir = pattern;
    contents = {
        {"/index.html", "<!doctype html><title>helpchat</title>"},
        {"/sesion.html", "<!doctype html><title>sesión</title>"},
        {"/faq.html", "<!doctype html><title>preguntas</title>"},
        {"/css/helpchat.css", big_stylesheet()},
        {"/js/app.js", "export const x = 1;\n"},
        {"/js/modulo.mjs", "export default 2;\n"},
        {"/img/logo.svg", "<svg/>"},
        {"/api.json", "{}"},  // a static file whose name looks like the API
        {"/robots.txt", "User-agent: *\n"},
        {"/datos.bin", std::string("\x00\x01\x02", 3)},
    };
    for (const auto& [url, body] : contents) write(dir / "root" / url.substr(1), body);
    write(dir / "secret.txt", secret);
    auto loaded = static_files::load(dir / "root");
    FUZZ_CHECK(loaded.ok());
    FUZZ_CHECK(loaded->file_count() == contents.size());
    files.emplace(std::move(loaded).value());
  }
  ~web_root() {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }

  static void write(const std::filesystem::path& file, const std::string& body) {
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << body;
  }

  // What static_files promises to serve for a path (query removed).
  const std::string* expected(std::string_view path) const {
    std::string key(path == "/" ? "/index.html" : path);
    if (auto it = contents.find(key); it != contents.end()) return &it->second;
    if (auto it = contents.find(key + ".html"); it != contents.end()) return &it->second;
    return nullptr;
  }
};

const web_root& root() {
  static const web_root instance;
  return instance;
}

const std::vector<std::string> api_prefixes{"/api/", "/healthz", "/readyz", "/metrics"};
const router default_router(api_prefixes, {}, false);
const router listed_router(api_prefixes, {"https://ayuda.example.gov.co", "http://localhost:8080"}, false);

bool gunzips_to(const std::string& gzipped, const std::string& expected) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) return false;
  std::string out(expected.size() + 1, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gzipped.data()));
  stream.avail_in = static_cast<uInt>(gzipped.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  int rc = inflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return rc == Z_STREAM_END && out == expected;
}

void check_route(const router& routes, const http_request& request) {
  destination where = routes.route(request);
  std::string_view target = request.target();
  bool upgrade = beast::websocket::is_upgrade(request);
  switch (where) {
    case destination::websocket:
      FUZZ_CHECK(upgrade && target == "/ws");
      FUZZ_CHECK(routes.origin_allowed(request[http::field::origin], request[http::field::host]));
      break;
    case destination::forbidden_origin:
      FUZZ_CHECK(upgrade && target == "/ws");
      FUZZ_CHECK(!request[http::field::origin].empty());
      break;
    case destination::not_found:
      FUZZ_CHECK(upgrade && target != "/ws");
      break;
    case destination::api: {
      FUZZ_CHECK(!upgrade);
      bool prefixed = false;
      for (const auto& prefix : api_prefixes) prefixed = prefixed || target.starts_with(prefix);
      FUZZ_CHECK(prefixed);
      break;
    }
    case destination::method_not_allowed:
      FUZZ_CHECK(!upgrade);
      FUZZ_CHECK(request.method() != http::verb::get && request.method() != http::verb::head);
      break;
    case destination::static_file:
      FUZZ_CHECK(!upgrade);
      FUZZ_CHECK(request.method() == http::verb::get || request.method() == http::verb::head);
      break;
  }
}

void check_static(const http_request& request) {
  const web_root& web = root();
  auto response = web.files->respond(request);
  std::string_view target = request.target();
  const std::string* expected = web.expected(target.substr(0, target.find('?')));
  FUZZ_CHECK(response.has_value() == (expected != nullptr));
  if (!response) return;
  FUZZ_CHECK(response->result() == http::status::ok || response->result() == http::status::not_modified);
  const std::string& body = response->body();
  FUZZ_CHECK(body.find(secret) == std::string::npos);
  if (response->result() == http::status::not_modified || request.method() == http::verb::head) {
    FUZZ_CHECK(body.empty());
  } else if (response->count(http::field::content_encoding) != 0) {
    FUZZ_CHECK(response->at(http::field::content_encoding) == "gzip");
    FUZZ_CHECK(gunzips_to(body, *expected));
  } else {
    FUZZ_CHECK(body == *expected);
  }
  std::ostringstream wire;
  wire << *response;
  FUZZ_CHECK(!wire.str().empty());
}

void check_helpers(const http_request& request) {
  std::string_view target = request.target();
  if (auto checked = check_request(request)) {
    FUZZ_CHECK(fuzz::is_valid_utf8(checked->path()) && checked->path().size() <= target.size());
    for (const auto& p : checked->parameters()) {
      FUZZ_CHECK(fuzz::is_valid_utf8(p.name) && fuzz::is_valid_utf8(p.value));
      FUZZ_CHECK(p.name.size() + p.value.size() <= target.size());
    }
  } else {
    FUZZ_CHECK(checked.failure().code == error_code::invalid_message);
  }
  std::string cookie = cookie_value(request, "hc_session");
  FUZZ_CHECK(cookie.find(';') == std::string::npos);
  FUZZ_CHECK(cookie.size() <= request[http::field::cookie].size());
  (void)cookie_value(request, "");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const helpchat::limits limits;
  beast::flat_buffer buffer;
  buffer.commit(boost::asio::buffer_copy(buffer.prepare(size), boost::asio::buffer(data, size)));
  fuzz::end_of_input stream;
  // Pipelined requests on one connection, as http_session reads them (a few are enough to cover the hand-over).
  for (int message = 0; message < 4 && buffer.size() > 0; ++message) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(limits.max_http_body_bytes);
    parser.header_limit(static_cast<std::uint32_t>(limits.max_http_header_bytes));
    beast::error_code ec;
    http::read(stream, buffer, parser, ec);
    if (ec == http::error::body_limit) {
      // http_session answers 413 from the partly read request (a Content-Length over the limit fails before the
      // header is complete): its version and fields must be readable.
      const http_request& partial = parser.get();
      (void)partial.version();
      (void)partial.keep_alive();
      (void)partial.target();
      return 0;
    }
    if (ec) return 0;
    http_request request = parser.release();
    FUZZ_CHECK(request.body().size() <= limits.max_http_body_bytes);
    check_route(default_router, request);
    check_route(listed_router, request);
    check_helpers(request);
    if (default_router.route(request) == destination::static_file) check_static(request);
    if (!request.keep_alive()) return 0;
  }
  return 0;
}
