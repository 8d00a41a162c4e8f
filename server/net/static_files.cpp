#include "net/static_files.hpp"

#include <zlib.h>

#include <array>
#include <charconv>
#include <fstream>
#include <sstream>

namespace helpchat::net {
namespace http = boost::beast::http;
namespace {

std::string_view content_type_of(const std::filesystem::path& file) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 11> types{{
      {".html", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
      {".woff2", "font/woff2"},
  }};
  auto extension = file.extension().string();
  for (const auto& [ext, type] : types) {
    if (ext == extension) return type;
  }
  return "application/octet-stream";
}

std::string gzip(const std::string& data) {
  z_stream stream{};
  // windowBits 15 + 16 asks zlib for a gzip wrapper; level 9 because it is done once at start.
  if (deflateInit2(&stream, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&stream, data.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return rc == Z_STREAM_END ? out : std::string{};
}

// RFC 9110 §12.5.3: gzip when the client gives it (or, failing that, "*") a weight above zero. Codings are
// case-insensitive, "x-gzip" is gzip, and q may stand among other parameters.
bool accepts_gzip(const http_request& request) {
  auto trim = [](std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
  };
  auto lower = [](std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  std::optional<double> gzip_weight;
  std::optional<double> star_weight;
  std::string_view accepted = request[http::field::accept_encoding];
  while (!accepted.empty()) {
    auto comma = accepted.find(',');
    auto entry = accepted.substr(0, comma);
    accepted = comma == std::string_view::npos ? std::string_view{} : accepted.substr(comma + 1);
    auto parameters = entry.find(';');
    auto coding = lower(trim(entry.substr(0, parameters)));
    double weight = 1;
    while (parameters != std::string_view::npos) {
      entry = entry.substr(parameters + 1);
      parameters = entry.find(';');
      auto parameter = trim(entry.substr(0, parameters));
      if (parameter.size() > 2 && (parameter[0] == 'q' || parameter[0] == 'Q') && parameter[1] == '=') {
        auto number = parameter.substr(2);
        std::from_chars(number.data(), number.data() + number.size(), weight);
      }
    }
    if (coding == "gzip" || coding == "x-gzip") gzip_weight = weight;
    if (coding == "*") star_weight = weight;
  }
  return gzip_weight ? *gzip_weight > 0 : star_weight.value_or(0) > 0;
}

}  // namespace

result<static_files> static_files::load(const std::filesystem::path& root) {
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec)) {
    return error::of(error_code::not_found, "web root " + root.string() + " is not a directory");
  }
  static_files served;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root, ec)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    file f;
    f.content = content.str();
    f.content_type = std::string(content_type_of(entry.path()));
    auto compressed = gzip(f.content);
    if (!compressed.empty() && compressed.size() + 64 < f.content.size()) f.gzipped = std::move(compressed);
    f.etag = "\"" +
             std::to_string(
                 crc32(0, reinterpret_cast<const Bytef*>(f.content.data()), static_cast<uInt>(f.content.size()))) +
             "-" + std::to_string(f.content.size()) + "\"";
    auto relative = std::filesystem::relative(entry.path(), root).generic_string();
    served.files_.emplace("/" + relative, std::move(f));
  }
  if (ec) return error::of(error_code::not_found, "web root " + root.string() + ": " + ec.message());
  return served;
}

const static_files::file* static_files::find(std::string_view path) const {
  if (path == "/") path = "/index.html";
  if (auto it = files_.find(path); it != files_.end()) return &it->second;
  std::string page(path);
  page += ".html";
  if (auto it = files_.find(page); it != files_.end()) return &it->second;
  return nullptr;
}

std::optional<http_response> static_files::respond(const http_request& request) const {
  std::string_view target = request.target();
  auto query = target.find('?');
  const file* f = find(target.substr(0, query));
  if (f == nullptr) return std::nullopt;

  http_response response{http::status::ok, request.version()};
  response.set(http::field::content_type, f->content_type);
  response.set(http::field::etag, f->etag);
  // Revalidate everything: the URLs are not versioned, so a new release must be seen at once; the ETag keeps
  // the revalidation to a 304 on slow links.
  response.set(http::field::cache_control, "no-cache");
  response.set(http::field::vary, "Accept-Encoding");
  add_security_headers(response);
  if (request[http::field::if_none_match] == f->etag) {
    response.result(http::status::not_modified);
    return response;
  }
  bool compressed = !f->gzipped.empty() && accepts_gzip(request);
  if (compressed) response.set(http::field::content_encoding, "gzip");
  const std::string& body = compressed ? f->gzipped : f->content;
  if (request.method() == http::verb::head) {
    response.content_length(body.size());
  } else {
    response.body() = body;
    response.prepare_payload();
  }
  return response;
}

void add_security_headers(http_response& response) {
  // No inline script or style anywhere in the web client, so the policy can forbid both.
  response.set("Content-Security-Policy",
               "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "same-origin");
  response.set("X-Frame-Options", "DENY");
}

}  // namespace helpchat::net
