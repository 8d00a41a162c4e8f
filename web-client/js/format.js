// Spanish labels for protocol values and date/time formatting in a help session's time zone (Intl, no offsets by hand).

export const DEFAULT_TIME_ZONE = 'America/Bogota';

export const SESSION_STATES = {
  scheduled: 'Programada',
  open_for_questions: 'Abierta para preguntas',
  live: 'En vivo',
  closed: 'Cerrada',
  archived: 'Archivada',
};

export const QUESTION_STATES = {
  queued: 'En espera',
  assigned: 'En atención',
  answered: 'Respondida',
  answered_by_faq: 'Resuelta con el FAQ',
  merged: 'Unida',
  dismissed: 'Descartada',
};

/** Agencies (queues) in the order they are offered to people. */
export const AGENCIES = {
  'mintic-gel': 'MinTIC – Gobierno en línea',
  'dnp-pnsc': 'DNP – Servicio al Ciudadano',
  dafp: 'Función Pública',
  triage: 'Soporte general',
};

/** Short queue names for compact rows and tables. */
export const AGENCY_SHORT = {
  'mintic-gel': 'MinTIC',
  'dnp-pnsc': 'DNP',
  dafp: 'Función Pública',
  triage: 'Soporte general',
};

export const ENTITY_TYPES = { alcaldia: 'Alcaldía', gobernacion: 'Gobernación' };

export const sessionStateLabel = (state) => SESSION_STATES[state] || state || 'Desconocido';
export const questionStateLabel = (state) => QUESTION_STATES[state] || state || 'Desconocido';
export const agencyShortLabel = (agency) => AGENCY_SHORT[agency] || agency || 'Sin agencia';
export const agencyLabel = (agency) => AGENCIES[agency] || agency || 'Sin agencia';

/** A session accepts questions from officials in these states (protocol.md, `ask`). */
export const acceptsQuestions = (state) => state === 'open_for_questions' || state === 'live';

const formatters = new Map();

function formatter(timeZone, options) {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('es-CO', { ...options, timeZone });
    } catch {
      // An unknown zone name from the server must not break the page: fall back to Bogotá.
      f = new Intl.DateTimeFormat('es-CO', { ...options, timeZone: DEFAULT_TIME_ZONE });
    }
    formatters.set(key, f);
  }
  return f;
}

const DATE_TIME = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit' };
const DATE = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' };
const TIME = { hour: 'numeric', minute: '2-digit' };

function toDate(iso) {
  if (typeof iso !== 'string' || !iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "martes, 29 de mayo de 2012, 9:00 a. m." */
export function formatDateTime(iso, timeZone = DEFAULT_TIME_ZONE) {
  const d = toDate(iso);
  return d ? formatter(timeZone, DATE_TIME).format(d) : '';
}

/** "martes, 29 de mayo de 2012" */
export function formatDate(iso, timeZone = DEFAULT_TIME_ZONE) {
  const d = toDate(iso);
  return d ? formatter(timeZone, DATE).format(d) : '';
}

/** "9:05 a. m." */
export function formatTime(iso, timeZone = DEFAULT_TIME_ZONE) {
  const d = toDate(iso);
  return d ? formatter(timeZone, TIME).format(d) : '';
}

/** A readable name for the time zone: "hora de Bogotá" for America/Bogota, else the IANA name. */
export function zoneLabel(timeZone = DEFAULT_TIME_ZONE) {
  return timeZone === DEFAULT_TIME_ZONE ? 'hora de Bogotá' : `hora de ${timeZone}`;
}

/**
 * "martes, 29 de mayo de 2012, de 9:00 a. m. a 11:00 a. m. (hora de Bogotá)"; when start and end fall on different
 * days both are written in full.
 */
export function formatRange(startIso, endIso, timeZone = DEFAULT_TIME_ZONE) {
  const zone = zoneLabel(timeZone);
  if (!toDate(startIso)) return '';
  if (!toDate(endIso)) return `${formatDateTime(startIso, timeZone)} (${zone})`;
  if (formatDate(startIso, timeZone) === formatDate(endIso, timeZone)) {
    return `${formatDate(startIso, timeZone)}, de ${formatTime(startIso, timeZone)} a ${formatTime(endIso, timeZone)} (${zone})`;
  }
  return `del ${formatDateTime(startIso, timeZone)} al ${formatDateTime(endIso, timeZone)} (${zone})`;
}

/**
 * The entity as people say it: "Alcaldía de MEDELLÍN". The server's `entity_name` is used as it comes when it already
 * names the kind of entity.
 */
export function entityLabel(asker) {
  if (!asker) return '';
  const name = asker.entity_name || asker.dane_code || '';
  if (/^(alcald|gobernaci)/i.test(name)) return name;
  const kind = ENTITY_TYPES[asker.entity_type];
  return kind && name ? `${kind} de ${name}` : name;
}

/** "1 pregunta" / "3 preguntas" */
export function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

/** Lower case without accents, to compare search words: "Alcaldía de MEDELLÍN" → "alcaldia de medellin". */
export function foldText(text) {
  return String(text ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** A wait in words short enough for a table cell: "menos de 1 min", "4 min", "1 h 05 min"; short: "< 1 min". */
export function formatWait(ms, { short = false } = {}) {
  const minutes = Math.floor(Math.max(0, ms) / 60000);
  if (minutes < 1) return short ? '< 1 min' : 'menos de 1 min';
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
