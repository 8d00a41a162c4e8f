// Where an official's question stands: its place in its agency's queue and an estimated wait, derived on the client
// from the questions every participant already folds from the event stream (./questions.js). Pure logic, no DOM, no
// clock of its own: callers pass "now" (see nowOf), so node's test runner can check every rule with fixed times.
//
// Why on the client: every participant receives every event in order, so each page can rebuild the same queues the
// server keeps (server/chat/question_queue.hpp) at no cost to the server. A per-recipient "your position" message
// would be server work for every official on every change of every queue.
//
// Known limits, said plainly: the estimate is a rough forecast from the pace this page has observed, not a promise;
// questions asked at the same `at` (the server's clock resolution) and with as many askers fall back to the lower id,
// which is also the server's last tie-break, so positions agree with the server's order.

import { agencyLabel } from './format.js';

export const PACE_WINDOW_MS = 30 * 60 * 1000; // answers counted for the observed pace
export const MODERATOR_WINDOW_MS = 15 * 60 * 1000; // moderators counted for the default pace
export const DEFAULT_MS_PER_QUESTION = 3 * 60 * 1000; // per moderator, while too few answers were seen
export const MIN_ANSWERS = 2; // fewer answers than this in the window: the default pace, and the estimate is rough
export const MIN_MS_PER_ANSWER = 30 * 1000; // a burst of quick answers must not promise an instant reply
export const RANGE = [0.6, 1.6]; // the estimate's spread around position × time per answer
export const TOP = 3; // entering the first places is always worth saying
export const POSITION_CHANGE = 0.25; // otherwise a move of at least a quarter of the last announced position
// Buckets of the estimate's central value, in minutes: an estimate is announced again only when it changes bucket.
export const BUCKETS_MIN = [5, 15, 30, 60, 120];

const MINUTE = 60 * 1000;

/** Milliseconds since the epoch of an ISO time, or NaN. */
export function timeOf(iso) {
  return typeof iso === 'string' && iso ? Date.parse(iso) : NaN;
}

/**
 * "Now" for estimates: the later of the browser's clock and the last event's `at`, so a browser clock that runs
 * behind the server does not make answers look as if they came from the future.
 */
export function nowOf(clockMs, lastEventAt) {
  const last = timeOf(lastEventAt);
  return Number.isFinite(last) ? Math.max(clockMs, last) : clockMs;
}

const byIdOf = (questions) => new Map([...questions].map((q) => [q.id, q]));

/**
 * How many officials a question stands for: 1 + those who joined it ("Yo también") + the askers of every question
 * merged into it (recursively), as the server counts them.
 */
export function askersOf(q, byId, seen = new Set()) {
  if (!q || seen.has(q.id)) return 0;
  seen.add(q.id);
  let n = 1 + (q.joined ? q.joined.length : 0);
  for (const id of q.mergedFrom || []) n += askersOf(byId.get(id), byId, seen);
  return n;
}

/**
 * The questions waiting in `agency`'s queue, the next to take first: queued (held by nobody, not closed), ordered by
 * when they were asked (a transferred or released question keeps its asking time), then more askers first, then
 * lower id — the order of server/chat/question_queue.hpp's `place`.
 */
export function queueOf(questions, agency) {
  const all = [...questions];
  const byId = byIdOf(all);
  return all
    .filter((q) => q.state === 'queued' && q.agency === agency)
    .map((q) => ({ q, at: timeOf(q.at), askers: askersOf(q, byId) }))
    .sort((a, b) => (a.at - b.at) || (b.askers - a.askers) || (a.q.id - b.q.id))
    .map((x) => x.q);
}

/**
 * Where question `id` stands: {state:'queued', agency, position (1-based), total}, {state:'assigned', agency,
 * holder}, {state:'closed'} (answered, resolved, merged, dismissed), or null for an unknown id.
 */
