#include "app/server.hpp"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <ostream>

#include "app/api/api_handler.hpp"
#include "app/api/faq_api.hpp"
#include "app/catalog_sync.hpp"
#include "app/demo.hpp"
#include "app/faq_library.hpp"
#include "app/form_catalog.hpp"
#include "app/live/participant_directory.hpp"
#include "app/live/room_hub.hpp"
#include "app/live/socket_gateway.hpp"
#include "app/system_clock.hpp"
#include "chat/chat_service.hpp"
#include "faq/entity_directory.hpp"
#include "faq/form_model.hpp"
#include "net/http_server.hpp"
#include "protocol/event_codec.hpp"
#include "store/catalog_watcher.hpp"
#include "store/faq_draft_store.hpp"
#include "store/participant_store.hpp"
#include "store/session_store.hpp"
#include "store/transcript_store.hpp"
#include "store/transcript_writer.hpp"
#include "store/wal_checkpointer.hpp"

namespace helpchat::app {

namespace asio = boost::asio;

// Declared in the order they are built; destroyed in reverse.
struct server::parts {
  logger& log;
  const helpchat::limits limits;
  system_clock clock;
  protocol::json_event_encoder encoder;
  faq::form_model form;
  faq::entity_directory entities;
  participant_directory directory;
  address_brake brake{limits.blocked_address_join_spacing, limits.blocked_address_slowdown};
  std::unique_ptr<store::wal_checkpointer> checkpointer;  // outlives the writer, which reports commits to it
  std::unique_ptr<store::transcript_writer> writer;
  std::unique_ptr<net::io_shards> shards;
  std::unique_ptr<room_hub> hub;
  std::unique_ptr<faq_library> faq;
  std::unique_ptr<form_catalog> questions_catalog;
  std::unique_ptr<chat::chat_service> chat;
  std::unique_ptr<catalog_sync> catalog;  // only on the control thread
  std::unique_ptr<faq_api> faq_endpoints;
  std::unique_ptr<similar_questions> similar;
  std::unique_ptr<api_handler> api;
  std::unique_ptr<socket_gateway> gateway;
  std::unique_ptr<net::http_server> http;
  std::uint16_t port = 0;
  std::chrono::seconds drain_delay{0};

  asio::io_context control{1};  // the main thread: signals, the catalog sync and the schedule tick
  asio::signal_set signals{control, SIGINT, SIGTERM};
  asio::steady_timer tick{control};

  parts(logger& l, const helpchat::limits& lim, faq::form_model f, faq::entity_directory e)
      : log(l), limits(lim), form(std::move(f)), entities(std::move(e)) {}

