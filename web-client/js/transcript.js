// Renders questions (cards) into DOM nodes, always through textContent, never HTML; events as transcript lines are in
// transcript-events.js.
import { h, fill } from './dom.js';
import { agencyLabel, entityLabel, formatTime, formatDateTime, questionStateLabel } from './format.js';
import { fieldLabel } from './form-model.js';
import { faqEntryHref, faqLink } from './faq-text.js';
import { askersOf } from './queue-position.js';

export const questionAnchor = (id) => `pregunta-${id}`;
export const questionNumber = (id) => `n.º ${id}`;

export function moderatorLabel(mod) {
  if (!mod) return 'Un moderador';
  const name = mod.name || 'Un moderador';
  return mod.agency ? `${name} (${agencyLabel(mod.agency)})` : name;
}

export function timeNode(iso, timeZone, withDate = false) {
  return h('time', { datetime: iso || '' }, withDate ? formatDateTime(iso, timeZone) : formatTime(iso, timeZone));
}

/** "Secretaria de Planeación · Alcaldía de MEDELLÍN" */
export function askerDetails(asker) {
  return [asker.position, entityLabel(asker)].filter(Boolean).join(' · ');
}

/**
 * A link to the FAQ entry `id`, named by its question when the page knows it (ctx.faqTitles: Map id → question).
 * ctx.faqNewTab opens it in another tab (pages the reader should not leave).
 */
export function faqEntryLink(id, ctx = {}) {
  const title = ctx.faqTitles && ctx.faqTitles.get(id);
  return faqLink(faqEntryHref(id), title ? `«${title}»` : `la entrada «${id}» del FAQ`, { newTab: !!ctx.faqNewTab });
}

/** Why a question went back to its queue without anyone sending it there (question_released `reason`). */
export const RELEASE_REASONS = {
  moderator_left: 'el moderador se desconectó',
};

/**
 * The state badge's words. The official page says where the question stands ("En cola", "Asignada"); the console
 * keeps the moderators' words ("En espera", "En atención").
 */
export function stateBadgeLabel(q, ctx = {}) {
  if (ctx.role === 'official' && q.state === 'queued') return 'En cola';
  if (ctx.role === 'official' && q.state === 'assigned') return 'Asignada';
  return questionStateLabel(q.state);
}

/**
 * What follows a question's state badge: the queue, who holds it, the question it was merged into, the FAQ entry that
 * resolved it… Text or nodes.
 */
export function stateDetails(q, ctx = {}) {
  switch (q.state) {
    case 'queued':
      return [ctx.role === 'official' ? ` · ${agencyLabel(q.agency)}` : ` · cola de ${agencyLabel(q.agency)}`, consultedWith(q, ctx)];
    case 'assigned':
      if (ctx.role === 'official') {
        // "Asignada a Función Pública (Luisa Martínez)": the holder's agency is the one answering.
        const agency = (q.holder && q.holder.agency) || q.agency;
        return [` a ${agencyLabel(agency)}${q.holder && q.holder.name ? ` (${q.holder.name})` : ''}`, consultedWith(q, ctx)];
      }
      return [q.automatic ? ` · Asignada automáticamente a ${moderatorLabel(q.holder)}` : ` · Tomada por ${moderatorLabel(q.holder)}`];
    case 'answered_by_faq':
      return q.faq ? [': ', faqEntryLink(q.faq, ctx)] : [];
    case 'merged':
      return q.mergedInto ? [' a la ', h('a', { href: `#${questionAnchor(q.mergedInto)}` }, `pregunta ${questionNumber(q.mergedInto)}`)] : [];
    case 'dismissed':
      return q.dismissReason ? [`. Motivo: ${q.dismissReason}`] : [];
    default:
      return [];
  }
}

/**
 * On the official's own open question: " · Consultada con DNP – Servicio al Ciudadano" once a moderator asked another
 * agency about it (officials receive question_consulted without its note). '' otherwise.
 */
function consultedWith(q, ctx) {
  if (ctx.role !== 'official' || !q.consults || !q.consults.length || !isAskerOf(q, ctx.you)) return '';
  const agencies = [...new Set(q.consults.map((c) => c.agency))].map(agencyLabel);
  return ` · Consultada con ${agencies.join(' y ')}`;
}

