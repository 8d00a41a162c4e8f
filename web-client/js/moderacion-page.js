// Moderator page (/moderacion?id=N): login, then the console for a busy help session: the summary of the queues, a
// compact list of questions (the moderator's own assignments pinned first; text, queue, state, section and field
// filters; live waits), the selected question in a detail pane with its context (the official, the entity and its
// earlier questions, the field's help) and the tools: claim, answer (with canned FAQ answers), transfer with a reason,
// merge duplicates picked from a search, dismiss after an inline confirmation, pause automatic assignment, propose
// answers as FAQ entries; keyboard shortcuts for all of it; the activity log. Also: consult another agency for a
// suggested answer (its moderators see the question marked "Le consultan" and suggest one; the owner uses it as the
// base of their answer), and block the official who asked (inline confirmation with a reason; admins unblock).
import { ApiError, getFaq, getForm, getMe, getSessions, login, logout } from './api.js';
import { Connection } from './connection.js';
import { $, announce, fill, focusTo, h, queryInt, setError, show } from './dom.js';
import { AGENCIES, DEFAULT_TIME_ZONE, agencyLabel, agencyShortLabel, entityLabel, formatRange, formatTime, questionStateLabel,
  sessionStateLabel } from './format.js';
import { fieldHelp, fieldLabel, indexForm } from './form-model.js';
import { OPEN_STATES, QuestionBook } from './questions.js';
import { renderSessionHead, showConnectionState } from './session-head.js';
import { createQuestionCard, questionNumber } from './transcript.js';
import { eventItem } from './transcript-events.js';
import { FaqDrafts } from './faq-drafts.js';
import { FaqPicker } from './faq-picker.js';
import { faqEntryHref, faqPlainText } from './faq-text.js';
import { NO_SECTION, QueueView, sectionTitle } from './console-queue.js';
import { MergePicker } from './merge-picker.js';

const MAX_ANSWER = 4000;
const MAX_TRANSFER_REASON = 500;
const MAX_CONSULT_NOTE = 500; // the server's limit for a note or a reason (docs/protocol.md)
const MAX_SUGGESTION = 4000;
const MAX_BLOCK_REASON = 500;
const TICK_MS = 15000; // the waits shown are in minutes: four passes a minute keep them within a quarter of one
const EARLIER_SHOWN = 8;
const SHORTCUTS_KEY = 'helpchat.console-shortcuts';
const sessionId = queryInt('id');

const page = {
  me: null, // from /api/me or login
  you: null, // from welcome
  session: null,
  form: indexForm({}),
  book: new QuestionBook({ keepHidden: true }), // moderators see the questions of blocked officials, marked
  connection: null,
  selected: null, // question id shown in the detail pane
  drafts: new Map(), // question id → answer text not sent yet
  inFlight: new Map(), // cid → {question, kind, text, about}
  dirty: new Set(), // question ids changed by events since the last render
  detailDirty: false, // the detail pane needs a new render (drafts, FAQ titles, the form)
  renderQueued: false,
  synced: false, // the first replay is over (the list is built in one go, then row by row)
  formReady: Promise.resolve(), // getForm() done (or failed)
  faqTitles: new Map(), // FAQ entry id → its question, to name the entries that resolved questions
  draftsRequested: false,
  picker: null, // FaqPicker: canned answers in the composer
  merger: null, // MergePicker: duplicates to merge into the selected question
  view: null, // QueueView: the rows, the filters and the summary
  faqDrafts: null, // FaqDrafts: the "Propuestas de FAQ" panel
  correcting: null, // {answer, text}: the answer whose correction form is open, and what is typed in it
  paused: false, // automatic assignment paused for this moderator (from the replayed moderator_paused events)
  pauseCid: null, // the pause command in flight
};

const ACTION_WORDS = {
  claim: ['Tomando la pregunta…', 'Tomó la pregunta'],
  answer: ['Enviando la respuesta…', 'Respuesta enviada a la pregunta'],
  transfer: ['Trasladando…', 'Trasladó la pregunta'],
  merge: ['Uniendo…', 'Unió la pregunta'],
  dismiss: ['Descartando…', 'Descartó la pregunta'],
  reopen: ['Reabriendo…', 'Reabrió la pregunta'],
  correct: ['Guardando la corrección…', 'Corrigió la respuesta de la pregunta'],
  consult: ['Enviando la consulta…', 'Envió la consulta sobre la pregunta'],
  suggest: ['Enviando la sugerencia…', 'Envió una respuesta sugerida para la pregunta'],
  block: ['Bloqueando…', 'Bloqueó a quien hizo la pregunta'],
  unblock: ['Desbloqueando…', 'Desbloqueó a quien hizo la pregunta'],
};

const isMe = (mod) => !!(mod && page.you && mod.participant === page.you.participant);
const isAdmin = () => ((page.you && page.you.role) || (page.me && page.me.role)) === 'admin';
/** Held by this moderator: pinned at the top of the list. */
const isMine = (q) => q.state === 'assigned' && isMe(q.holder);

const ctx = () => ({
  you: page.you,
  role: 'moderator',
  timeZone: (page.session && page.session.time_zone) || DEFAULT_TIME_ZONE,
  form: page.form,
  book: page.book,
  faqNewTab: true, // the console stays open
  faqTitles: page.faqTitles,
  answerActions,
});
const myAgency = () => (page.you && page.you.agency) || (page.me && page.me.agency) || 'triage';

/**
 * Whether the server would let this moderator act on the question (protocol.md, "Who may act on a question"): an
 * admin on every open question; a moderator on what they hold and, unless another moderator holds it, on the
 * questions of their agency's queue and of general support.
 */
function mayAct(q) {
  if (!q || !OPEN_STATES.has(q.state)) return false;
  if (isAdmin() || isMe(q.holder)) return true;
  if (q.agency !== myAgency() && q.agency !== 'triage') return false;
  return !(q.state === 'assigned' && q.holder);
}

/** Another agency asked this moderator's agency about `q` (question_consulted): "Le consultan". */
const consultedToMe = (q) => !!q && (q.consults || []).some((c) => c.agency === myAgency());

/**
 * Whether the server would take `consult` from this moderator: an open question they hold, of their agency's queue
 * (or general support's), or any as an admin; also while another moderator of the agency holds it.
 */
function mayConsult(q) {
  if (!q || !OPEN_STATES.has(q.state) || q.hidden) return false;
  return isAdmin() || isMe(q.holder) || q.agency === myAgency() || q.agency === 'triage';
}

/** `suggest`: a moderator of a consulted agency, or an admin once someone was consulted; while the question is open. */
function maySuggest(q) {
  if (!q || !OPEN_STATES.has(q.state) || q.hidden) return false;
  return consultedToMe(q) || (isAdmin() && q.consults.length > 0);
}

/** What a list row says besides its state: hidden, asker blocked, consulted. */
function rowFlag(q) {
  if (q.hidden) return 'Oculta: participante bloqueado';
  if (page.book.blockOf(q)) return 'Participante bloqueado';
  if (!OPEN_STATES.has(q.state)) return '';
  if (consultedToMe(q) && q.agency !== myAgency()) return 'Le consultan';
  return q.consults.length ? 'Consultada' : '';
}

function pageError(text) {
  show($('#carga'), false);
  const el = $('#error-pagina');
  fill(el, text, ' ', h('a', { href: '/' }, 'Volver a las sesiones de ayuda'));
  el.hidden = false;
}

