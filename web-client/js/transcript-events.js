// Events described in sentences (transcript lines) for the archive and the moderator console's activity log, apart
// from transcript.js so that the official's page, which shows question cards only, does not load them.
import { h } from './dom.js';
import { agencyLabel, sessionStateLabel } from './format.js';
import { fieldLabel } from './form-model.js';
import { RELEASE_REASONS, askerDetails, faqEntryLink, moderatorLabel, questionNumber, timeNode } from './transcript.js';

/**
 * One event described in a sentence, for the archive and the moderator activity log. Returns null for events the
 * reader need not see (unknown types). ctx: {timeZone, form, book (optional, to name the asker of answers)}.
 */
export function describeEvent(ev, ctx) {
  const qn = (id) => `pregunta ${questionNumber(id)}`;
  switch (ev.type) {
    case 'question_asked': {
      const q = ev.question || {};
      if (q.hidden === true && typeof q.text !== 'string') return null; // a blocked official's question, withheld
      const asker = q.asker || {};
      const who = [asker.name || 'Un participante', askerDetails(asker) ? ` (${askerDetails(asker)})` : ''].join('');
      return {
        kind: 'question',
        head: [h('strong', {}, `Pregunta ${questionNumber(q.id)}`), ` de ${who} sobre «${fieldLabel(ctx.form, q.field)}»`,
          q.resolved_by_faq ? [' · resuelta con el FAQ: ', faqEntryLink(q.resolved_by_faq, ctx)] : ` · cola de ${agencyLabel(q.agency)}`],
        text: q.text ?? '',
      };
    }
    case 'question_claimed':
      if (ev.automatic === true) {
        return { kind: 'status', head: [`La ${qn(ev.question)} se asignó automáticamente a ${moderatorLabel(ev.moderator)}.`] };
      }
      return { kind: 'status', head: [`${moderatorLabel(ev.moderator)} tomó la ${qn(ev.question)}.`] };
    case 'question_released': {
      const why = RELEASE_REASONS[ev.reason];
      return { kind: 'status', head: [`La ${qn(ev.question)} volvió a la cola: `,
        why ? `${moderatorLabel(ev.moderator)} se desconectó.` : `${moderatorLabel(ev.moderator)} la dejó libre.`] };
    }
    case 'question_answered':
      if (ev.visibility === 'private' && typeof ev.text !== 'string') {
        return { kind: 'status', head: [`La ${qn(ev.question)} fue respondida en privado por ${moderatorLabel(ev.moderator)}.`] };
      }
      return {
        kind: ev.visibility === 'private' ? 'answer-private' : 'answer',
        head: [ev.visibility === 'private' ? h('span', { className: 'tag tag-private' }, 'Respuesta privada') : null,
          ev.visibility === 'private' ? ' ' : null,
          h('strong', {}, `Respuesta de ${moderatorLabel(ev.moderator)}`), ` a la ${qn(ev.question)}`],
        text: ev.text ?? '',
      };
    case 'question_transferred':
      return { kind: 'status', head: [`${moderatorLabel(ev.moderator)} trasladó la ${qn(ev.question)} de ${agencyLabel(ev.from)} a ${agencyLabel(ev.to)}.`,
        typeof ev.reason === 'string' && ev.reason ? ` Motivo: ${ev.reason}` : ''] };
    case 'question_merged':
      return { kind: 'status', head: [`${moderatorLabel(ev.moderator)} unió la ${qn(ev.question)} a la ${qn(ev.into)}.`] };
    case 'question_dismissed':
      return { kind: 'status', head: [`${moderatorLabel(ev.moderator)} descartó la ${qn(ev.question)}.`, ev.reason ? ` Motivo: ${ev.reason}` : ''] };
    case 'question_answered_by_faq':
      return { kind: 'status', head: [`La ${qn(ev.question)} quedó resuelta con el FAQ: `, faqEntryLink(ev.faq, ctx), '.'] };
    case 'question_joined': {
      const asker = ev.asker || {};
      return { kind: 'status', head: [`${asker.name || 'Un participante'}${askerDetails(asker) ? ` (${askerDetails(asker)})` : ''} también tiene la ${qn(ev.question)}.`] };
    }
    case 'question_reopened':
      return { kind: 'status', head: [`${moderatorLabel(ev.moderator)} reabrió la ${qn(ev.question)}, que estaba descartada.`] };
    case 'answer_corrected':
      if (ev.visibility === 'private' && typeof ev.text !== 'string') {
        return { kind: 'status', head: [`${moderatorLabel(ev.moderator)} corrigió una respuesta privada a la ${qn(ev.question)}.`] };
      }
      return {
        kind: ev.visibility === 'private' ? 'answer-private' : 'answer',
        head: [h('strong', {}, `Corrección de ${moderatorLabel(ev.moderator)}`), ` a la respuesta ${questionNumber(ev.answer)} de la ${qn(ev.question)}`],
        text: ev.text ?? '',
      };
    case 'question_consulted':
      return { kind: 'status', head: [`${moderatorLabel(ev.moderator)} consultó a ${agencyLabel(ev.agency)} sobre la ${qn(ev.question)}.`,
        typeof ev.note === 'string' && ev.note ? ` Nota: ${ev.note}` : ''] };
    case 'answer_suggested':
      if (typeof ev.text !== 'string') {
        return { kind: 'status', head: [`${moderatorLabel(ev.moderator)} sugirió una respuesta para la ${qn(ev.question)}.`] };
      }
      return {
        kind: 'suggestion',
        head: [h('strong', {}, `Respuesta sugerida por ${moderatorLabel(ev.moderator)}`), ` para la ${qn(ev.question)} (solo moderadores)`],
        text: ev.text,
      };
    case 'official_blocked': {
      // Officials and the public transcript get only `hidden`: for them the questions were never there.
      const o = ev.official;
      if (!o || typeof o !== 'object') return null;
      const hidden = Array.isArray(ev.hidden) ? ev.hidden : [];
      return { kind: 'status', head: [`${moderatorLabel(ev.moderator)} bloqueó a ${o.name || 'un participante'}`,
        askerDetails(o) ? ` (${askerDetails(o)})` : '', '.', ev.reason ? ` Motivo: ${ev.reason}` : '',
        hidden.length ? ` Preguntas ocultas: ${hidden.map(questionNumber).join(', ')}.` : ''] };
    }
    case 'official_unblocked': {
      if (!ev.moderator) return null;
      const o = ctx.book && typeof ev.official === 'number' ? ctx.book.official(ev.official) : null;
      return { kind: 'status', head: [`${moderatorLabel(ev.moderator)} desbloqueó a ${o && o.name ? o.name : `el participante ${ev.official}`}.`] };
    }
    case 'moderator_paused':
      return { kind: 'status', head: [ev.paused === true
        ? `${moderatorLabel(ev.moderator)} pausó su asignación automática.`
        : `${moderatorLabel(ev.moderator)} reanudó su asignación automática.`] };
    case 'session_state_changed':
      return { kind: 'session', head: [`La sesión pasó de «${sessionStateLabel(ev.from)}» a «${sessionStateLabel(ev.to)}».`] };
    default:
      return null;
  }
}

/** A transcript line <li> for `ev`, or null. */
export function eventItem(ev, ctx) {
  const d = describeEvent(ev, ctx);
  if (!d) return null;
  return h('li', { className: `event event-${d.kind}`, dataset: { seq: String(ev.seq) } },
    h('p', { className: 'event-head' }, timeNode(ev.at, ctx.timeZone), ' ', d.head),
    d.text !== undefined ? h('p', { className: 'event-text' }, d.text) : null);
}