export function positionOf(questions, id) {
  const all = [...questions];
  const q = all.find((x) => x.id === id);
  if (!q) return null;
  if (q.state === 'assigned') return { state: 'assigned', agency: q.agency, holder: q.holder || null };
  if (q.state !== 'queued') return { state: 'closed' };
  const queue = queueOf(all, q.agency);
  return { state: 'queued', agency: q.agency, position: queue.indexOf(q) + 1, total: queue.length };
}

const ACTIONS = new Set(['question_claimed', 'question_answered', 'question_merged', 'question_dismissed']);

/**
 * How long one answer of `agency` takes, from what this session showed: the first answers to the agency's questions
 * over the last PACE_WINDOW_MS (counted from when the session's first question was asked, if that is later). With
 * fewer than MIN_ANSWERS, DEFAULT_MS_PER_QUESTION divided among the moderators seen acting for the agency over the
 * last MODERATOR_WINDOW_MS (at least one), and `rough` is true.
 * @returns {{msPerAnswer: number, answers: number, moderators: number, rough: boolean}}
 */
export function answerPace(questions, agency, nowMs) {
  const all = [...questions];
  const since = nowMs - PACE_WINDOW_MS;
  let first = Infinity;
  let answers = 0;
  const moderators = new Set();
  for (const q of all) {
    const asked = timeOf(q.at);
    if (asked < first) first = asked;
    const answer = q.answers && q.answers[0];
    const answeredAt = answer ? timeOf(answer.at) : NaN;
    if (q.agency === agency && answeredAt >= since && answeredAt <= nowMs) answers += 1;
    for (const ev of q.history || []) {
      const mod = ev.moderator;
      const at = timeOf(ev.at);
      if (!mod || !(at >= nowMs - MODERATOR_WINDOW_MS && at <= nowMs)) continue;
      // An admin of another agency answering this agency's questions counts as one of its moderators.
      if (mod.agency === agency || (q.agency === agency && ACTIONS.has(ev.type))) moderators.add(mod.participant ?? mod.name);
    }
  }
  if (answers >= MIN_ANSWERS) {
    const span = nowMs - Math.max(since, Number.isFinite(first) ? first : since);
    return { msPerAnswer: Math.max(MIN_MS_PER_ANSWER, span / answers), answers, moderators: moderators.size, rough: false };
  }
  const n = Math.max(1, moderators.size);
  return { msPerAnswer: DEFAULT_MS_PER_QUESTION / n, answers, moderators: moderators.size, rough: true };
}

// Friendly steps: whole minutes under 10, then 5, 15 and 30 minutes.
const stepOf = (min) => (min < 10 ? 1 : min < 60 ? 5 : min < 180 ? 15 : 30);
const roundDown = (min) => Math.floor(min / stepOf(min)) * stepOf(min);
const roundUp = (min) => Math.ceil(min / stepOf(min)) * stepOf(min);

/** "1 minuto", "25 minutos", "1 hora", "2 horas", "1 h 30 min". */
export function formatMinutes(min) {
  if (min < 60) return `${min} ${min === 1 ? 'minuto' : 'minutos'}`;
  const hours = Math.floor(min / 60);
  const rest = min % 60;
  if (rest === 0) return `${hours} ${hours === 1 ? 'hora' : 'horas'}`;
  return `${hours} h ${rest} min`;
}

/** "entre 5 y 15 minutos", "menos de 2 minutos", "entre 45 minutos y 2 horas". */
export function formatRangeMinutes(lowMin, highMin) {
  if (lowMin <= 0) return `menos de ${formatMinutes(highMin)}`;
  if (lowMin === highMin) return `unos ${formatMinutes(highMin)}`;
  if (highMin < 60) return `entre ${lowMin} y ${highMin} minutos`;
  return `entre ${formatMinutes(lowMin)} y ${formatMinutes(highMin)}`;
}