function only(sectionId) {
  for (const id of ['carga', 'acceso', 'elegir', 'consola']) show($(`#${id}`), id === sectionId);
}

// ---------------------------------------------------------------- login

function showLogin(notice = '') {
  if (page.connection) page.connection.stop();
  page.connection = null;
  only('acceso');
  setError($('#acceso-aviso'), notice);
  focusTo($('#usuario'));
}

async function onLoginSubmit(event) {
  event.preventDefault();
  const username = $('#usuario').value.trim();
  const password = $('#clave').value;
  const error = $('#acceso-error');
  if (!username || !password) {
    setError(error, !username ? 'Escriba su usuario.' : 'Escriba su contraseña.');
    (!username ? $('#usuario') : $('#clave')).setAttribute('aria-invalid', 'true');
    focusTo(!username ? $('#usuario') : $('#clave'));
    return;
  }
  $('#usuario').removeAttribute('aria-invalid');
  $('#clave').removeAttribute('aria-invalid');
  $('#ingresar').disabled = true;
  try {
    const data = await login(username, password);
    page.me = (data && data.you) || (await getMe());
    $('#clave').value = '';
    setError(error, '');
    afterLogin();
  } catch (e) {
    setError(error, e instanceof ApiError && e.status === 401 ? 'Usuario o contraseña incorrectos.' : e.message);
    focusTo(error);
  } finally {
    $('#ingresar').disabled = false;
  }
}

async function onLogout() {
  if (page.connection) page.connection.stop();
  page.connection = null;
  try {
    await logout();
  } catch {
    /* the cookie may already be gone; the login form is shown anyway */
  }
  page.me = null;
  window.location.reload();
}

// ---------------------------------------------------------------- choose a session (no ?id=)

async function showChooser() {
  only('elegir');
  const list = $('#elegir-lista');
  try {
    const sessions = await getSessions();
    const items = (Array.isArray(sessions) ? sessions : []).filter((s) => s.state !== 'archived');
    fill(list, items.length ? items.map((s) => h('li', { className: 'card' },
      h('h2', {}, h('a', { href: `/moderacion?id=${s.id}` }, s.title || `Sesión ${s.id}`)),
      h('p', {}, `${sessionStateLabel(s.state)} · ${formatRange(s.starts_at, s.ends_at, s.time_zone || DEFAULT_TIME_ZONE)}`)))
      : h('li', { className: 'empty' }, 'No hay sesiones de ayuda para moderar.'));
  } catch (e) {
    pageError(`No fue posible cargar las sesiones de ayuda. ${e.message}`);
  }
  focusTo($('#elegir-titulo'));
}

// ---------------------------------------------------------------- console

function afterLogin() {
  if (!sessionId) {
    showChooser();
    return;
  }
  only('consola');
  fill($('#consola-usted'), 'Modera: ', h('strong', {}, (page.me && page.me.name) || ''),
    page.me && page.me.agency ? ` · ${agencyLabel(page.me.agency)}` : '');
  fillQueueFilter();
  focusTo($('#consola-titulo'));
  connect();
}

function connect() {
  if (page.connection) page.connection.stop();
  // A new Connection replays from seq 0: start afresh so nothing shows twice.
  page.book = new QuestionBook({ keepHidden: true });
  page.selected = null;
  page.dirty.clear();
  page.synced = false;
  page.view.reset();
  replayedActivity.length = 0;
  renderDetail();
  page.paused = false; // the replay from seq 0 says it again
  renderPause();
  $('#actividad').replaceChildren();
  page.connection = new Connection({
    session: sessionId,
    joinFields: () => ({ as: 'moderator' }),
    storageKey: `helpchat.moderator-pending.${sessionId}`,
    cidPrefix: 'm',
    handlers: {
      welcome: onWelcome,
      event: onEvent,
      synced: () => {
        $('#actividad-log').setAttribute('aria-busy', 'false');
        if (!page.synced) {
          page.synced = true;
          flushReplayedActivity();
          render(); // the whole replay at once, then row by row
          // How long the console took to show its list (the browser tests print it; nothing depends on it).
          performance.mark('helpchat-console-ready');
          document.body.dataset.console = 'ready';
        }
        scheduleRender();
        // Drafts show the text of the chat answer they came from: load them once the transcript and the form are here.
        if (!page.draftsRequested) {
          page.draftsRequested = true;
          page.formReady.then(() => page.faqDrafts.load()).then(refreshDetailSoon);
        }
      },
      state: (state, info) => {
        showConnectionState($('#conexion'), state, info);
        document.body.dataset.connection = state;
      },
      ack: onAck,
      commandError: onCommandError,
      joinError: onJoinError,
    },
  });
  page.connection.start();
}

function onWelcome(msg) {
  page.session = { ...(page.session || {}), ...(msg.session || {}) };
  page.you = msg.you || page.you;
  renderSessionHead(page.session, 'consola');
  fill($('#consola-titulo'), `Moderación: ${page.session.title || `sesión ${sessionId}`}`);
  document.title = `Moderación: ${page.session.title || ''} · helpchat`;
  fill($('#consola-usted'), 'Modera: ', h('strong', {}, page.you.name || ''), page.you.agency ? ` · ${agencyLabel(page.you.agency)}` : '');
  $('#actividad-log').setAttribute('aria-busy', 'true');
  renderPause();
  fillQueueFilter();
}

function onJoinError(msg) {
  if (msg.code === 'unauthenticated') {
    showLogin('Su sesión de moderación terminó. Ingrese de nuevo.');
    return;
  }
  only(null);
  pageError(msg.message || 'No fue posible entrar a la sesión de ayuda.');
}

function onEvent(ev, { replay }) {
  if (ev.type === 'session_state_changed') {
    page.session.state = ev.to;
    renderSessionHead(page.session, 'consola');
  } else if (ev.type === 'moderator_paused') {
    if (isMe(ev.moderator)) {
      page.paused = ev.paused === true;
      renderPause();
    }
  } else {
    for (const id of page.book.apply(ev)) page.dirty.add(id);
  }
  appendActivity(ev);
  if (page.synced) scheduleRender();
  if (!replay && ev.type === 'question_asked' && ev.question && (ev.question.agency === myAgency() || ev.question.agency === 'triage')) {
    document.title = `(nueva) Moderación: ${page.session.title || ''} · helpchat`;
  }
  if (!replay && ev.type === 'question_claimed' && ev.automatic === true && isMe(ev.moderator)) {
    document.title = `(asignada) Moderación: ${page.session.title || ''} · helpchat`;
    announce(`Se le asignó automáticamente la pregunta ${questionNumber(ev.question)}.`);
  }
}

// ---- pausing automatic assignment

function renderPause() {
  const button = $('#pausa');
  // Routing hands work to moderators only (docs/protocol.md, "Automatic assignment"): an admin has nothing to pause.
  show(button, !isAdmin());
  if (isAdmin()) {
    $('#pausa-estado').textContent = 'Como administrador no recibe preguntas automáticamente: tómelas con «Tomar».';
    return;
  }
  button.setAttribute('aria-pressed', page.paused ? 'true' : 'false');
  button.textContent = page.paused ? 'Reanudar asignación automática' : 'Pausar asignación automática';
  // Not disabled while the command is in flight (a disabled button drops the keyboard focus); a second press then
  // waits for the first, see onPauseClick.
  button.setAttribute('aria-busy', page.pauseCid !== null ? 'true' : 'false');
  $('#pausa-estado').textContent = page.paused
    ? 'Asignación automática en pausa: no recibe preguntas nuevas, pero puede tomarlas con «Tomar».'
    : 'Asignación automática activa: las preguntas de su agencia le llegan sin tomarlas.';
}

