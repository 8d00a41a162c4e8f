#include "chat/help_session.hpp"

#include "common/overloaded.hpp"

#include <algorithm>
#include <cassert>

namespace helpchat::chat {
namespace {

std::string cid_key(participant_id who, std::string_view cid) {
  std::string key = std::to_string(who.value);
  key += ':';
  key += cid;
  return key;
}

moderator_ref moderator_of(const participant& who) { return {who.id, who.name, who.agency}; }

}  // namespace

help_session::help_session(help_session_info info, const catalog& catalog)
    : info_(std::move(info)), catalog_(&catalog) {}

int help_session::open_assignments(participant_id moderator) const {
  auto it = moderators_.find(moderator);
  return it == moderators_.end() ? 0 : it->second.open_assignments;
}

bool help_session::is_paused(participant_id moderator) const {
  auto it = moderators_.find(moderator);
  return it != moderators_.end() && it->second.paused;
}

std::optional<event> help_session::next_assignment(const presence& present, const routing_policy& policy,
                                                   utc_time now) const {
  if (!accepts_questions(state_) || present.staff().empty()) return std::nullopt;
  std::vector<moderator_availability> moderators;
  moderators.reserve(present.staff().size());
  for (const auto& [id, connected] : present.staff()) {
    // Admins oversee every queue; routing hands work to moderators only.
    if (connected.who.role != auth::role::moderator) continue;
    moderator_availability m{id, connected.who.agency, connected.who.sections};
    if (auto load = moderators_.find(id); load != moderators_.end()) {
      m.open_assignments = load->second.open_assignments;
      m.last_assigned = load->second.last_assigned;
      m.paused = load->second.paused;
    }
    moderators.push_back(std::move(m));
  }
  auto chosen = chat::next_assignment(moderators, questions_, policy);
  if (!chosen) return std::nullopt;
  const participant& who = present.staff().at(chosen->moderator).who;
  return next_event(question_claimed{chosen->question, moderator_of(who), /*automatic=*/true}, now);
}

std::optional<event> help_session::next_release(const presence& present, std::chrono::seconds grace,
                                                utc_time now) const {
  for (const auto& [id, load] : moderators_) {
    if (load.open_assignments == 0) continue;
    auto away = present.away_since(id);
    if (!away || now - *away < grace) continue;
    for (const auto& [held, q] : questions_.all()) {
      if (q.state == question_state::assigned && q.holder == id) {
        return next_event(question_released{held, load.who, release_reason::moderator_left}, now);
      }
    }
  }
  return std::nullopt;
}

std::optional<seq_t> help_session::find_duplicate(participant_id who, std::string_view cid) const {
  auto it = applied_cids_.find(cid_key(who, cid));
  if (it == applied_cids_.end()) return std::nullopt;
  return it->second;
}

event help_session::next_event(event_body body, utc_time now) const {
  return event{last_seq_ + 1, now, std::move(body), std::nullopt};
}

std::optional<event> help_session::advance(utc_time now) const {
  auto due = transition_due(info_.when, state_, now);
  if (!due) return std::nullopt;
  return next_event(session_state_changed{state_, *due}, now);
}

result<event> help_session::decide(const participant& who, const command& cmd, std::string cid, utc_time now) const {
  // The gateway closes a blocked official's connections and refuses their token; this covers a command already
  // on its way.
  if (is_blocked(who.id)) {
    return error::of(error_code::forbidden, "Su participación en esta sesión fue bloqueada por un moderador.");
  }
  result<event> decided =
      std::holds_alternative<ask>(cmd) ? decide_ask(who, std::get<ask>(cmd)) : decide_on_question(who, cmd);
  if (!decided) return decided;
  decided->seq = last_seq_ + 1;
  decided->at = now;
  decided->origin = event_origin{who.id, std::move(cid)};
  return decided;
}

result<event> help_session::decide_ask(const participant& who, const ask& cmd) const {
  if (!auth::is_allowed(who.role, auth::action::ask)) {
    return error::of(error_code::forbidden, "Solo los funcionarios de las entidades pueden hacer preguntas.");
  }
  if (!accepts_questions(state_)) {
    return error::of(error_code::session_not_open, state_ == session_state::scheduled
                                                       ? "La sesión de ayuda aún no recibe preguntas."
                                                       : "La sesión de ayuda ya terminó; no recibe preguntas.");
  }
  auto route = catalog_->locate(cmd.field);
  if (!route) {
    return error::of(error_code::unknown_field, "El campo «" + cmd.field + "» no existe en el formulario.");
  }
  if (cmd.resolved_by_faq && !catalog_->has_faq_entry(*cmd.resolved_by_faq)) {
    return error::of(error_code::unknown_faq);
  }
  return event{0,
               {},
               question_asked{std::move(route->field), std::move(route->section), std::move(route->agency), cmd.text,
                              asker_ref{who.id, who.name, who.official}, cmd.resolved_by_faq},
               std::nullopt};
}

result<const question*> help_session::open_question_for_moderator(const participant& who, question_id id) const {
  if (!accepts_questions(state_)) {
    return error::of(error_code::session_not_open, "La sesión de ayuda está cerrada; es de solo lectura.");
  }
  const question* q = find(id);
  if (q == nullptr) return error::of(error_code::unknown_question);
  if (is_final(q->state)) return error::of(error_code::question_closed);
  bool holds_it = q->holder && *q->holder == who.id;
  if (!holds_it && !auth::may_act_on_queue(who.role, who.agency, q->agency)) {
    return error::of(error_code::forbidden,
                     "Esta pregunta está en la cola de otra entidad; transfiérala o pida a un administrador.");
  }
  if (q->holder && !holds_it && who.role != auth::role::admin) {
    return error::of(error_code::question_taken);
  }
  return q;
}

result<event> help_session::decide_on_question(const participant& who, const command& cmd) const {
  auto refuse_role = [&](auth::action what) -> std::optional<error> {
    if (auth::is_allowed(who.role, what)) return std::nullopt;
    return error::of(error_code::forbidden);
  };
  auto make = [](event_body body) { return event{0, {}, std::move(body), std::nullopt}; };

  return std::visit(
      overloaded{
          [&](const ask&) -> result<event> { return error::of(error_code::internal); },
          [&](const claim& c) -> result<event> {
            if (auto no = refuse_role(auth::action::claim)) return *no;
            auto q = open_question_for_moderator(who, c.question);
            if (!q) return q.failure();
            if ((*q)->holder && *(*q)->holder == who.id) {
              return error::of(error_code::question_taken, "Usted ya tomó esta pregunta.");
            }
            return make(question_claimed{c.question, moderator_of(who)});
          },
          [&](const answer& a) -> result<event> {
            if (auto no = refuse_role(auth::action::answer)) return *no;
            auto q = open_question_for_moderator(who, a.question);
            if (!q) return q.failure();
            return make(
                question_answered{a.question, a.scope, a.text, moderator_of(who), (*q)->asker, (*q)->co_askers});
          },
          [&](const transfer& t) -> result<event> {
            if (auto no = refuse_role(auth::action::transfer)) return *no;
            auto q = open_question_for_moderator(who, t.question);
            if (!q) return q.failure();
            if (!catalog_->is_agency(t.agency)) {
              return error::of(error_code::invalid_message, "La entidad «" + t.agency + "» no existe.");
            }
            if ((*q)->agency == t.agency) {
              return error::of(error_code::invalid_message, "La pregunta ya está en la cola de esa entidad.");
            }
            if (t.reason.find_first_not_of(" \t\n") == std::string::npos) {
              return error::of(error_code::invalid_message,
                               "Indique el motivo de la transferencia: la entidad que la recibe lo verá.");
            }
            return make(question_transferred{t.question, (*q)->agency, t.agency, moderator_of(who), t.reason});
          },
          [&](const merge& m) -> result<event> {
            if (auto no = refuse_role(auth::action::merge)) return *no;
            auto q = open_question_for_moderator(who, m.question);
            if (!q) return q.failure();
            const question* target = find(m.into);
            if (target == nullptr) return error::of(error_code::unknown_question, "La pregunta destino no existe.");
            if (m.into == m.question) {
              return error::of(error_code::invalid_message, "Una pregunta no puede unirse consigo misma.");
            }
            if (target->state == question_state::merged || target->state == question_state::dismissed) {
              return error::of(error_code::question_closed,
                               "La pregunta destino fue descartada o unida a otra; elija la original.");
            }
            return make(question_merged{m.question, m.into, moderator_of(who)});
          },
          [&](const dismiss& d) -> result<event> {
            if (auto no = refuse_role(auth::action::dismiss)) return *no;
            auto q = open_question_for_moderator(who, d.question);
            if (!q) return q.failure();
            return make(question_dismissed{d.question, d.reason, moderator_of(who)});
          },
          [&](const resolve_by_faq& r) -> result<event> {
            if (auto no = refuse_role(auth::action::resolve_by_faq)) return *no;
            if (!accepts_questions(state_)) return error::of(error_code::session_not_open);
            if (!catalog_->has_faq_entry(r.faq)) return error::of(error_code::unknown_faq);
            const question* q = find(r.question);
            if (q == nullptr) return error::of(error_code::unknown_question);
            if (q->asker != who.id) {
              return error::of(error_code::forbidden, "Solo quien hizo la pregunta puede cerrarla con el FAQ.");
            }
            if (is_final(q->state)) return error::of(error_code::question_closed);
            return make(question_answered_by_faq{r.question, r.faq});
          },
          [&](const join_question& j) { return decide_join(who, j); },
          [&](const reopen& r) { return decide_reopen(who, r); },
          [&](const correct_answer& c) { return decide_correction(who, c); },
          [&](const consult& c) { return decide_consult(who, c); },
          [&](const suggest& c) { return decide_suggestion(who, c); },
          [&](const block& c) { return decide_block(who, c); },
          [&](const unblock& c) { return decide_unblock(who, c); },
          [&](const pause_assignment& p) -> result<event> {
            if (auto no = refuse_role(auth::action::pause_assignment)) return *no;
            if (state_ == session_state::archived) {
              return error::of(error_code::session_not_open, "La sesión de ayuda está archivada.");
            }
            if (is_paused(who.id) == p.paused) {
              return error::of(error_code::invalid_message, p.paused ? "Su asignación automática ya está en pausa."
                                                                     : "Su asignación automática ya está activa.");
            }
            return make(moderator_paused{moderator_of(who), p.paused});
          },
      },
      cmd);
}

result<event> help_session::decide_join(const participant& who, const join_question& cmd) const {
  if (!auth::is_allowed(who.role, auth::action::join_question)) {
    return error::of(error_code::forbidden, "Solo los funcionarios de las entidades pueden sumarse a una pregunta.");
  }
  if (!accepts_questions(state_)) {
    return error::of(error_code::session_not_open, "La sesión de ayuda no recibe preguntas ahora.");
  }
  const question* q = find(cmd.question);
  if (q == nullptr) return error::of(error_code::unknown_question);
  if (is_final(q->state)) {
    return error::of(error_code::question_closed,
                     "Esa pregunta ya fue respondida o cerrada; si su duda sigue, escríbala como pregunta nueva.");
  }
  if (q->asker == who.id) return error::of(error_code::invalid_message, "Usted hizo esta pregunta; ya la sigue.");
  if (std::find(q->co_askers.begin(), q->co_askers.end(), who.id) != q->co_askers.end()) {
    return error::of(error_code::invalid_message, "Usted ya se sumó a esta pregunta.");
  }
  return event{0, {}, question_joined{cmd.question, asker_ref{who.id, who.name, who.official}}, std::nullopt};
}

result<event> help_session::decide_reopen(const participant& who, const reopen& cmd) const {
  if (!auth::is_allowed(who.role, auth::action::reopen)) return error::of(error_code::forbidden);
  if (!accepts_questions(state_)) {
    return error::of(error_code::session_not_open, "La sesión de ayuda está cerrada; es de solo lectura.");
  }
  const question* q = find(cmd.question);
  if (q == nullptr) return error::of(error_code::unknown_question);
  if (q->state != question_state::dismissed) {
    return error::of(error_code::invalid_message, "Solo se puede reabrir una pregunta descartada.");
  }
  if (q->hidden) {
    return error::of(error_code::invalid_message,
                     "Esta pregunta se ocultó al bloquear a quien la hizo; no se puede reabrir.");
  }
  if (!auth::may_act_on_queue(who.role, who.agency, q->agency)) {
    return error::of(error_code::forbidden, "Esta pregunta es de la cola de otra entidad.");
  }
  return event{0, {}, question_reopened{cmd.question, moderator_of(who)}, std::nullopt};
}

result<event> help_session::decide_correction(const participant& who, const correct_answer& cmd) const {
  if (!auth::is_allowed(who.role, auth::action::correct_answer)) return error::of(error_code::forbidden);
  // A closed session still takes corrections: the written follow-up is read after the live hours.
  if (state_ == session_state::archived) {
    return error::of(error_code::session_not_open, "La sesión de ayuda está archivada; su transcripción ya no cambia.");
  }
  auto sent = answers_.find(cmd.answer);
  if (sent == answers_.end()) {
    return error::of(error_code::unknown_question, "Esa respuesta no existe en esta sesión de ayuda.");
  }
  const sent_answer& original = sent->second;
  bool may_correct = who.role == auth::role::admin || original.author == who.id || original.agency == who.agency;
  if (!may_correct) {
    return error::of(
        error_code::forbidden,
        "Solo quien respondió, un moderador de su entidad o un administrador puede corregir la respuesta.");
  }
  const question* q = find(original.question);
  return event{0,
               {},
               answer_corrected{original.question, cmd.answer, cmd.text, moderator_of(who), original.scope, q->asker,
                                q->co_askers},
               std::nullopt};
}

result<event> help_session::decide_consult(const participant& who, const consult& cmd) const {
  if (!auth::is_allowed(who.role, auth::action::consult)) return error::of(error_code::forbidden);
  auto q = open_question_for_moderator(who, cmd.question);
  if (!q) return q.failure();
  if (!catalog_->is_agency(cmd.agency) || cmd.agency == auth::triage_agency) {
    return error::of(error_code::invalid_message, "La entidad «" + cmd.agency + "» no existe.");
  }
  if (cmd.agency == who.agency || cmd.agency == (*q)->agency) {
    return error::of(error_code::invalid_message,
                     "Consulte a otra entidad: la suya (o la dueña de la pregunta) ya puede responderla.");
  }
  if (cmd.note.find_first_not_of(" \t\n") == std::string::npos) {
    return error::of(error_code::invalid_message, "Escriba qué necesita saber la entidad consultada.");
  }
  return event{0, {}, question_consulted{cmd.question, cmd.agency, cmd.note, moderator_of(who)}, std::nullopt};
}

result<event> help_session::decide_suggestion(const participant& who, const suggest& cmd) const {
  if (!auth::is_allowed(who.role, auth::action::suggest)) return error::of(error_code::forbidden);
  if (!accepts_questions(state_)) {
    return error::of(error_code::session_not_open, "La sesión de ayuda está cerrada; es de solo lectura.");
  }
  const question* q = find(cmd.question);
  if (q == nullptr) return error::of(error_code::unknown_question);
  if (is_final(q->state)) return error::of(error_code::question_closed);
  bool consulted = std::find(q->consulted.begin(), q->consulted.end(), who.agency) != q->consulted.end();
  if (!consulted && who.role != auth::role::admin) {
    return error::of(error_code::forbidden,
                     "Solo la entidad consultada sobre esta pregunta puede sugerir una respuesta.");
  }
  return event{0, {}, answer_suggested{cmd.question, cmd.text, moderator_of(who)}, std::nullopt};
}

result<event> help_session::decide_block(const participant& who, const block& cmd) const {
  if (!auth::is_allowed(who.role, auth::action::block)) return error::of(error_code::forbidden);
  if (state_ == session_state::archived) {
    return error::of(error_code::session_not_open, "La sesión de ayuda está archivada.");
  }
  auto official = officials_.find(cmd.official);
  if (official == officials_.end()) {
    // Staff never ask or join a question, so they are never found here: blocking one is refused with the rest.
    return error::of(
        error_code::forbidden,
        "Solo se puede bloquear a un funcionario que haya preguntado en esta sesión; nunca a un moderador.");
  }
  if (is_blocked(cmd.official)) return error::of(error_code::invalid_message, "Ese funcionario ya está bloqueado.");
  if (cmd.reason.find_first_not_of(" \t\n") == std::string::npos) {
    return error::of(error_code::invalid_message, "Indique el motivo del bloqueo: queda en la transcripción.");
  }
  official_blocked blocked{official->second, cmd.reason, moderator_of(who)};
  for (const auto& [id, q] : questions_.all()) {
    if (q.asker == cmd.official && !is_final(q.state)) blocked.hidden.push_back(id);
  }
  std::sort(blocked.hidden.begin(), blocked.hidden.end());
  return event{0, {}, std::move(blocked), std::nullopt};
}

result<event> help_session::decide_unblock(const participant& who, const unblock& cmd) const {
  if (!auth::is_allowed(who.role, auth::action::unblock)) {
    return error::of(error_code::forbidden, "Solo un administrador puede desbloquear a un funcionario.");
  }
  if (state_ == session_state::archived) {
    return error::of(error_code::session_not_open, "La sesión de ayuda está archivada.");
  }
  if (!is_blocked(cmd.official)) return error::of(error_code::invalid_message, "Ese funcionario no está bloqueado.");
  return event{0, {}, official_unblocked{cmd.official, moderator_of(who)}, std::nullopt};
}

void help_session::close(question_id id, question_state final_state) {
  questions_.update(id, [&](question& q) { q.state = final_state; });
}

void help_session::apply(const event& e) {
  assert(e.seq == last_seq_ + 1 && "events are applied in seq order, with no gaps");
  last_seq_ = e.seq;
  if (e.origin) applied_cids_.emplace(cid_key(e.origin->participant, e.origin->cid), e.seq);

  // Open assignments follow from each question's holder before and after the event, whatever the event is.
  auto held_by = [&](question_id id) -> std::optional<participant_id> {
    const question* q = find(id);
    if (q == nullptr || q->state != question_state::assigned) return std::nullopt;
    return q->holder;
  };
  auto touched = questions_touched_by(e);
  std::vector<std::optional<participant_id>> held_before;
  held_before.reserve(touched.size());
  for (auto id : touched) held_before.push_back(held_by(id));
  apply_body(e);
  for (std::size_t i = 0; i < touched.size(); ++i) {
    auto held_after = held_by(touched[i]);
    if (held_before[i] == held_after) continue;
    if (held_before[i]) --moderators_[*held_before[i]].open_assignments;
    if (held_after) ++moderators_[*held_after].open_assignments;
  }
}

void help_session::apply_body(const event& e) {
  std::visit(
      overloaded{
          [&](const question_asked& asked) {
            question q;
            q.id = question_id{e.seq};
            q.asker = asked.asker.participant;
            q.field = asked.field;
            q.section = asked.section;
            q.asked_at = e.at;
            q.agency = asked.agency;
            q.state = asked.resolved_by_faq ? question_state::answered_by_faq : question_state::queued;
            questions_.add(std::move(q));
            officials_.try_emplace(asked.asker.participant, asked.asker);
          },
          [&](const question_claimed& c) {
            questions_.update(c.question, [&](question& q) {
              q.state = question_state::assigned;
              q.holder = c.moderator.participant;
            });
            auto& load = moderators_[c.moderator.participant];
            load.who = c.moderator;
            load.last_assigned = e.at;
          },
          [&](const question_released& r) {
            questions_.update(r.question, [&](question& q) {
              q.state = question_state::queued;
              q.holder.reset();
            });
          },
          [&](const moderator_paused& p) {
            auto& load = moderators_[p.moderator.participant];
            load.who = p.moderator;
            load.paused = p.paused;
          },
          [&](const question_answered& a) {
            close(a.question, question_state::answered);
            answers_.emplace(e.seq, sent_answer{a.question, a.moderator.participant, a.moderator.agency, a.scope});
          },
          [&](const question_joined& j) {
            questions_.update(j.question, [&](question& q) {
              q.askers += 1;
              q.co_askers.push_back(j.official.participant);
            });
            officials_.try_emplace(j.official.participant, j.official);
          },
          [&](const question_reopened& r) {
            questions_.update(r.question, [&](question& q) { q.state = question_state::queued; });
          },
          [](const answer_corrected&) {},
          [&](const question_consulted& c) {
            questions_.update(c.question, [&](question& q) { q.consulted.push_back(c.agency); });
          },
          [](const answer_suggested&) {},
          [&](const official_blocked& b) {
            blocked_.insert(b.official.participant);
            for (auto id : b.hidden) {
              questions_.update(id, [](question& q) {
                q.state = question_state::dismissed;
                q.holder.reset();
                q.hidden = true;
              });
            }
          },
          [&](const official_unblocked& u) { blocked_.erase(u.official); },
          [&](const question_transferred& t) {
            questions_.update(t.question, [&](question& q) {
              q.agency = t.to;
              q.state = question_state::queued;
              q.holder.reset();
            });
          },
          [&](const question_merged& m) {
            int askers = 0;
            std::vector<participant_id> joining;
            questions_.update(m.question, [&](question& q) {
              q.state = question_state::merged;
              q.merged_into = m.into;
              askers = q.askers;
              joining.push_back(q.asker);
              joining.insert(joining.end(), q.co_askers.begin(), q.co_askers.end());
            });
            questions_.update(m.into, [&](question& into) {
              into.askers += askers;
              for (auto who : joining) {
                if (who != into.asker &&
                    std::find(into.co_askers.begin(), into.co_askers.end(), who) == into.co_askers.end()) {
                  into.co_askers.push_back(who);
                }
              }
            });
          },
          [&](const question_dismissed& d) { close(d.question, question_state::dismissed); },
          [&](const question_answered_by_faq& f) { close(f.question, question_state::answered_by_faq); },
          [&](const session_state_changed& s) { state_ = s.to; },
      },
      e.body);
}

}  // namespace helpchat::chat
