#include "protocol/server_message.hpp"

#include <nlohmann/json.hpp>

#include "protocol/client_message.hpp"

namespace helpchat::protocol {
namespace {

using ordered = nlohmann::ordered_json;

std::string dump(const ordered& j) { return j.dump(-1, ' ', false, ordered::error_handler_t::replace); }

ordered session_json(const chat::help_session_info& info, chat::session_state state) {
  return ordered{{"id", info.id.value},
                 {"title", info.title},
                 {"state", chat::to_string(state)},
                 {"opens_at", format_utc(info.when.opens_at)},
                 {"starts_at", format_utc(info.when.starts_at)},
                 {"ends_at", format_utc(info.when.ends_at)},
                 {"archives_at", format_utc(info.when.archives_at)},
                 {"time_zone", info.time_zone}};
}

}  // namespace

std::string encode_welcome(const chat::help_session_info& info, chat::session_state state, const chat::participant& you,
                           const std::string& token, const std::string& cid) {
  ordered who{{"participant", you.id.value}, {"role", auth::to_string(you.role)}, {"name", you.name}};
  if (you.role == auth::role::official) {
    who["position"] = you.official.position;
    who["entity_type"] = chat::to_string(you.official.entity);
    who["dane_code"] = you.official.dane_code;
    who["entity_name"] = you.official.entity_name.str();
  } else {
    who["agency"] = you.agency;
  }
  ordered out{{"type", "welcome"}, {"v", version}, {"session", session_json(info, state)}, {"you", std::move(who)}};
  if (!token.empty()) out["token"] = token;
  if (!cid.empty()) out["cid"] = cid;
  return dump(out);
}

std::string encode_synced(seq_t last_seq) { return dump(ordered{{"type", "synced"}, {"last_seq", last_seq}}); }

std::string encode_ack(const std::string& cid, seq_t seq) {
  return dump(ordered{{"type", "ack"}, {"cid", cid}, {"seq", seq}});
}

std::string encode_error(const std::string& cid, const error& why) {
  ordered out{{"type", "error"}};
  if (!cid.empty()) out["cid"] = cid;
  out["code"] = to_string(why.code);
  out["message"] = why.message;
  if (why.code == error_code::unsupported_version) out["versions"] = {version};
  return dump(out);
}

std::string encode_session_summary(const chat::help_session_info& info, chat::session_state state) {
  return dump(session_json(info, state));
}

}  // namespace helpchat::protocol
