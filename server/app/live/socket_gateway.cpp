#include "app/live/socket_gateway.hpp"

#include "auth/tokens.hpp"
#include "protocol/server_message.hpp"

namespace helpchat::app {
namespace {

const std::string& cid_of(const protocol::client_message& message) {
  return std::visit([](const auto& decoded) -> const std::string& { return decoded.cid; }, message);
}

}  // namespace

socket_gateway::socket_gateway(dependencies deps) : deps_(deps) {
  for (std::size_t i = 0; i < deps_.shards.size(); ++i) connections_.push_back(std::make_unique<shard_connections>());
}

void socket_gateway::on_open(net::connection& c) {
  member& m = deps_.hub.connect(c);
  connections_[c.shard()]->states.emplace(std::piecewise_construct, std::forward_as_tuple(c.id()),
                                          std::forward_as_tuple(c, m, deps_.limits.commands_per_connection));
}

void socket_gateway::on_close(net::connection& c) {
  if (connection_state* s = find(c.id()); s != nullptr && s->membership.who) {
    deps_.chat.leave(s->membership.session, s->membership.who->id);
  }
  connections_[c.shard()]->states.erase(c.id());
  deps_.hub.disconnect(c);
}

socket_gateway::connection_state* socket_gateway::find(connection_id id) {
  auto& states = connections_[room_hub::shard_of(id)]->states;
  auto it = states.find(id);
  return it == states.end() ? nullptr : &it->second;
}

void socket_gateway::on_drained(net::connection& c) { deps_.hub.drained(c); }

void socket_gateway::refuse(net::connection& c, const std::string& cid, const error& why) {
  deps_.hub.refuse_now(c, cid, why);
}

socket_gateway::charge socket_gateway::charge_budget(connection_state& s) {
  if (s.command_budget.take(token_bucket::steady_now())) {
    s.refusals_in_a_row = 0;
    return charge::taken;
  }
  if (++s.refusals_in_a_row < deps_.limits.refusals_before_close) return charge::refused;
  auto& c = s.connection;
  deps_.log.warn("flood_closed", {{"connection", c.id().value}, {"remote", std::string(c.remote_address())}});
  c.close(net::close_code::policy_violation, "Demasiados mensajes.");
  return charge::flood_closed;
}

bool socket_gateway::on_ping(net::connection& c) {
  // A refused ping is simply not answered: a pong is what it asked for.
  connection_state* s = find(c.id());
  return s != nullptr && charge_budget(*s) == charge::taken;
}

void socket_gateway::on_message(net::connection& c, std::string_view text) {
  // A bug in handling one message must not end the process and every other connection with it.
  try {
    handle_message(c, text);
  } catch (const std::exception& e) {
    deps_.log.error("message_handler_threw", {{"connection", c.id().value}, {"what", e.what()}});
    refuse(c, {}, error::of(error_code::internal));
  }
}

void socket_gateway::handle_message(net::connection& c, std::string_view text) {
  connection_state* s = find(c.id());
  if (s == nullptr) return;
  switch (charge_budget(*s)) {
    case charge::taken:
      break;
    case charge::refused:
      // Too fast. Say so (without decoding: that is the work being limited); a client that keeps going is closed.
      return refuse(c, {}, error::of(error_code::rate_limited));
    case charge::flood_closed:
      return;
  }
  auto message = protocol::decode_client_message(text);
  if (s->joining) {
    auto cid = cid_of(message);
    if (!s->joining->push(std::move(message), text.size())) {
      return refuse(c, cid,
                    error::of(error_code::rate_limited,
                              "Envió demasiados mensajes antes de la bienvenida; espérela y vuelva a enviarlos."));
    }
    return;
  }
  handle(*s, std::move(message));
}

void socket_gateway::handle(connection_state& s, protocol::client_message message) {
  auto& c = s.connection;
  const member& m = s.membership;
  if (!taking_commands_) {
    return refuse(c, cid_of(message),
                  error::of(error_code::unavailable, "El servidor se está reiniciando; reconecte en un momento."));
  }
  if (auto* failure = std::get_if<protocol::decode_failure>(&message)) return refuse(c, failure->cid, failure->why);
  if (auto* join = std::get_if<protocol::join_request>(&message)) return start_join(s, std::move(*join));

  auto& request = std::get<protocol::command_request>(message);
  if (!m.who) return refuse(c, request.cid, error::of(error_code::not_joined));
  deps_.chat.submit(m.session, c.id(), *m.who, std::move(request.cid), std::move(request.command));
}

void socket_gateway::start_join(connection_state& s, protocol::join_request join) {
  auto& c = s.connection;
  const member& m = s.membership;
  if (m.who) return refuse(c, join.cid, error::of(error_code::already_joined));
  if (!deps_.chat.view(join.session)) return refuse(c, join.cid, error::of(error_code::unknown_session));

  if (join.as == auth::role::moderator) {
    auto account = c.session_cookie().empty()
                       ? std::nullopt
                       : deps_.directory.logged_in(auth::token_digest(c.session_cookie()), deps_.clock.now());
    if (!account) {
      return refuse(c, join.cid, error::of(error_code::unauthenticated, "Inicie sesión como moderador para ingresar."));
    }
    return complete_join(c.id(), std::make_shared<const chat::participant>(account->who), join, {});
  }
  if (join.token) {
    auto who = deps_.directory.official(auth::token_digest(*join.token), join.session);
    if (!who) {
      return refuse(c, join.cid,
                    error::of(error_code::unauthenticated,
                              "No encontramos su registro en esta sesión; ingrese sus datos de nuevo."));
    }
    if (deps_.chat.is_blocked(join.session, who->id)) {
      return refuse(
          c, join.cid,
          error::of(error_code::forbidden, "Su participación en esta sesión fue bloqueada por un moderador."));
    }
    return complete_join(c.id(), std::move(who), join, *join.token);
  }
  // Only new registrations wait: officials rejoining with their token are known, whatever address they share.
  if (!deps_.brake.admit(c.remote_address(), std::chrono::steady_clock::now())) {
    return refuse(c, join.cid,
                  error::of(error_code::rate_limited,
                            "Hay demasiados ingresos desde su conexión; espere unos segundos e intente de nuevo."));
  }
  register_official(s, std::move(join));
}

void socket_gateway::register_official(connection_state& s, protocol::join_request join) {
  auto& c = s.connection;
  const auto& form = *join.official;
  auto entity_name = deps_.entities.entity_name(chat::to_string(form.entity), form.dane_code);
  if (!entity_name) {
    return refuse(
        c, join.cid,
        error::of(error_code::unknown_entity,
                  form.entity == chat::entity_type::alcaldia
                      ? "El código DANE «" + form.dane_code + "» no corresponde a un municipio con alcaldía."
                      : "El código DANE «" + form.dane_code + "» no corresponde a un departamento con gobernación."));
  }
  chat::participant who;
  who.role = auth::role::official;
  who.name = form.name;
  who.official = {form.position, form.entity, form.dane_code, std::move(*entity_name)};
  auto token = auth::generate_token();
  auto digest = auth::token_digest(token);
  s.joining =
      std::make_unique<join_queue>(deps_.limits.max_commands_while_joining, deps_.limits.max_bytes_while_joining);

  auto saved = std::make_shared<store::official_row>(store::official_row{std::move(who), join.session, digest});
  auto now = deps_.clock.now();
  auto id = c.id();
  deps_.writer.run(
      [saved, now](store::database& db) -> status {
        auto inserted = store::insert_official(db, saved->who, saved->session, saved->token_digest, now);
        if (!inserted) return inserted.failure();
        saved->who.id = *inserted;
        return done{};
      },
      [this, saved, id, join = std::move(join), token = std::move(token)](status outcome) mutable {
        // On the writer thread: the official is durable (or not); continue on the connection's shard.
        std::shared_ptr<const chat::participant> who;
        if (outcome) who = deps_.directory.add_official(std::move(*saved));
        deps_.shards.post(room_hub::shard_of(id), [this, who, id, join = std::move(join), token = std::move(token),
                                                   outcome = std::move(outcome)] {
          if (!outcome) {
            deps_.log.error("official_not_saved", {{"reason", outcome.failure().message}});
            fail_join(id, join.cid, error::of(error_code::unavailable));
            return;
          }
          complete_join(id, who, join, token);
        });
      });
}

void socket_gateway::complete_join(connection_id id, std::shared_ptr<const chat::participant> who,
                                   const protocol::join_request& join, const std::string& token) {
  connection_state* s = find(id);
  if (s == nullptr) return;  // the connection closed meanwhile; the official can rejoin with the token
  auto view = deps_.chat.view(join.session);
  auto log = deps_.chat.log_of(join.session);
  if (!view || !log) return fail_join(id, join.cid, error::of(error_code::unknown_session));
  auto welcome = protocol::encode_welcome(view->info, view->state, *who, token, join.cid);
  deps_.log.debug("joined",
                  {{"connection", id.value}, {"participant", who->id.value}, {"session", join.session.value}});
  auto queued = std::move(s->joining);
  deps_.chat.join(join.session, *who);
  deps_.hub.enter(s->membership, std::move(who), join.session, welcome, std::move(log), join.since);
  if (!queued) return;
  for (auto& message : queued->take()) {
    s = find(id);  // a refusal may have closed the connection
    if (s == nullptr) return;
    handle(*s, std::move(message));
  }
}

void socket_gateway::fail_join(connection_id id, const std::string& join_cid, const error& why) {
  connection_state* s = find(id);
  if (s == nullptr) return;
  auto queued = std::move(s->joining);
  refuse(s->connection, join_cid, why);
  if (!queued) return;
  for (auto& message : queued->take()) {
    // A frame that could not be decoded keeps its own refusal; every command shares the join's.
    auto* failure = std::get_if<protocol::decode_failure>(&message);
    refuse(s->connection, cid_of(message), failure != nullptr ? failure->why : why);
  }
}

}  // namespace helpchat::app
