// Fuzzes the HTTP API as the server runs it: Beast's request parser with the server's limits, then check_request
// (the target parsed by Boost.URL, headers and body checked to be UTF-8) and, for what it admits, the real
// app::api_handler (with faq_api) over its real dependencies — a SQLite database in a temporary directory with the
// demo help session and moderator, the transcript writer, the chat service on one io thread, the repository's
// faq/ — built once per process. Any method, target, header and body reach it, as from a stranger.
//
// The literal cookie value FUZZ_LOGIN is replaced by the token of a live login of the demo moderator (an admin),
// so the moderators' routes (FAQ drafts) are reached past their login check.
//
// Invariants beyond "no crash, no sanitizer report":
//   - every request gets exactly one answer, within 10 s (asynchronous ones included: login, logout, drafts);
//   - never a 500: no handler throws (the guards would turn an exception into 500 `internal`);
//   - a request check_request refuses gets 400 `invalid_message`;
//   - every JSON answer parses, and every error is {"error":{"code","message"}} with a code of the closed set and a
//     non-empty message; every answer serializes.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <unistd.h>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "app/api/api_handler.hpp"
#include "app/api/faq_api.hpp"
#include "app/api/http_json.hpp"
#include "app/demo.hpp"
#include "app/faq_library.hpp"
#include "app/form_catalog.hpp"
#include "app/system_clock.hpp"
#include "auth/tokens.hpp"
#include "chat/chat_service.hpp"
#include "common/limits.hpp"
#include "end_of_input.hpp"
#include "fuzz_check.hpp"
#include "net/io_shards.hpp"
#include "protocol/event_codec.hpp"
#include "store/database.hpp"
#include "store/faq_draft_store.hpp"
#include "store/participant_store.hpp"
#include "store/session_store.hpp"
#include "store/transcript_store.hpp"
#include "store/transcript_writer.hpp"
#include "store/wal_checkpointer.hpp"

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using namespace helpchat;
using json = nlohmann::json;

constexpr std::string_view login_placeholder = "FUZZ_LOGIN";

template <class T>
T must(result<T> value) {
  FUZZ_CHECK(value.ok());
  return std::move(value).value();
}

// The API handler and everything it needs, as app::server wires them (without sockets). Never destroyed: the
// process ends with the fuzzer, and the writer and io threads need no orderly stop for that.
struct api_world {
  std::filesystem::path dir;
  std::ostringstream log_text;
  logger log{log_text, logger::level::error};
  const helpchat::limits limits;
  app::system_clock clock;
  protocol::json_event_encoder encoder;
  faq::form_model form = must(faq::form_model::load_file(HELPCHAT_SOURCE_DIR "/faq/form.json"));
  faq::entity_directory entities = must(faq::entity_directory::load_file(HELPCHAT_SOURCE_DIR "/faq/divipola.csv"));
  app::participant_directory directory;
  std::unique_ptr<store::wal_checkpointer> checkpointer;
  std::unique_ptr<store::transcript_writer> writer;
  net::io_shards shards{1};
  app::address_brake brake{limits.blocked_address_join_spacing, limits.blocked_address_slowdown};
  std::unique_ptr<app::room_hub> hub;
  std::unique_ptr<app::faq_library> library;
  std::unique_ptr<app::form_catalog> questions_catalog;
  std::unique_ptr<chat::chat_service> chat;
  std::unique_ptr<app::faq_api> faq;
  std::unique_ptr<app::similar_questions> similar;
  std::unique_ptr<app::api_handler> api;
  std::string login_token = auth::generate_token();

