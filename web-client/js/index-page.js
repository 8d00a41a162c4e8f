// Home page: lists the help sessions from GET /api/sessions with their state and times, and the links into each.
import { getSessions } from './api.js';
import { h, fill } from './dom.js';
import { DEFAULT_TIME_ZONE, formatRange, plural, sessionStateLabel } from './format.js';

/** Sessions people can still join come first; the rest follow, latest first. */
const STATE_ORDER = { live: 0, open_for_questions: 1, scheduled: 2, closed: 3, archived: 4 };
const JOINABLE = new Set(['scheduled', 'open_for_questions', 'live']);
const MODERATABLE = new Set(['scheduled', 'open_for_questions', 'live', 'closed']);

function sessionCard(s) {
  const tz = s.time_zone || DEFAULT_TIME_ZONE;
  const titleId = `sesion-${s.id}-titulo`;
  const links = [];
  if (JOINABLE.has(s.state)) links.push(h('li', {}, h('a', { href: `/sesion?id=${s.id}` }, 'Entrar como funcionario')));
  if (MODERATABLE.has(s.state)) links.push(h('li', {}, h('a', { href: `/moderacion?id=${s.id}` }, 'Moderar')));
  links.push(h('li', {}, h('a', { href: `/archivo?id=${s.id}` }, 'Leer el archivo')));
  return h('li', { className: 'card', dataset: { session: String(s.id) } },
    h('article', { 'aria-labelledby': titleId },
      h('h3', { id: titleId }, s.title || `Sesión ${s.id}`),
      h('p', { className: 'session-meta' }, 'Estado: ', h('span', { className: `badge badge-${s.state}` }, sessionStateLabel(s.state))),
      h('p', {}, h('span', { className: 'label' }, 'Horario'), formatRange(s.starts_at, s.ends_at, tz)),
      s.opens_at && s.opens_at !== s.starts_at
        ? h('p', { className: 'muted' }, 'Recibe preguntas desde: ', formatRange(s.opens_at, null, tz))
        : null,
      h('ul', { className: 'links', 'aria-label': `Opciones de ${s.title || `la sesión ${s.id}`}` }, links)));
}

async function main() {
  const status = document.getElementById('sesiones-estado');
  const list = document.getElementById('sesiones');
  try {
    const sessions = await getSessions();
    const items = (Array.isArray(sessions) ? sessions : []).slice()
      .sort((a, b) => (STATE_ORDER[a.state] ?? 5) - (STATE_ORDER[b.state] ?? 5)
        || (JOINABLE.has(a.state) ? 1 : -1) * String(a.starts_at).localeCompare(String(b.starts_at)) || a.id - b.id);
    fill(list, items.map(sessionCard));
    status.textContent = items.length
      ? `Hay ${plural(items.length, 'sesión de ayuda', 'sesiones de ayuda')}.`
      : 'No hay sesiones de ayuda programadas por ahora.';
  } catch (e) {
    status.classList.add('alert');
    status.textContent = `No fue posible cargar las sesiones de ayuda. ${e.message}`;
  }
}

main();