function onPauseClick() {
  if (page.pauseCid !== null || !page.connection) return;
  setError($('#pausa-error'), '');
  page.pauseCid = page.connection.send({ type: 'pause', paused: !page.paused });
  renderPause();
  $('#pausa-estado').textContent = page.connection.state === 'live'
    ? (page.paused ? 'Reanudando la asignación automática…' : 'Pausando la asignación automática…')
    : 'Sin conexión: se enviará al reconectar.';
}

/** Lines of the first replay, appended in one go at `synced` (measuring the log's scroll per line cost a layout each). */
const replayedActivity = [];

function appendActivity(ev) {
  const item = eventItem(ev, ctx());
  if (!item) return;
  if (!page.synced) {
    replayedActivity.push(item);
    return;
  }
  const log = $('#actividad-log');
  const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 8;
  $('#actividad').append(item);
  if (atBottom) log.scrollTop = log.scrollHeight;
}

function flushReplayedActivity() {
  if (!replayedActivity.length) return;
  $('#actividad').append(...replayedActivity);
  replayedActivity.length = 0;
  const log = $('#actividad-log');
  log.scrollTop = log.scrollHeight;
}

// ---- rendering: coalesced to one pass per frame whatever the number of events; only changed rows are touched

function scheduleRender() {
  if (page.renderQueued) return;
  page.renderQueued = true;
  window.requestAnimationFrame(() => {
    page.renderQueued = false;
    render();
  });
}

function refreshDetailSoon() {
  page.detailDirty = true;
  scheduleRender();
}

function render() {
  const changed = [...page.dirty];
  page.dirty.clear();
  const now = Date.now();
  const key = focusKey();
  for (const id of changed) page.view.update(id, now);
  page.view.refreshCounts();
  page.view.refreshTabStop();
  page.view.renderSummary(now);
  restoreFocus(key);
  const q = page.selected ? page.book.get(page.selected) : null;
  // The pane shows the selected question and the other questions of its entity: re-render it when one of those moved.
  const touchesDetail = q && changed.some((id) => {
    const other = page.book.get(id);
    return id === q.id || (other && other.asker.dane_code && other.asker.dane_code === q.asker.dane_code);
  });
  if (page.detailDirty || touchesDetail) {
    page.detailDirty = false;
    renderDetail();
  }
  if (changed.length) page.merger.refresh(changed);
}

/** Remembers which control had focus (by data-focus), so moving a row between lists can put it back. */
function focusKey() {
  const el = document.activeElement;
  return el && el.dataset ? el.dataset.focus || null : null;
}

function restoreFocus(key) {
  if (!key || (document.activeElement && document.activeElement.dataset.focus === key)) return;
  const el = document.querySelector(`[data-focus="${CSS.escape(key)}"]`);
  if (el) el.focus({ preventScroll: true });
}

// ---- filters

function fillQueueFilter() {
  const select = $('#filtro-cola');
  const previous = select.value;
  const mine = myAgency();
  fill(select,
    mine !== 'triage' ? h('option', { value: 'mine' }, `${agencyLabel(mine)} y Soporte general`) : null,
    h('option', { value: 'consulted' }, 'Consultas para mi entidad'),
    Object.entries(AGENCIES).map(([id, label]) => h('option', { value: id }, label)),
    h('option', { value: 'all' }, 'Todas las colas'));
  // Triage questions are the moderator's to answer too, so they show by default; an admin acts on every queue.
  select.value = previous && [...select.options].some((o) => o.value === previous) ? previous
    : isAdmin() || mine === 'triage' ? (isAdmin() ? 'all' : 'triage') : 'mine';
  applyFilters();
}

function fillFormFilters() {
  const sections = $('#filtro-seccion');
  const fields = $('#filtro-campo');
  const keepSection = sections.value;
  const keepField = fields.value;
  fill(sections, h('option', { value: '' }, 'Todas las secciones'),
    page.form.sections.map((s) => h('option', { value: s.id }, s.title)),
    h('option', { value: NO_SECTION }, 'Sin sección (preguntas generales)'));
  const options = [h('option', { value: '' }, 'Todos los campos'), h('option', { value: 'general' }, 'Pregunta general')];
  for (const s of page.form.sections) {
    options.push(h('optgroup', { label: s.title },
      h('option', { value: s.id }, `Toda la sección: ${s.title}`),
      s.fields.map((f) => h('option', { value: f.id }, f.label)),
      s.rowFields.map((f) => h('option', { value: f.id }, `Fila de actividades: ${f.label}`))));
  }
  fields.replaceChildren(...options);
  if ([...sections.options].some((o) => o.value === keepSection)) sections.value = keepSection;
  if ([...fields.options].some((o) => o.value === keepField)) fields.value = keepField;
}

let filterFrame = 0;
function applyFilters() {
  window.cancelAnimationFrame(filterFrame);
  filterFrame = 0;
  page.view.setFilter({
    queue: $('#filtro-cola').value || 'all',
    state: $('#filtro-estado').value,
    section: $('#filtro-seccion').value,
    field: $('#filtro-campo').value,
    text: $('#filtro-texto').value,
  });
}

/** Typing in the search box filters once per frame however fast the keys come. */
function applyFiltersSoon() {
  if (!filterFrame) filterFrame = window.requestAnimationFrame(applyFilters);
  sayCountSoon();
}

let countTimer = 0;
/** Says how many questions the filters leave once the moderator pauses (not at every key). */
function sayCountSoon() {
  window.clearTimeout(countTimer);
  countTimer = window.setTimeout(() => announce($('#cola-resumen').textContent), 800);
}

function onSummaryPick(agency, section) {
  $('#filtro-cola').value = agency;
  $('#filtro-seccion').value = section || '';
  $('#filtro-campo').value = '';
  applyFilters();
  const shown = $('#cola-resumen').textContent;
  announce(`Lista filtrada: ${agencyLabel(agency)}${section ? `, ${sectionTitle(page.form, section === NO_SECTION ? '' : section)}` : ''}. ${shown}`);
}

// ---- the detail pane

function renderDetail() {
  const q = page.selected ? page.book.get(page.selected) : null;
  show($('#detalle-vacio'), !q);
  show($('#detalle-contenido'), !!q);
  if (!q) {
    fill($('#detalle-titulo'), 'Pregunta seleccionada');
    return;
  }
  const c = ctx();
  fill($('#detalle-titulo'), `Pregunta ${questionNumber(q.id)}`);
  const card = createQuestionCard(q, c, { tag: 'div', headingLevel: 3 });
  // The card is rebuilt at each render: a button of it that had the focus ("Proponer como FAQ") gets it back.
  const holder = $('#detalle-tarjeta');
  const key = holder.contains(document.activeElement) ? focusKey() : null;
  fill(holder, card.root);
  if (key) {
    const again = holder.querySelector(`[data-focus="${CSS.escape(key)}"]`);
    focusTo(again || $('#detalle-titulo'));
  }
  renderContext(q);
  const open = OPEN_STATES.has(q.state);
  show($('#detalle-cerrada'), !open);
  show($('#herramienta-tomar'), q.state === 'queued');
  show($('#form-respuesta'), open);
  if (!open && page.picker) page.picker.close();
  show($('#form-trasladar'), open);
  show($('#descartar'), open);
  if (!open) closeDismiss();
  show($('#reabrir'), q.state === 'dismissed' && !q.hidden && mayReopen(q));
  renderConsults(q);
  renderBlock(q);
  // A closed question can still be the main one of a group (an answered question gathers late duplicates).
  const canMerge = q.state !== 'merged' && q.state !== 'dismissed';
  show($('#unir'), canMerge);
  if (!canMerge && page.merger.isOpen()) page.merger.close();
  const destination = $('#agencia-destino');
  if (destination.dataset.from !== q.agency) {
    const previous = destination.value;
    destination.dataset.from = q.agency;
    fill(destination, Object.entries(AGENCIES).filter(([id]) => id !== q.agency).map(([id, label]) => h('option', { value: id }, label)));
    if ([...destination.options].some((o) => o.value === previous)) destination.value = previous;
  }
  $('#descartar-pregunta').textContent = `¿Descartar la pregunta ${questionNumber(q.id)}? Se cierra sin respuesta y la sala verá el motivo.`;
}

