// Session header shared by room, console and archive (title, state, times) and the connection indicator.
import { fill } from './dom.js';
import { DEFAULT_TIME_ZONE, formatRange, sessionStateLabel } from './format.js';

/**
 * Fills the elements found by id under `root`: `${prefix}-titulo`, `${prefix}-estado` (a badge) and
 * `${prefix}-horario`. Missing elements are skipped.
 */
export function renderSessionHead(session, prefix, root = document) {
  if (!session) return;
  const get = (suffix) => root.querySelector(`#${prefix}-${suffix}`);
  const title = get('titulo');
  const state = get('estado');
  const times = get('horario');
  if (title) fill(title, session.title || `Sesión de ayuda ${session.id}`);
  if (state) {
    state.className = `badge badge-${session.state}`;
    fill(state, sessionStateLabel(session.state));
  }
  if (times) fill(times, formatRange(session.starts_at, session.ends_at, session.time_zone || DEFAULT_TIME_ZONE));
}

const CONNECTION_LABELS = {
  connecting: 'Conectando…',
  syncing: 'Actualizando…',
  live: 'Conectado',
  reconnecting: 'Reconectando…',
  stopped: 'Desconectado',
};

/**
 * Shows a Connection's state in `el` (a role="status" element, so changes are announced). The short "syncing" step
 * after a (re)connect keeps the previous words, and the words stay the same across retries, so a screen reader hears
 * one "Reconectando…" and one "Conectado", not every attempt.
 */
export function showConnectionState(el, state, info = {}) {
  el.dataset.state = state;
  const text = CONNECTION_LABELS[state] || state;
  el.title = state === 'reconnecting' && info.delayMs ? `Nuevo intento en ${Math.ceil(info.delayMs / 1000)} s` : '';
  if (state === 'syncing' && el.textContent) return;
  if (el.textContent !== text) el.textContent = text;
}