  api_world() {
    std::string pattern = (std::filesystem::temp_directory_path() / "helpchat-fuzz-api-XXXXXX").string();
    FUZZ_CHECK(mkdtemp(pattern.data()) != nullptr);
    dir = pattern;
    const auto file = dir / "helpchat.sqlite3";
    auto db = must(store::database::open(file));
    FUZZ_CHECK(store::migrate(db).ok());
    must(app::prepare_demo(db, clock.now(), form));
    auto reader = must(store::database::open(file));
    checkpointer = std::make_unique<store::wal_checkpointer>(must(store::database::open(file)), log,
                                                             store::wal_checkpointer::options{});
    writer = std::make_unique<store::transcript_writer>(
        std::move(db), [](const status&) {}, store::transcript_writer::options{},
        [this](std::int64_t pages) { checkpointer->after_commit(pages); });
    hub = std::make_unique<app::room_hub>(shards, limits, brake);
    auto drafts = must(store::load_faq_drafts(reader));
    library = must(app::faq_library::load(HELPCHAT_SOURCE_DIR "/faq/entries", form, drafts));
    questions_catalog = std::make_unique<app::form_catalog>(form, *library);
    chat = std::make_unique<chat::chat_service>(shards.executors(), clock, *writer, *hub, encoder, *questions_catalog,
                                                limits.questions_per_official);
    for (auto& info : must(store::load_help_sessions(reader))) {
      auto id = info.id;
      chat->add(std::move(info), must(store::load_transcript(reader, id)));
    }
    for (auto& account : must(store::load_accounts(reader))) directory.put_account(std::move(account));
    auto demo = directory.account("demo");
    FUZZ_CHECK(demo.has_value());
    directory.add_login({auth::token_digest(login_token), demo->id, clock.now() + std::chrono::hours(24 * 365)});
    faq = std::make_unique<app::faq_api>(
        app::faq_api::dependencies{*library, *chat, directory, *writer, form, clock, log}, std::move(drafts));
    writer->start(*chat);
    similar = must(app::similar_questions::create(form, *chat));
    api = std::make_unique<app::api_handler>(app::api_handler::dependencies{
        *chat, *hub, *faq, *similar, directory, *writer, *checkpointer, form, entities, clock, limits, log});
    shards.start();
  }
};

api_world& world() {
  static auto* instance = new api_world();  // NOLINT: deliberately never destroyed (see api_world)
  return *instance;
}

// One request's answer, which may come from another thread.
class answer_slot {
 public:
  void put(net::http_response response) {
    std::lock_guard lock(mutex_);
    ++answers_;
    response_ = std::move(response);
    arrived_.notify_all();
  }
  // The answer, once one has come within `timeout`; checks that exactly one came.
  net::http_response take(std::chrono::seconds timeout) {
    std::unique_lock lock(mutex_);
    FUZZ_CHECK(arrived_.wait_for(lock, timeout, [this] { return answers_ > 0; }));
    FUZZ_CHECK(answers_ == 1);
    return std::move(response_);
  }

 private:
  std::mutex mutex_;
  std::condition_variable arrived_;
  int answers_ = 0;
  net::http_response response_;
};

void check_answer(const net::http_response& response) {
  FUZZ_CHECK(response.result() != http::status::internal_server_error);
  const bool is_json = response[http::field::content_type] == "application/json; charset=utf-8";
  if (is_json && !response.body().empty()) {
    auto body = json::parse(response.body(), nullptr, false);
    FUZZ_CHECK(!body.is_discarded());
    if (response.result_int() >= 400 && response.result_int() != 409) {
      // 409 on a draft proposal answers with the existing draft; every other refusal is an error object.
      FUZZ_CHECK(body.is_object() && body.contains("error"));
      const auto& why = body["error"];
      FUZZ_CHECK(why["code"].is_string() && error_code_from_string(why["code"].get<std::string>()).has_value());
      FUZZ_CHECK(why["message"].is_string() && !why["message"].get<std::string>().empty());
    }
  }
  std::ostringstream wire;
  wire << response;
  FUZZ_CHECK(!wire.str().empty());
}

void substitute_login(net::http_request& request) {
  std::string cookie(request[http::field::cookie]);
  auto at = cookie.find(login_placeholder);
  if (at == std::string::npos) return;
  cookie.replace(at, login_placeholder.size(), world().login_token);
  request.set(http::field::cookie, cookie);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  api_world& w = world();
  beast::flat_buffer buffer;
  buffer.commit(boost::asio::buffer_copy(buffer.prepare(size), boost::asio::buffer(data, size)));
  fuzz::end_of_input stream;
  http::request_parser<http::string_body> parser;
  parser.body_limit(w.limits.max_http_body_bytes);
  parser.header_limit(static_cast<std::uint32_t>(w.limits.max_http_header_bytes));
  beast::error_code ec;
  http::read(stream, buffer, parser, ec);
  if (ec) return 0;
  net::http_request request = parser.release();
  substitute_login(request);

  auto target = net::check_request(request);
  if (!target) {
    // http_server answers this with 400 and the refusal: it must encode.
    FUZZ_CHECK(target.failure().code == error_code::invalid_message);
    check_answer(app::error_response(request, http::status::bad_request, target.failure()));
    return 0;
  }
  // Requests from a few addresses, so the login throttle is met but does not answer everything.
  const std::string remote = "127.0.0." + std::to_string(size % 4);
  net::http_context context{remote, (size & 1) != 0, std::move(target).value()};
  auto slot = std::make_shared<answer_slot>();
  w.api->handle(request, context, [slot](net::http_response response) { slot->put(std::move(response)); });
  check_answer(slot->take(std::chrono::seconds(10)));
  return 0;
}