/**
 * The wait for the question at `position`: position × msPerAnswer × RANGE, rounded outwards to friendly minutes.
 * `afterSession` is true when even the low end falls after the session's `endsAt` (ISO; ignored when missing).
 * @returns {{lowMin, highMin, text, bucket, afterSession, rough}}
 */
export function estimate({ position, msPerAnswer, nowMs, endsAt = null, rough = false }) {
  const central = position * msPerAnswer;
  const lowMs = central * RANGE[0];
  const highMs = central * RANGE[1];
  const lowMin = roundDown(lowMs / MINUTE);
  const highMin = Math.max(1, roundUp(highMs / MINUTE));
  const end = timeOf(endsAt);
  let bucket = 0;
  while (bucket < BUCKETS_MIN.length && central / MINUTE >= BUCKETS_MIN[bucket]) bucket += 1;
  return {
    lowMin,
    highMin,
    text: formatRangeMinutes(lowMin, highMin),
    bucket,
    afterSession: Number.isFinite(end) && nowMs + lowMs > end,
    rough,
  };
}

/**
 * Everything the official's page shows for question `id`: positionOf() plus, while queued, `estimate` (estimate())
 * and `pace` (answerPace()). `endsAt` is the session's `ends_at` from the welcome.
 */
export function queueStatus(questions, id, { nowMs, endsAt = null }) {
  const all = [...questions];
  const where = positionOf(all, id);
  if (!where || where.state !== 'queued') return where;
  const pace = answerPace(all, where.agency, nowMs);
  return { ...where, pace, estimate: estimate({ position: where.position, msPerAnswer: pace.msPerAnswer, nowMs, endsAt, rough: pace.rough }) };
}

/**
 * Whether `next` is worth telling a screen reader, against `prev`, the status last *announced* (not the last shown:
 * a slow drift of small steps adds up to an announcement). Meaningful: a first status, a change of state or queue,
 * entering the first TOP places, a move of at least POSITION_CHANGE of the announced position, a new estimate bucket,
 * or the after-the-session note appearing or going.
 */
export function meaningfulChange(prev, next) {
  if (!prev || !next) return !!prev !== !!next;
  if (prev.state !== next.state || prev.agency !== next.agency) return true;
  if (next.state !== 'queued') return false;
  if (prev.position > TOP && next.position <= TOP) return true;
  if (Math.abs(next.position - prev.position) >= POSITION_CHANGE * prev.position) return true;
  const a = prev.estimate || {};
  const b = next.estimate || {};
  return a.bucket !== b.bucket || a.afterSession !== b.afterSession;
}

export const AFTER_SESSION_NOTE = 'Es probable que la respuesta llegue por escrito después de la sesión.';
export const ROUGH_NOTE = 'aproximada: todavía hay pocas respuestas en esta sesión para medir el ritmo';

/** The status line under the official's own question; '' when there is nothing to say (a closed question). */
export function statusText(status) {
  if (!status || status.state === 'closed') return '';
  if (status.state === 'assigned') {
    const who = status.holder && status.holder.name;
    return who ? `Asignada a ${who}: ya no está en la cola.` : 'Asignada a un moderador: ya no está en la cola.';
  }
  const e = status.estimate;
  const parts = [`En cola · posición ${status.position} de ${status.total} en ${agencyLabel(status.agency)}`];
  if (e) parts.push(`espera estimada: ${e.text}${e.rough ? ` (${ROUGH_NOTE})` : ''}`);
  return `${parts.join(' · ')}.${e && e.afterSession ? ` ${AFTER_SESSION_NOTE}` : ''}`;
}

/** What the polite live region says about question `id` when meaningfulChange() holds. */
export function announcementText(id, status) {
  if (!status || status.state !== 'queued') return '';
  const e = status.estimate;
  return `Su pregunta n.º ${id} está en la posición ${status.position} de ${status.total} en la cola.`
    + (e ? ` Espera estimada: ${e.text}.` : '') + (e && e.afterSession ? ` ${AFTER_SESSION_NOTE}` : '');
}