// ---- consulting another agency, suggested answers

/**
 * The "Consultar a otra entidad" tool (the agencies other than the question's and the moderator's own), the consults
 * and suggestions made so far with "Usar como respuesta", and, for a consulted agency, the "Sugerir respuesta" form.
 */
function renderConsults(q) {
  const consult = mayConsult(q);
  show($('#consultar'), consult);
  if (!consult) closeConsult();
  const agencies = $('#consulta-entidad');
  const key = `${q.agency}|${myAgency()}`;
  if (agencies.dataset.key !== key) {
    const previous = agencies.value;
    agencies.dataset.key = key;
    fill(agencies, Object.entries(AGENCIES).filter(([id]) => id !== q.agency && id !== myAgency())
      .map(([id, label]) => h('option', { value: id }, label)));
    if ([...agencies.options].some((o) => o.value === previous)) agencies.value = previous;
  }

  const suggest = maySuggest(q);
  const items = [...q.consults.map((c) => ({ c })), ...q.suggestions.map((s) => ({ s }))]
    .sort((a, b) => (a.c || a.s).seq - (b.c || b.s).seq);
  show($('#consultas'), items.length > 0 || suggest);
  show($('#form-sugerir'), suggest);
  const notice = $('#consultas-aviso');
  notice.textContent = consultedToMe(q) && q.agency !== myAgency() && OPEN_STATES.has(q.state)
    ? `Le consultan: la pregunta es de la cola de ${agencyLabel(q.agency)}. Sugiera una respuesta; quien la atiende decide qué responder.`
    : '';
  show(notice, notice.textContent !== '');
  const list = $('#consultas-lista');
  const focused = list.contains(document.activeElement) ? focusKey() : null;
  const open = OPEN_STATES.has(q.state);
  const tz = ctx().timeZone;
  fill(list, items.map(({ c, s }) => {
    const who = (m) => (m && m.name ? `${m.name}${m.agency ? ` (${agencyShortLabel(m.agency)})` : ''}` : 'un moderador');
    const when = (e) => h('time', { datetime: e.at || '' }, formatTime(e.at, tz));
    if (c) {
      return h('li', { className: 'consult', dataset: { seq: String(c.seq) } },
        h('p', { className: 'consult-head' }, h('strong', {}, `Consulta a ${agencyShortLabel(c.agency)}`), c.note ? `: ${c.note}` : ''),
        h('p', { className: 'consult-meta' }, `La hizo ${who(c.moderator)} · `, when(c)));
    }
    const headId = `sugerida-${s.seq}`;
    return h('li', { className: 'suggestion', dataset: { seq: String(s.seq) } },
      h('p', { className: 'consult-head', id: headId },
        h('strong', {}, `Respuesta sugerida por ${s.moderator && s.moderator.name ? s.moderator.name : 'un moderador'} (${agencyShortLabel(s.agency)})`), ':'),
      s.text !== null ? h('p', { className: 'suggestion-text' }, s.text) : null,
      h('p', { className: 'consult-meta' }, when(s)),
      open && s.text !== null ? h('p', { className: 'actions' }, h('button', {
        type: 'button',
        className: 'secondary small',
        'aria-describedby': headId,
        dataset: { focus: `use-suggestion:${s.seq}` },
        onclick: () => useSuggestion(s),
      }, 'Usar como respuesta')) : null);
  }));
  if (focused) focusTo(list.querySelector(`[data-focus="${CSS.escape(focused)}"]`) || $('#consultas-titulo'));
}

/** "Usar como respuesta": the suggestion fills the answer box, to edit and send as usual. */
function useSuggestion(s) {
  const box = $('#respuesta');
  box.value = s.text;
  updateAnswerCounter();
  box.focus();
  box.setSelectionRange(box.value.length, box.value.length);
  announce('La respuesta sugerida quedó en «Respuesta». Revísela y envíela con «Enviar respuesta».');
}

function openConsult() {
  const q = selectedOpen('consultarla');
  if (!q) return;
  show($('#form-consultar'), true);
  $('#consultar-abrir').setAttribute('aria-expanded', 'true');
  $('#consulta-nota').focus();
}

/** Hides the consult form; `clear` (cancel, another question) drops the note, a submit keeps it until the ack. */
function closeConsult({ focus = false, clear = true } = {}) {
  show($('#form-consultar'), false);
  $('#consultar-abrir').setAttribute('aria-expanded', 'false');
  if (clear) {
    $('#consulta-nota').value = '';
    $('#consulta-nota').removeAttribute('aria-invalid');
    setError($('#consulta-nota-error'), '');
  }
  if (focus) $('#consultar-abrir').focus();
}

function onConsultSubmit(event) {
  event.preventDefault();
  const agency = $('#consulta-entidad').value;
  const input = $('#consulta-nota');
  const note = input.value.trim();
  const problem = !note ? 'Escriba qué necesita saber: la otra entidad lo leerá.'
    : [...note].length > MAX_CONSULT_NOTE ? `La nota no puede tener más de ${MAX_CONSULT_NOTE.toLocaleString('es-CO')} caracteres.` : '';
  setError($('#consulta-nota-error'), problem);
  if (problem) {
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    return;
  }
  input.removeAttribute('aria-invalid');
  if (!agency) return;
  send('consult', page.selected, { agency, note });
  closeConsult({ focus: true, clear: false });
}

function onSuggestSubmit(event) {
  event.preventDefault();
  const input = $('#sugerencia');
  const text = input.value.trim();
  const problem = !text ? 'Escriba la respuesta que sugiere.'
    : [...text].length > MAX_SUGGESTION ? `La sugerencia no puede tener más de ${MAX_SUGGESTION.toLocaleString('es-CO')} caracteres.` : '';
  setError($('#sugerencia-error'), problem);
  if (problem) {
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    return;
  }
  input.removeAttribute('aria-invalid');
  send('suggest', page.selected, { text });
}

// ---- blocking the official who asked