/**
 * The console's notes on how a question reached where it is: the reason of its latest transfer ("Transferida desde
 * Soporte general: …") and, while it waits again, that its holder left. Paragraphs; none on the official page.
 */
export function routingNotes(q, ctx = {}) {
  if (ctx.role !== 'moderator') return [];
  const notes = [];
  if (q.hidden) {
    notes.push(h('p', { className: 'question-note note-hidden' },
      h('span', { className: 'tag tag-private' }, 'Oculta: participante bloqueado'),
      ' Cerrada y oculta para los funcionarios y el archivo público; solo los moderadores la ven.'));
  }
  if (q.transfer && q.transfer.to === q.agency) {
    notes.push(h('p', { className: 'question-note note-transfer' },
      `Transferida desde ${agencyLabel(q.transfer.from)}`, q.transfer.reason ? `: ${q.transfer.reason}` : ' (sin motivo registrado)'));
  }
  if (q.state === 'queued' && q.reopened) {
    notes.push(h('p', { className: 'question-note note-reopened' },
      `Reabierta por ${moderatorLabel(q.reopened.moderator)} después de descartarla.`));
  }
  if (q.state === 'queued' && q.released) {
    const why = RELEASE_REASONS[q.released.reason] || 'quedó libre';
    const mod = q.released.moderator;
    const who = mod && mod.name ? ` (${[mod.name, mod.agency ? agencyLabel(mod.agency) : ''].filter(Boolean).join(', ')})` : '';
    notes.push(h('p', { className: 'question-note note-released' }, `Devuelta a la cola: ${why}${who}.`));
  }
  return notes;
}

/**
 * An answer as a list item. `text` null means the server withheld it (a private answer to someone else).
 * `ofQuestion` is set when the answer belongs to the question this one was merged into.
 */
function answerItem(a, ctx, ofQuestion = null) {
  const isPrivate = a.visibility === 'private';
  const meta = h('p', { className: 'answer-meta' },
    h('strong', {}, `Respuesta de ${moderatorLabel(a.moderator)}`), ' · ', timeNode(a.at, ctx.timeZone),
    ofQuestion ? ` · de la pregunta ${questionNumber(ofQuestion)}` : null);
  const li = h('li', { className: isPrivate ? 'answer answer-private' : 'answer', dataset: { answer: String(a.id) } }, meta);
  if (isPrivate && a.text === null) {
    meta.replaceChildren(h('span', { className: 'tag tag-muted' }, 'Respondida en privado'), ' · ',
      moderatorLabel(a.moderator), ' · ', timeNode(a.at, ctx.timeZone));
    return li;
  }
  if (isPrivate) {
    meta.prepend(h('span', { className: 'tag tag-private' },
      ctx.role === 'moderator' ? 'Respuesta privada (solo quien pregunta)' : 'Respuesta privada'), ' ');
  }
  li.append(h('p', { className: 'answer-text' }, a.text ?? ''));
  const latest = a.corrections && a.corrections[a.corrections.length - 1];
  if (latest) {
    meta.append(' · ', h('span', { className: 'tag tag-corrected' }, 'Corregida'), ' ',
      h('span', {}, `por ${moderatorLabel(latest.moderator)} a las `), timeNode(latest.at, ctx.timeZone));
  }
  // The moderator console adds its tools here ("Proponer como FAQ"); only for the question's own answers.
  if (!ofQuestion && ctx.answerActions) li.append(...[ctx.answerActions(a)].flat().filter(Boolean));
  return li;
}

/**
 * The card of one question with its answers. ctx: {you, role, timeZone, form, book}. Updating a card re-renders
 * only its state line and appends answers it does not show yet, so a screen reader hears just what is new.
 */