  void schedule_tick() {
    tick.expires_after(std::chrono::seconds(1));
    tick.async_wait([this](boost::system::error_code ec) {
      if (ec) return;
      // First what the CLI added, so that a new help session moves along its schedule in this same tick.
      catalog->sync();
      chat->tick();
      schedule_tick();
    });
  }
};

namespace {

template <class T>
result<T> must(result<T> value, std::string_view what) {
  if (!value) return error::of(value.failure().code, std::string(what) + ": " + value.failure().message);
  return value;
}

status load_everything(store::database& db, server::parts& p) {
  auto sessions = store::load_help_sessions(db);
  if (!sessions) return sessions.failure();
  for (auto& info : *sessions) {
    auto history = store::load_transcript(db, info.id);
    if (!history) return history.failure();
    p.chat->add(std::move(info), std::move(history).value());
  }
  auto officials = store::load_officials(db);
  if (!officials) return officials.failure();
  for (auto& official : *officials) p.directory.add_official(std::move(official));
  auto accounts = store::load_accounts(db);
  if (!accounts) return accounts.failure();
  for (auto& account : *accounts) p.directory.put_account(std::move(account));
  auto logins = store::load_logins(db, p.clock.now());
  if (!logins) return logins.failure();
  for (auto& login : *logins) p.directory.add_login(std::move(login));
  return done{};
}

}  // namespace

server::server(std::unique_ptr<parts> p) : parts_(std::move(p)) {}

server::~server() = default;

std::uint16_t server::port() const { return parts_->port; }

result<std::unique_ptr<server>> server::start(const config::settings& settings, logger& log, std::ostream& out) {
  std::error_code ec;
  std::filesystem::create_directories(settings.data_dir, ec);
  if (ec)
    return error::of(error_code::unavailable, "cannot create " + settings.data_dir.string() + ": " + ec.message());

  auto db = must(store::database::open(settings.database_file()), "database");
  if (!db) return db.failure();
  if (auto migrated = store::migrate(*db); !migrated) return migrated.failure();

  auto form = must(faq::form_model::load_file(settings.faq_dir / "form.json"), "form model");
  if (!form) return form.failure();
  auto entities = must(faq::entity_directory::load_file(settings.faq_dir / "divipola.csv"), "DIVIPOLA");
  if (!entities) return entities.failure();
  auto files = must(net::static_files::load(settings.web_root), "web client");
  if (!files) return files.failure();

  auto p = std::make_unique<parts>(log, settings.limits, std::move(form).value(), std::move(entities).value());

  if (settings.demo) {
    auto demo = prepare_demo(*db, p->clock.now(), p->form);
    if (!demo) return demo.failure();
    out << "demo session: id=" << demo->session.value << '\n';
    out << "demo moderator: username=" << demo->username << " password=" << demo->password << '\n';
    for (const auto& account : demo->agency_moderators) {
      out << "demo agency moderator: agency=" << account.agency << " username=" << account.username
          << " password=" << account.password << '\n';
    }
  }

  auto reader = must(store::database::open(settings.database_file()), "database");
  if (!reader) return reader.failure();

  auto checkpoints = must(store::database::open(settings.database_file()), "database");
  if (!checkpoints) return checkpoints.failure();
  p->checkpointer = std::make_unique<store::wal_checkpointer>(std::move(checkpoints).value(), log,
                                                              store::wal_checkpointer::options{});
  p->writer = std::make_unique<store::transcript_writer>(
      std::move(db).value(),
      [&log](const status& health) {
        if (health) {
          log.info("storage_recovered");
        } else {
          log.error("storage_failed", {{"reason", health.failure().message}});
        }
      },
      store::transcript_writer::options{.retry_for = settings.storage_retry},
      [checkpointer = p->checkpointer.get()](std::int64_t pages) { checkpointer->after_commit(pages); });
  p->shards = std::make_unique<net::io_shards>(settings.threads);
  p->hub = std::make_unique<room_hub>(*p->shards, settings.limits, p->brake);
  auto drafts = must(store::load_faq_drafts(*reader), "FAQ drafts");
  if (!drafts) return drafts.failure();
  auto library = must(faq_library::load(settings.faq_dir / "entries", p->form, *drafts), "FAQ");
  if (!library) return library.failure();
  p->faq = std::move(library).value();
  p->questions_catalog = std::make_unique<form_catalog>(p->form, *p->faq);
  p->chat = std::make_unique<chat::chat_service>(
      p->shards->executors(), p->clock, *p->writer, *p->hub, p->encoder, *p->questions_catalog,
      settings.limits.questions_per_official,
      chat::routing_settings{chat::routing_policy{settings.assignment_cap}, settings.assignment_grace});
  // The watcher takes its first look before load_everything(): what the CLI commits in between is then loaded or
  // reported (or both: catalog_sync skips what is hosted already), never neither.
  auto watched = must(store::database::open(settings.database_file()), "database");
  if (!watched) return watched.failure();
  auto watcher = must(store::catalog_watcher::open(std::move(watched).value()), "catalog");
  if (!watcher) return watcher.failure();
  if (auto loaded = load_everything(*reader, *p); !loaded) return loaded.failure();
  p->catalog = std::make_unique<catalog_sync>(std::move(watcher).value(),
                                              catalog_sync::dependencies{*p->chat, p->directory, *p->hub, log});
  p->faq_endpoints = std::make_unique<faq_api>(
      faq_api::dependencies{*p->faq, *p->chat, p->directory, *p->writer, p->form, p->clock, log}, std::move(*drafts));
  p->writer->start(*p->chat);
  auto similar = must(similar_questions::create(p->form, *p->chat), "similar questions");
  if (!similar) return similar.failure();
  p->similar = std::move(similar).value();

  p->api = std::make_unique<api_handler>(api_handler::dependencies{*p->chat, *p->hub, *p->faq_endpoints, *p->similar,
                                                                   p->directory, *p->writer, *p->checkpointer, p->form,
                                                                   p->entities, p->clock, p->limits, log});
  p->gateway = std::make_unique<socket_gateway>(socket_gateway::dependencies{
      *p->shards, *p->hub, p->brake, *p->chat, p->directory, *p->writer, p->entities, p->clock, p->limits, log});

  net::server_options options;
  options.bind_address = settings.bind;
  options.port = settings.port;
  options.allowed_origins = settings.allowed_origins;
  options.limits = settings.limits;
  if (settings.tls_certificate) options.tls = net::tls_files{*settings.tls_certificate, *settings.tls_key};
  p->http =
      std::make_unique<net::http_server>(*p->shards, options, std::move(files).value(), *p->api, *p->gateway, log);
  auto port = p->http->listen();
  if (!port) return port.failure();
  p->port = *port;
  p->drain_delay = settings.drain_delay;

  // Bring every help session up to the state its schedule says, committed, before anyone connects.
  p->shards->start();
  p->chat->tick();
  p->chat->quiesce(std::chrono::seconds(10));
  p->writer->flush(std::chrono::seconds(10));
  p->http->start_accepting();
  p->schedule_tick();

  std::string host = settings.bind.find(':') != std::string::npos ? "[" + settings.bind + "]" : settings.bind;
  out << "listening on " << (settings.tls_certificate ? "https" : "http") << "://" << host << ':' << p->port
      << std::endl;
  log.info("listening", {{"address", settings.bind}, {"port", p->port}, {"threads", settings.threads}});
  return std::unique_ptr<server>(new server(std::move(p)));
}

void server::run_until_stopped() {
  auto& p = *parts_;
  p.signals.async_wait([&p](boost::system::error_code ec, int signal) {
    if (!ec) p.log.info("signal", {{"signal", signal}});
    p.tick.cancel();
  });
  p.control.run();

  p.log.info("draining", {{"delay_seconds", p.drain_delay.count()}});
  p.api->set_draining();
  std::this_thread::sleep_for(p.drain_delay);
  p.http->stop_accepting();
  // Nothing new is taken; what was taken is decided, committed and published — its acks queue on the shards
  // before the close frames, so a client hears about everything that was recorded for it.
  p.gateway->stop_taking_commands();
  p.chat->quiesce(std::chrono::seconds(5));
  if (!p.writer->flush(std::chrono::seconds(10))) p.log.error("shutdown_flush_timed_out");
  p.hub->close_all(net::close_code::going_away, "El servidor se está reiniciando; vuelva a conectarse.");
  // The io threads finish the close handshakes, cut short after the deadline for clients that do not answer.
  p.writer->stop();
  p.checkpointer->stop();
  p.shards->stop_within(std::chrono::seconds(5));
  p.log.info("stopped");
}

void server::stop() {
  asio::post(parts_->control, [this] {
    parts_->signals.cancel();
    parts_->tick.cancel();
  });
}

}  // namespace helpchat::app