/** "Bloquear a quien preguntó", or, once blocked, who blocked them and why, with "Desbloquear" for admins. */
function renderBlock(q) {
  const a = q.asker || {};
  const official = typeof a.participant === 'number';
  show($('#bloquear'), official);
  if (!official) {
    closeBlock();
    return;
  }
  const block = page.book.blockOf(q);
  const name = a.name || 'quien preguntó';
  $('#bloquear-titulo').textContent = block ? 'Participante bloqueado' : 'Bloquear a quien preguntó';
  show($('#bloquear-abrir'), !block);
  if (block) closeBlock();
  const notice = $('#bloqueado');
  notice.textContent = block
    ? `La participación de ${name} en esta sesión está bloqueada${block.moderator && block.moderator.name ? `; la bloqueó ${block.moderator.name}` : ''}.`
      + `${block.reason ? ` Motivo: ${/[.!?…»"]$/.test(block.reason) ? block.reason : `${block.reason}.`}` : ''}${isAdmin() ? '' : ' Solo un administrador puede desbloquearla.'}`
    : '';
  show(notice, !!block);
  show($('#desbloquear'), !!block && isAdmin());
  $('#bloquear-pregunta').textContent = `¿Bloquear a ${name}${entityLabel(a) ? ` (${entityLabel(a)})` : ''}? Sus preguntas abiertas se `
    + 'cierran y dejan de verse en la sala y en el archivo público, y no podrá volver a entrar a esta sesión.';
}

function openBlock() {
  const q = page.selected ? page.book.get(page.selected) : null;
  if (!q || typeof (q.asker || {}).participant !== 'number' || page.book.blockOf(q)) return;
  show($('#form-bloquear'), true);
  $('#bloquear-abrir').setAttribute('aria-expanded', 'true');
  $('#bloqueo-motivo').focus();
}

function closeBlock({ focus = false, clear = true } = {}) {
  show($('#form-bloquear'), false);
  $('#bloquear-abrir').setAttribute('aria-expanded', 'false');
  if (clear) {
    $('#bloqueo-motivo').value = '';
    $('#bloqueo-motivo').removeAttribute('aria-invalid');
    setError($('#bloqueo-motivo-error'), '');
  }
  if (focus) $('#bloquear-abrir').focus();
}

function onBlockSubmit(event) {
  event.preventDefault();
  const q = page.selected ? page.book.get(page.selected) : null;
  if (!q) return;
  const input = $('#bloqueo-motivo');
  const reason = input.value.trim();
  const problem = !reason ? 'Escriba el motivo del bloqueo.'
    : [...reason].length > MAX_BLOCK_REASON ? `El motivo no puede tener más de ${MAX_BLOCK_REASON} caracteres.` : '';
  setError($('#bloqueo-motivo-error'), problem);
  if (problem) {
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    return;
  }
  input.removeAttribute('aria-invalid');
  sendCommand('block', { participant: q.asker.participant, reason }, q.id);
  closeBlock({ clear: false });
  focusTo($('#detalle-titulo'));
}

function onUnblock() {
  const q = page.selected ? page.book.get(page.selected) : null;
  if (!q || !page.book.blockOf(q)) return;
  sendCommand('unblock', { participant: q.asker.participant }, q.id);
}

/** Who asks, from which entity, about which field (with the form's help), and what that entity asked before. */
function renderContext(q) {
  const a = q.asker || {};
  fill($('#contexto-funcionario'), h('strong', {}, a.name || 'Participante'), a.position ? ` · ${a.position}` : '');
  fill($('#contexto-entidad'), entityLabel(a) || '—', a.dane_code ? ` · código DANE ${a.dane_code}` : '');
  const help = fieldHelp(page.form, q.field);
  fill($('#contexto-campo'), h('span', { className: 'context-field' }, fieldLabel(page.form, q.field)),
    ` · cola de ${agencyLabel(q.agency)}`,
    help ? h('span', { className: 'context-help' }, help) : null);
  const earlier = a.dane_code
    ? page.book.all().filter((o) => o.index < q.index && o.asker && o.asker.dane_code === a.dane_code)
    : [];
  const list = $('#contexto-anteriores');
  const key = list.contains(document.activeElement) ? focusKey() : null; // an event may rebuild it under the focus
  const shown = earlier.slice(-EARLIER_SHOWN).reverse(); // the latest first
  fill(list, shown.map((o) => h('li', {},
    h('button', { type: 'button', className: 'link-button', dataset: { focus: `earlier:${o.id}` }, onclick: () => select(o.id, { focusRow: true }) },
      `${questionNumber(o.id)} · ${questionStateLabel(o.state)}`),
    ` · ${o.asker.name || 'Participante'}: ${o.text.length > 120 ? `${o.text.slice(0, 120)}…` : o.text}`)),
  earlier.length > shown.length ? h('li', { className: 'muted' }, `y ${earlier.length - shown.length} más (búsquelas por la entidad).`) : null);
  show($('#contexto-anteriores-vacio'), earlier.length === 0);
  if (key) focusTo(list.querySelector(`[data-focus="${CSS.escape(key)}"]`) || $('#contexto-titulo'));
}

/**
 * Shows question `id` in the detail pane. focusRow: move the focus to its row (keyboard navigation); focusDetail:
 * to the pane's heading.
 */
function select(id, { focusRow = false, focusDetail = false } = {}) {
  if (page.selected !== id) {
    if (page.selected !== null) page.drafts.set(page.selected, $('#respuesta').value);
    if (page.picker) page.picker.close();
    if (page.merger.isOpen()) page.merger.close();
    closeDismiss();
    closeConsult();
    closeBlock();
    $('#sugerencia').value = '';
    $('#sugerencia').removeAttribute('aria-invalid');
    setError($('#sugerencia-error'), '');
    page.correcting = null; // a correction is about one answer of the question left
    page.selected = id;
    $('#respuesta').value = page.drafts.get(id) || '';
    $('#visibilidad-publica').checked = true; // private is a deliberate choice for each answer
    updateAnswerCounter();
    setError($('#detalle-error'), '');
    $('#detalle-envio').textContent = '';
    $('#traslado-motivo').value = ''; // a reason is about one question
    $('#traslado-motivo').removeAttribute('aria-invalid');
    setError($('#traslado-motivo-error'), '');
    page.view.setSelected(id);
    renderDetail();
  }
  const row = page.view.rowButton(id);
  if (focusRow && row && !row.closest('li').hidden) row.focus();
  else if (focusRow || focusDetail) focusTo($('#detalle-titulo'));
}

// ---- keyboard: one-key shortcuts, off while typing in a field

function shortcutsOn() {
  return $('#atajos-activos').checked;
}

/** Focus in a control that takes letters (the shortcuts then stay out of the way). */
function typingIn(el) {
  if (!el || !el.closest) return false;
  if (el.isContentEditable || el.closest('textarea, select')) return true;
  const input = el.closest('input');
  return !!input && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(input.type);
}

const inList = (el) => !!(el && el.closest && el.closest('#mias, #cola'));

function onShortcut(e) {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
  if ($('#consola').hidden) return;
  const target = e.target;
  if (e.key === 'Escape') {
    // Out of a tool of the detail pane, back to the list (the FAQ picker and the merge picker handle their own Esc).
    if (target.closest && target.closest('#form-descartar')) {
      e.preventDefault();
      closeDismiss({ focus: true });
    } else if (target.closest && target.closest('#form-consultar')) {
      e.preventDefault();
      closeConsult({ focus: true });
    } else if (target.closest && target.closest('#form-bloquear')) {
      e.preventDefault();
      closeBlock({ focus: true });
    } else if (target.closest && target.closest('#detalle, #filtros') && page.selected !== null) {
      e.preventDefault();
      select(page.selected, { focusRow: true });
    }
    return;
  }
  if (typingIn(target)) return;
  const arrows = inList(target) && ['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key);
  if (!arrows && !shortcutsOn()) return;
  const run = {
    n: takeNext,
    j: () => move(1),
    k: () => move(-1),
    ArrowDown: () => move(1),
    ArrowUp: () => move(-1),
    Home: () => move(-Infinity),
    End: () => move(Infinity),
    c: claimSelected,
    r: focusAnswer,
    p: toggleVisibility,
    t: focusTransfer,
    m: openMerge,
    d: openDismiss,
    f: () => $('#filtro-texto').focus(),
  }[e.key];
  if (!run || (e.key.startsWith('Arrow') || e.key === 'Home' || e.key === 'End') && !arrows) return;
  e.preventDefault(); // the letter is the command: it must not land in the field it focuses
  run();
}

function move(delta) {
  const ids = page.view.visibleIds();
  if (!ids.length) {
    announce('La lista está vacía con estos filtros.');
    return;
  }
  const at = ids.indexOf(page.selected);
  let next;
  if (delta === -Infinity) next = 0;
  else if (delta === Infinity) next = ids.length - 1;
  else if (at < 0) next = delta > 0 ? 0 : ids.length - 1;
  else next = Math.min(ids.length - 1, Math.max(0, at + delta));
  select(ids[next], { focusRow: true });
}

/** The oldest waiting question this moderator may take, whatever the filters: selected and claimed. */
function takeNext() {
  const q = page.book.all().find((o) => o.state === 'queued' && mayAct(o) && !pendingClaim(o.id));
  if (!q) {
    announce('No hay preguntas en espera que usted pueda tomar.');
    return;
  }
  select(q.id, { focusRow: true });
  send('claim', q.id, {});
}

const pendingClaim = (id) => [...page.inFlight.values()].some((i) => i.kind === 'claim' && i.question === id);

function selectedOpen(action) {
  const q = page.selected ? page.book.get(page.selected) : null;
  if (!q) {
    announce(`Escoja primero una pregunta para ${action}.`);
    return null;
  }
  if (!OPEN_STATES.has(q.state)) {
    announce(`La pregunta ${questionNumber(q.id)} ya está cerrada.`);
    return null;
  }
  return q;
}

function claimSelected() {
  const q = selectedOpen('tomarla');
  if (!q) return;
  if (q.state !== 'queued') {
    announce(isMe(q.holder) ? `Ya tiene la pregunta ${questionNumber(q.id)}.` : `La pregunta ${questionNumber(q.id)} ya está en atención.`);
    return;
  }
  send('claim', q.id, {});
}

function focusAnswer() {
  if (selectedOpen('responderla')) $('#respuesta').focus();
}

function toggleVisibility() {
  if (!selectedOpen('responderla')) return;
  const priv = $('#visibilidad-privada');
  const next = priv.checked ? $('#visibilidad-publica') : priv;
  next.checked = true;
  announce(next === priv ? 'La respuesta será privada: solo para quien pregunta.' : 'La respuesta será para toda la sala.');
}

function focusTransfer() {
  if (selectedOpen('trasladarla')) $('#agencia-destino').focus();
}

function openMerge() {
  const q = page.selected ? page.book.get(page.selected) : null;
  if (!q || q.state === 'merged' || q.state === 'dismissed') {
    announce(q ? `La pregunta ${questionNumber(q.id)} no puede recibir otras.` : 'Escoja primero la pregunta principal.');
    return;
  }
  if (!page.merger.isOpen()) page.merger.open();
  else $('#unir-consulta').focus();
}

function openDismiss() {
  if (!selectedOpen('descartarla')) return;
  show($('#form-descartar'), true);
  $('#descartar-abrir').setAttribute('aria-expanded', 'true');
  $('#motivo').focus();
}

function closeDismiss({ focus = false } = {}) {
  show($('#form-descartar'), false);
  $('#descartar-abrir').setAttribute('aria-expanded', 'false');
  $('#motivo').value = '';
  if (focus) $('#descartar-abrir').focus();
}

// ---- commands

/** Sends a command about `question`; `about` is the question whose pane shows how it went (merge: the main one). */
function send(kind, question, fields, about = question) {
  return sendCommand(kind, { question, ...fields }, question, about);
}

/** Sends command `body` of type `kind`; `question` and `about` say which question it concerns (block: the one shown). */
function sendCommand(kind, body, question, about = question) {
  const cid = page.connection.send({ type: kind, ...body });
  page.inFlight.set(cid, { question, kind, text: body.text, about });
  if (about === page.selected) {
    setError($('#detalle-error'), '');
    $('#detalle-envio').textContent = page.connection.state === 'live' ? ACTION_WORDS[kind][0] : 'Sin conexión: se enviará al reconectar.';
  }
  return cid;
}

function onAck(cid, seq, command) {
  if (command && command.type === 'pause') {
    // The moderator_paused event came before this ack and already set page.paused.
    if (cid === page.pauseCid) page.pauseCid = null;
    renderPause();
    announce(page.paused ? 'Asignación automática en pausa.' : 'Asignación automática reanudada.');
    return;
  }
  const info = page.inFlight.get(cid) || { kind: command.type, question: command.question, about: command.into || command.question };
  page.inFlight.delete(cid);
  const words = ACTION_WORDS[info.kind];
  let done = words && info.question ? `${words[1]} ${questionNumber(info.question)}.` : 'Hecho.';
  if (info.kind === 'merge') done = `Unió la pregunta ${questionNumber(info.question)} a la ${questionNumber(info.about)}.`;
  if (info.kind === 'answer') {
    page.drafts.delete(info.question);
    if (page.selected === info.question && $('#respuesta').value.trim() === (info.text || '').trim()) {
      $('#respuesta').value = '';
      $('#visibilidad-publica').checked = true;
      updateAnswerCounter();
    }
  }
  if (info.kind === 'transfer' && page.selected === info.question) $('#traslado-motivo').value = '';
  if (info.kind === 'consult' && page.selected === info.question && $('#form-consultar').hidden) $('#consulta-nota').value = '';
  if (info.kind === 'suggest' && page.selected === info.question && $('#sugerencia').value.trim() === (info.text || '').trim()) {
    $('#sugerencia').value = '';
  }
  if (info.kind === 'block' && page.selected === info.question) $('#bloqueo-motivo').value = '';
  if (page.selected === info.about) $('#detalle-envio').textContent = done;
  else announce(done);
}

function onCommandError(cid, msg, command, { willRetry } = {}) {
  if (command && command.type === 'pause') {
    if (!willRetry && cid === page.pauseCid) page.pauseCid = null;
    renderPause();
    setError($('#pausa-error'), `${msg.message || 'El servidor no aceptó la operación.'}${willRetry ? ' Se intentará de nuevo en unos segundos.' : ''}`);
    return;
  }
  const info = (cid && page.inFlight.get(cid)) || null;
  if (!willRetry && cid) page.inFlight.delete(cid);
  const message = `${msg.message || 'El servidor no aceptó la operación.'}${willRetry ? ' Se intentará de nuevo en unos segundos.' : ''}`;
  const about = info ? info.about : command && (command.into || command.question);
  const subject = info ? info.question : command && command.question;
  if (about && page.selected === about && command && command.type === 'consult' && $('#consulta-nota').value.trim()) {
    show($('#form-consultar'), true); // the note is still there: correct it or choose another agency
    $('#consultar-abrir').setAttribute('aria-expanded', 'true');
  }
  if (about && page.selected === about) {
    $('#detalle-envio').textContent = '';
    setError($('#detalle-error'), subject && subject !== about ? `Pregunta ${questionNumber(subject)}: ${message}` : message);
  } else {
    announce(subject ? `Pregunta ${questionNumber(subject)}: ${message}` : message, { assertive: false });
  }
}

// ---- FAQ: canned answers and proposals

/** Puts the entry's answer into the composer at the caret (links spelled out: the chat shows plain text). */
function insertFaqAnswer(hit) {
  const box = $('#respuesta');
  const text = `${faqPlainText(hit.answer)}\n\nMás información: ${window.location.origin}${faqEntryHref(hit.id)}`;
  const start = box.selectionStart ?? box.value.length;
  const end = box.selectionEnd ?? start;
  const before = box.value.slice(0, start);
  const gap = before && !/\n\s*$/.test(before) ? '\n\n' : '';
  box.value = before + gap + text + box.value.slice(end);
  const caret = (before + gap + text).length;
  box.focus();
  box.setSelectionRange(caret, caret);
  updateAnswerCounter();
  announce(`Se insertó la respuesta del FAQ «${hit.question}». Revísela y envíela con «Enviar respuesta».`);
}

/** Whether the server would let this moderator reopen dismissed question `q` (its agency's queue or triage; admins any). */
function mayReopen(q) {
  return isAdmin() || q.agency === myAgency() || q.agency === 'triage';
}

/** Whether the server would let this moderator correct answer `a`: its author, their agency, or an admin. */
function mayCorrect(a) {
  return isAdmin() || isMe(a.moderator) || (!!a.moderator && a.moderator.agency === myAgency());
}

/**
 * Under each answer the moderator can read: "Corregir" (an inline form while open) and "Proponer como FAQ", or a link
 * to the proposal already made.
 */
function answerActions(a) {
  if (a.text === null) return null;
  if (page.correcting && page.correcting.answer === a.id) return correctionForm(a);
  const correct = mayCorrect(a) ? h('button', {
    type: 'button',
    className: 'secondary small',
    dataset: { focus: `correct:${a.id}` },
    onclick: () => {
      page.correcting = { answer: a.id, text: a.text };
      renderDetail();
      focusTo(document.querySelector(`[data-focus="correction:${a.id}"]`));
    },
  }, 'Corregir') : null;
  const faq = faqAction(a);
  return correct || faq ? h('p', { className: 'answer-tools' }, correct, correct && faq ? ' ' : null, faq) : null;
}

/** The correction of answer `a`: its text to edit, sent as `correct`; the original stays in the transcript. */
function correctionForm(a) {
  const id = `correccion-${a.id}`;
  const close = () => {
    page.correcting = null;
    renderDetail();
    focusTo(document.querySelector(`[data-focus="correct:${a.id}"]`) || $('#detalle-titulo'));
  };
  return h('form', {
    className: 'correction',
    novalidate: true,
    onsubmit: (event) => {
      event.preventDefault();
      const text = page.correcting.text.trim();
      if (!text || [...text].length > MAX_ANSWER) {
        setError($('#detalle-error'), text ? `La corrección no puede tener más de ${MAX_ANSWER.toLocaleString('es-CO')} caracteres.` : 'Escriba el texto corregido.');
        return;
      }
      const cid = page.connection.send({ type: 'correct', answer: a.id, text });
      page.inFlight.set(cid, { question: page.selected, kind: 'correct', text, about: page.selected });
      $('#detalle-envio').textContent = ACTION_WORDS.correct[0];
      close();
    },
  },
  h('label', { for: id }, `Texto corregido de la respuesta ${questionNumber(a.id)}`),
  h('textarea', {
    id,
    rows: 4,
    dataset: { focus: `correction:${a.id}` },
    'aria-describedby': `${id}-ayuda`,
    oninput: (e) => { page.correcting.text = e.target.value; },
    onkeydown: (e) => { if (e.key === 'Escape') { e.stopPropagation(); close(); } },
  }, page.correcting.text),
  h('span', { id: `${id}-ayuda`, className: 'hint' }, 'Quien preguntó verá el texto nuevo marcado «Corregida»; la transcripción de moderación guarda el original.'),
  h('div', { className: 'actions' },
    h('button', { type: 'submit' }, 'Guardar la corrección'),
    h('button', { type: 'button', className: 'secondary', onclick: close }, 'Cancelar')));
}

/** "Proponer como FAQ", or a link to the proposal already made from answer `a`. */
function faqAction(a) {
  if (!page.faqDrafts) return null;
  const existing = page.faqDrafts.forAnswer(sessionId, a.id);
  if (existing) {
    return h('a', {
      href: `#propuesta-${existing.id}`,
      dataset: { focus: `draft:${a.id}` },
      onclick: (e) => {
        e.preventDefault();
        page.faqDrafts.focusDraft(existing.id);
      },
    }, existing.status === 'published' ? `Publicada en el FAQ (propuesta n.º ${existing.id})` : `Ver la propuesta de FAQ n.º ${existing.id}`);
  }
  return h('button', {
    type: 'button',
    className: 'secondary small',
    dataset: { focus: `propose:${a.id}` },
    onclick: (e) => onPropose(a, e.currentTarget),
  }, 'Proponer como FAQ');
}

async function onPropose(a, button) {
  button.disabled = true;
  setError($('#detalle-error'), '');
  $('#detalle-envio').textContent = 'Creando la propuesta de FAQ…';
  try {
    await page.faqDrafts.propose(sessionId, a.id);
    $('#detalle-envio').textContent = '';
  } catch (e) {
    $('#detalle-envio').textContent = '';
    setError($('#detalle-error'), `No se pudo proponer como FAQ. ${e.message}`);
    if (button.isConnected) button.disabled = false;
  }
}

function updateAnswerCounter() {
  const n = [...$('#respuesta').value.trim()].length;
  const counter = $('#respuesta-contador');
  counter.textContent = `${n.toLocaleString('es-CO')} de ${MAX_ANSWER.toLocaleString('es-CO')} caracteres`;
  counter.dataset.level = n > MAX_ANSWER ? 'over' : n > MAX_ANSWER - 200 ? 'near' : 'ok';
}

function onAnswerSubmit(event) {
  event.preventDefault();
  const text = $('#respuesta').value.trim();
  const error = $('#detalle-error');
  if (!text) {
    setError(error, 'Escriba la respuesta antes de enviarla.');
    $('#respuesta').focus();
    return;
  }
  if ([...text].length > MAX_ANSWER) {
    setError(error, `La respuesta no puede tener más de ${MAX_ANSWER.toLocaleString('es-CO')} caracteres.`);
    $('#respuesta').focus();
    return;
  }
  const visibility = $('input[name="visibilidad"]:checked').value;
  send('answer', page.selected, { text, visibility });
}

function transferReasonProblem(reason) {
  if (!reason) return 'Escriba el motivo del traslado: la agencia que la recibe lo verá.';
  if ([...reason].length > MAX_TRANSFER_REASON) return `El motivo no puede tener más de ${MAX_TRANSFER_REASON} caracteres.`;
  return '';
}

function onTransferSubmit(event) {
  event.preventDefault();
  const agency = $('#agencia-destino').value;
  const input = $('#traslado-motivo');
  const reason = input.value.trim();
  const problem = transferReasonProblem(reason);
  setError($('#traslado-motivo-error'), problem);
  if (problem) {
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    return;
  }
  input.removeAttribute('aria-invalid');
  if (agency) send('transfer', page.selected, { agency, reason });
}

/** One `merge` per ticked question, each into the selected one. */
function onMerge(ids, into) {
  for (const id of ids) send('merge', id, { into }, into);
  $('#detalle-envio').textContent = ids.length === 1 ? 'Uniendo 1 pregunta…' : `Uniendo ${ids.length} preguntas…`;
}

function onDismissSubmit(event) {
  event.preventDefault();
  const id = page.selected;
  const reason = $('#motivo').value.trim();
  closeDismiss();
  send('dismiss', id, { reason });
  focusTo($('#detalle-titulo'));
}

// The list and the pane sit side by side from 64rem (helpchat.css); narrower, the pane comes after the whole list.
const oneColumn = window.matchMedia('(max-width: 63.99rem)');

function onListClick(event) {
  const button = event.target.closest('button.qrow');
  if (!button) return;
  // A click (or Enter) on a row opens it; in one column the pane is far below the list, so the focus goes there.
  select(Number(button.closest('li').dataset.question), oneColumn.matches ? { focusDetail: true } : { focusRow: true });
}

// ---------------------------------------------------------------- start

function main() {
  page.view = new QueueView({
    mineList: $('#mias'),
    list: $('#cola'),
    mineCount: $('#mias-cuenta'),
    mineEmpty: $('#mias-vacia'),
    listEmpty: $('#cola-vacia'),
    count: $('#cola-resumen'),
    summary: $('#colas-tabla'),
    book: () => page.book,
    form: () => page.form,
    isMine,
    myAgency,
    consultedToMe,
    flagOf: rowFlag,
    onSummaryPick,
  });
  page.merger = new MergePicker({
    toggle: $('#unir-abrir'),
    container: $('#unir-buscador'),
    input: $('#unir-consulta'),
    results: $('#unir-opciones'),
    status: $('#unir-estado'),
    submit: $('#unir-enviar'),
    cancel: $('#unir-cancelar'),
    error: $('#unir-error'),
    target: () => (page.selected ? page.book.get(page.selected) : null),
    candidates: () => page.book.all().filter(mayAct),
    form: () => page.form,
    onMerge,
  });
  fillFormFilters();
  $('#form-acceso').addEventListener('submit', onLoginSubmit);
  $('#salir').addEventListener('click', onLogout);
  $('#mias').addEventListener('click', onListClick);
  $('#cola').addEventListener('click', onListClick);
  $('#filtros').addEventListener('submit', (e) => e.preventDefault());
  $('#filtro-texto').addEventListener('input', applyFiltersSoon);
  for (const id of ['filtro-cola', 'filtro-estado', 'filtro-seccion', 'filtro-campo']) {
    $(`#${id}`).addEventListener('change', () => {
      applyFilters();
      sayCountSoon();
    });
  }
  $('#siguiente').addEventListener('click', takeNext);
  document.addEventListener('keydown', onShortcut);
  const shortcuts = $('#atajos-activos');
  try {
    shortcuts.checked = window.localStorage.getItem(SHORTCUTS_KEY) !== 'off';
  } catch { /* no storage: on */ }
  shortcuts.addEventListener('change', () => {
    try {
      window.localStorage.setItem(SHORTCUTS_KEY, shortcuts.checked ? 'on' : 'off');
    } catch { /* the choice lasts for this page only */ }
  });
  window.setInterval(() => page.view.tick(), TICK_MS);

  $('#tomar').addEventListener('click', claimSelected);
  $('#form-respuesta').addEventListener('submit', onAnswerSubmit);
  $('#respuesta').addEventListener('input', updateAnswerCounter);
  $('#respuesta').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) $('#form-respuesta').requestSubmit();
  });
  page.picker = new FaqPicker({
    composer: $('#respuesta'),
    button: $('#faq-abrir'),
    container: $('#faq-buscador'),
    input: $('#faq-consulta'),
    listbox: $('#faq-opciones'),
    status: $('#faq-buscador-estado'),
    context: () => {
      const q = page.selected ? page.book.get(page.selected) : null;
      return { text: q ? q.text : '', field: q ? q.field : '' };
    },
    onInsert: insertFaqAnswer,
  });
  page.faqDrafts = new FaqDrafts({
    list: $('#propuestas-lista'),
    status: $('#propuestas-estado'),
    heading: $('#propuestas-titulo'),
    form: () => page.form,
    who: () => page.you || page.me,
    timeZone: () => (page.session && page.session.time_zone) || DEFAULT_TIME_ZONE,
    onChange: () => {
      for (const d of page.faqDrafts.drafts.values()) if (d.status === 'published') page.faqTitles.set(d.entry_id, d.question);
      refreshDetailSoon();
    },
    entryExists: (id) => page.faqTitles.has(id),
  });
  $('#propuestas-actualizar').addEventListener('click', () => page.faqDrafts.load().then(refreshDetailSoon));
  $('#form-trasladar').addEventListener('submit', onTransferSubmit);
  $('#traslado-motivo').addEventListener('input', () => {
    // The message goes as soon as there is a reason; it is not repeated at every key.
    if ($('#traslado-motivo').value.trim() && $('#traslado-motivo').hasAttribute('aria-invalid')) {
      $('#traslado-motivo').removeAttribute('aria-invalid');
      setError($('#traslado-motivo-error'), '');
    }
  });
  $('#pausa').addEventListener('click', onPauseClick);
  $('#reabrir-boton').addEventListener('click', () => send('reopen', page.selected, {}));
  $('#descartar-abrir').addEventListener('click', () => ($('#form-descartar').hidden ? openDismiss() : closeDismiss({ focus: true })));
  $('#descartar-cancelar').addEventListener('click', () => closeDismiss({ focus: true }));
  $('#form-descartar').addEventListener('submit', onDismissSubmit);
  $('#consultar-abrir').addEventListener('click', () => ($('#form-consultar').hidden ? openConsult() : closeConsult({ focus: true })));
  $('#consultar-cancelar').addEventListener('click', () => closeConsult({ focus: true }));
  $('#form-consultar').addEventListener('submit', onConsultSubmit);
  $('#form-sugerir').addEventListener('submit', onSuggestSubmit);
  $('#bloquear-abrir').addEventListener('click', () => ($('#form-bloquear').hidden ? openBlock() : closeBlock({ focus: true })));
  $('#bloquear-cancelar').addEventListener('click', () => closeBlock({ focus: true }));
  $('#form-bloquear').addEventListener('submit', onBlockSubmit);
  $('#desbloquear').addEventListener('click', onUnblock);
  window.addEventListener('focus', () => {
    if (page.session) document.title = `Moderación: ${page.session.title || ''} · helpchat`;
  });

  page.formReady = getForm().then((form) => {
    page.form = indexForm(form);
    fillFormFilters();
    page.view.refreshLabels();
    page.view.renderSummary();
    refreshDetailSoon();
  }).catch(() => { /* labels fall back to field ids */ });
  getFaq().then((faq) => {
    for (const e of (faq && Array.isArray(faq.entries)) ? faq.entries : []) if (e && e.id) page.faqTitles.set(e.id, e.question);
    refreshDetailSoon();
  }).catch(() => { /* entries are then named by their ids */ });

  start();
}

async function start() {
  try {
    page.me = await getMe();
  } catch (e) {
    pageError(`No fue posible consultar su sesión. ${e.message}`);
    return;
  }
  if (!page.me) showLogin();
  else afterLogin();
}

main();