export function createQuestionCard(q, ctx, { tag = 'li', headingLevel = null } = {}) {
  const mine = ctx.you && q.asker && q.asker.participant === ctx.you.participant && ctx.role === 'official';
  const titleId = `${questionAnchor(q.id)}-titulo`;
  const nameLine = [
    mine ? h('span', { className: 'tag tag-mine' }, 'Su pregunta') : null,
    mine ? ' ' : null,
    h('strong', { className: 'asker-name' }, q.asker.name || 'Participante'),
    askerDetails(q.asker) ? h('span', { className: 'asker-details' }, ` · ${askerDetails(q.asker)}`) : null,
  ];
  const heading = headingLevel ? h(`h${headingLevel}`, { className: 'question-title', id: titleId }, nameLine)
    : h('p', { className: 'question-title', id: titleId }, nameLine);
  const state = h('p', { className: 'question-state' });
  const askers = h('p', { className: 'question-askers', hidden: true });
  const notes = h('div', { className: 'question-notes', hidden: true });
  const answers = h('ol', { className: 'answers', hidden: true, 'aria-label': `Respuestas a la pregunta ${questionNumber(q.id)}` });
  const body = h('article', { className: 'question-body', 'aria-labelledby': titleId },
    heading,
    h('p', { className: 'question-sub' },
      `Pregunta ${questionNumber(q.id)} · `, timeNode(q.at, ctx.timeZone), ' · Campo: ',
      h('span', { className: 'question-field' }, fieldLabel(ctx.form, q.field))),
    h('p', { className: 'question-text' }, q.text),
    state,
    askers,
    notes,
    answers);
  const root = h(tag, { className: mine ? 'question question-mine' : 'question', id: questionAnchor(q.id), dataset: { question: String(q.id) } }, body);
  const card = { root, body, state, askers, notes, answers, shown: new Map() };
  updateQuestionCard(card, q, ctx);
  return card;
}

export function updateQuestionCard(card, q, ctx) {
  card.root.dataset.state = q.state;
  fill(card.state, 'Estado: ', h('span', { className: `badge badge-${q.state}` }, stateBadgeLabel(q, ctx)), stateDetails(q, ctx));
  if (ctx.role === 'official') card.root.classList.toggle('question-mine', isAskerOf(q, ctx.you));
  fill(card.askers, askersLine(q, ctx));
  card.askers.hidden = card.askers.childNodes.length === 0;
  const notes = routingNotes(q, ctx);
  fill(card.notes, notes);
  card.notes.hidden = notes.length === 0;
  const own = q.answers.map((a) => ({ a, of: null }));
  const target = q.mergedInto && ctx.book ? ctx.book.get(q.mergedInto) : null;
  const inherited = target ? target.answers.map((a) => ({ a, of: target.id })) : [];
  for (const { a, of } of [...own, ...inherited]) {
    const key = `${of || q.id}:${a.id}`;
    const version = a.corrections ? a.corrections.length : 0;
    const shown = card.shown.get(key);
    if (shown && shown.version === version) continue;
    const item = answerItem(a, ctx, of);
    if (shown) shown.item.replaceWith(item); else card.answers.append(item);
    card.shown.set(key, { item, version });
  }
  card.answers.hidden = card.answers.children.length === 0;
}

/** Whether `you` asked `q` or joined it ("Yo también"). */
export function isAskerOf(q, you) {
  if (!you || !q.asker) return false;
  return q.asker.participant === you.participant || (q.joined || []).some((j) => j.participant === you.participant);
}

/**
 * "3 personas preguntan esto" when more than one official asked it (joined or merged), and on the official page the
 * "Yo también tengo esta pregunta" button (ctx.onJoin) for an open question someone else asked.
 */
function askersLine(q, ctx) {
  const n = ctx.book ? askersOf(q, ctx.book.byId) : 1 + (q.joined || []).length;
  const parts = [];
  if (n > 1) parts.push(`${n} personas preguntan esto.`);
  if (ctx.role === 'moderator' && ctx.book && ctx.book.blockOf && ctx.book.blockOf(q)) {
    parts.push(parts.length ? ' ' : '', h('span', { className: 'tag tag-private' }, 'Participante bloqueado'));
  }
  if (ctx.role === 'official' && ctx.you) {
    const joined = (q.joined || []).some((j) => j.participant === ctx.you.participant);
    if (joined) {
      parts.push(' ', h('span', { className: 'tag tag-mine' }, 'Usted se sumó'));
    } else if (ctx.onJoin && q.asker.participant !== ctx.you.participant && (q.state === 'queued' || q.state === 'assigned')) {
      parts.push(' ', h('button', {
        type: 'button',
        className: 'secondary small',
        dataset: { join: String(q.id) },
        'aria-describedby': `${questionAnchor(q.id)}-titulo`,
        onclick: () => ctx.onJoin(q),
      }, 'Yo también tengo esta pregunta'));
    }
  }
  return parts;
}
