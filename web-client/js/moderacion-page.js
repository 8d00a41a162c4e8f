// Moderator page (/moderacion?id=N): login, then the console: queue (with automatic assignments), claim, answer (with
// canned FAQ answers), transfer with a reason, merge, dismiss, pause automatic assignment, propose answers as FAQ
// entries, log.
import { ApiError, getFaq, getForm, getMe, getSessions, login, logout } from './api.js';
import { Connection } from './connection.js';
import { $, announce, fill, focusTo, h, queryInt, setError, show } from './dom.js';
import { AGENCIES, DEFAULT_TIME_ZONE, agencyLabel, formatRange, formatTime, questionStateLabel, sessionStateLabel } from './format.js';
import { fieldLabel, indexForm } from './form-model.js';
import { OPEN_STATES, QuestionBook } from './questions.js';
import { renderSessionHead, showConnectionState } from './session-head.js';
import { askerDetails, createQuestionCard, eventItem, questionNumber, routingNotes, stateDetails } from './transcript.js';
import { FaqDrafts } from './faq-drafts.js';
import { FaqPicker } from './faq-picker.js';
import { faqEntryHref, faqPlainText } from './faq-text.js';

const MAX_ANSWER = 4000;
const MAX_TRANSFER_REASON = 500;
const sessionId = queryInt('id');

const page = {
  me: null, // from /api/me or login
  you: null, // from welcome
  session: null,
  form: indexForm({}),
  book: new QuestionBook(),
  connection: null,
  selected: null, // question id shown in the detail panel
  drafts: new Map(), // question id → answer text not sent yet
  inFlight: new Map(), // cid → {question, kind, text}
  renderQueued: false,
  formReady: Promise.resolve(), // getForm() done (or failed)
  faqTitles: new Map(), // FAQ entry id → its question, to name the entries that resolved questions
  draftsRequested: false,
  picker: null, // FaqPicker: canned answers in the composer
  faqDrafts: null, // FaqDrafts: the "Propuestas de FAQ" panel
  paused: false, // automatic assignment paused for this moderator (from the replayed moderator_paused events)
  pauseCid: null, // the pause command in flight
};

const STATE_GROUPS = [
  { id: 'espera', title: 'En espera', states: ['queued'] },
  { id: 'atencion', title: 'En atención', states: ['assigned'] },
  { id: 'cerradas', title: 'Cerradas', states: ['answered', 'answered_by_faq', 'merged', 'dismissed'], collapsed: true },
];

const ACTION_WORDS = {
  claim: ['Tomando la pregunta…', 'Tomó la pregunta'],
  answer: ['Enviando la respuesta…', 'Respuesta enviada a la pregunta'],
  transfer: ['Trasladando…', 'Trasladó la pregunta'],
  merge: ['Uniendo…', 'Unió la pregunta'],
  dismiss: ['Descartando…', 'Descartó la pregunta'],
};

const isMe = (mod) => !!(mod && page.you && mod.participant === page.you.participant);

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
  focusTo($('#consola-titulo'));
  connect();
}

function connect() {
  if (page.connection) page.connection.stop();
  // A new Connection replays from seq 0: start afresh so nothing shows twice.
  page.book = new QuestionBook();
  page.selected = null;
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
        scheduleRender();
        // Drafts show the text of the chat answer they came from: load them once the transcript and the form are here.
        if (!page.draftsRequested) {
          page.draftsRequested = true;
          page.formReady.then(() => page.faqDrafts.load()).then(scheduleRender);
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
    page.book.apply(ev);
  }
  appendActivity(ev);
  if (!replay) scheduleRender();
  if (!replay && ev.type === 'question_asked' && ev.question && (ev.question.agency === myAgency() || ev.question.agency === 'triage')) {
    document.title = `(nueva) Moderación: ${page.session.title || ''} · helpchat`;
  }
  if (!replay && ev.type === 'question_claimed' && ev.automatic === true && isMe(ev.moderator)) {
    document.title = `(asignada) Moderación: ${page.session.title || ''} · helpchat`;
    announce(`Se le asignó automáticamente la pregunta ${questionNumber(ev.question)}.`);
  }
}

// ---- pausing automatic assignment

const isAdmin = () => ((page.you && page.you.role) || (page.me && page.me.role)) === 'admin';

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

function appendActivity(ev) {
  const item = eventItem(ev, ctx());
  if (!item) return;
  const log = $('#actividad-log');
  const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 8;
  $('#actividad').append(item);
  if (atBottom) log.scrollTop = log.scrollHeight;
}

// ---- rendering the queue; coalesced to one pass per frame whatever the number of events

function scheduleRender() {
  if (page.renderQueued) return;
  page.renderQueued = true;
  window.requestAnimationFrame(() => {
    page.renderQueued = false;
    renderQueue();
    renderDetail();
  });
}

function filterValue() {
  return $('input[name="filtro"]:checked').value;
}

function visible(q) {
  const f = filterValue();
  if (f === 'all') return true;
  if (f === 'triage') return q.agency === 'triage';
  // Routing may give a moderator a general support question: what they hold is theirs whatever its queue.
  return q.agency === myAgency() || (q.state === 'assigned' && isMe(q.holder));
}

/** Remembers which control had focus (by data-focus), so a re-render can put it back. */
function focusKey() {
  const el = document.activeElement;
  return el && el.dataset ? el.dataset.focus || null : null;
}

function restoreFocus(key) {
  if (!key) return;
  const el = document.querySelector(`[data-focus="${CSS.escape(key)}"]`);
  if (el) {
    el.focus();
    return;
  }
  // The control is gone (e.g. "Tomar" after claiming): fall back to the same question's "Abrir" button.
  const id = key.split(':')[1];
  const fallback = document.querySelector(`[data-focus="open:${CSS.escape(id)}"]`);
  focusTo(fallback || $('#cola-titulo'));
}

function queueItem(q) {
  const c = ctx();
  const selected = page.selected === q.id;
  const title = `Pregunta ${questionNumber(q.id)}`;
  return h('li', { className: 'queue-item', dataset: { question: String(q.id), state: q.state }, 'aria-current': selected ? 'true' : false },
    h('p', { className: 'question-title' }, h('strong', {}, title), ' · ', q.asker.name || '',
      askerDetails(q.asker) ? h('span', { className: 'asker-details' }, ` · ${askerDetails(q.asker)}`) : null),
    h('p', { className: 'question-sub' }, h('time', { datetime: q.at }, formatTime(q.at, c.timeZone)), ' · ', fieldLabel(page.form, q.field)),
    h('p', { className: 'question-text' }, q.text),
    h('p', { className: 'question-state' }, h('span', { className: `badge badge-${q.state}` }, questionStateLabel(q.state)), stateDetails(q, c)),
    routingNotes(q, c),
    h('div', { className: 'actions' },
      h('button', { type: 'button', className: 'secondary small', dataset: { focus: `open:${q.id}`, action: 'open', question: String(q.id) },
        'aria-label': `Abrir la pregunta ${questionNumber(q.id)}` }, 'Abrir'),
      q.state === 'queued'
        ? h('button', { type: 'button', className: 'small', dataset: { focus: `claim:${q.id}`, action: 'claim', question: String(q.id) },
          'aria-label': `Tomar la pregunta ${questionNumber(q.id)}` }, 'Tomar')
        : null));
}

function renderQueue() {
  const key = focusKey();
  const openDetails = new Set([...document.querySelectorAll('#cola details[open]')].map((d) => d.dataset.group));
  const all = page.book.all().filter(visible);
  const counts = [];
  const groups = STATE_GROUPS.map((g) => {
    const inGroup = all.filter((q) => g.states.includes(q.state));
    counts.push(`${g.title}: ${inGroup.length}`);
    const headingId = `grupo-${g.id}`;
    const byAgency = Object.keys(AGENCIES).concat([...new Set(inGroup.map((q) => q.agency))].filter((a) => !(a in AGENCIES)))
      .map((agency) => [agency, inGroup.filter((q) => q.agency === agency)])
      .filter(([, qs]) => qs.length);
    const body = byAgency.length
      ? byAgency.map(([agency, qs]) => h('section', { className: 'queue-sub', 'aria-label': `${g.title}: ${agencyLabel(agency)}` },
        h('h4', {}, `${agencyLabel(agency)} (${qs.length})`),
        h('ul', { className: 'queue-list' }, qs.map(queueItem))))
      : h('p', { className: 'empty' }, 'Ninguna.');
    if (g.collapsed) {
      const details = h('details', { className: 'queue-group', dataset: { group: g.id } },
        h('summary', { dataset: { focus: `group:${g.id}` } }, `${g.title} (${inGroup.length})`), body);
      details.open = openDetails.has(g.id);
      return details;
    }
    return h('section', { className: 'queue-group', 'aria-labelledby': headingId },
      h('h3', { id: headingId }, `${g.title} `, h('span', { className: 'muted' }, `(${inGroup.length})`)), body);
  });
  fill($('#cola'), groups);
  $('#cola-resumen').textContent = `${counts.join(' · ')}.`;
  restoreFocus(key);
}

function renderDetail() {
  const q = page.selected ? page.book.get(page.selected) : null;
  show($('#detalle-vacio'), !q);
  show($('#detalle-contenido'), !!q);
  if (!q) return;
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
  const open = OPEN_STATES.has(q.state);
  show($('#detalle-cerrada'), !open);
  show($('#herramienta-tomar'), q.state === 'queued');
  show($('#form-respuesta'), open);
  if (!open && page.picker) page.picker.close();
  show($('#form-trasladar'), open);
  show($('#form-descartar'), open);
  show($('#form-unir'), open);
  const destination = $('#agencia-destino');
  const previous = destination.value;
  fill(destination, Object.entries(AGENCIES).filter(([id]) => id !== q.agency).map(([id, label]) => h('option', { value: id }, label)));
  if ([...destination.options].some((o) => o.value === previous)) destination.value = previous;
  const into = $('#unir-con');
  const previousInto = into.value;
  const candidates = page.book.all().filter((o) => o.id !== q.id && o.state !== 'merged');
  fill(into, candidates.length
    ? candidates.map((o) => h('option', { value: String(o.id) },
      `${questionNumber(o.id)} · ${o.asker.name || ''} · ${o.text.length > 70 ? `${o.text.slice(0, 70)}…` : o.text}`))
    : h('option', { value: '' }, 'No hay otras preguntas'));
  if ([...into.options].some((o) => o.value === previousInto)) into.value = previousInto;
}

function select(id, { focus = true } = {}) {
  if (page.selected !== null) page.drafts.set(page.selected, $('#respuesta').value);
  if (page.picker) page.picker.close();
  page.selected = id;
  $('#respuesta').value = page.drafts.get(id) || '';
  $('#visibilidad-publica').checked = true; // private is a deliberate choice for each answer
  updateAnswerCounter();
  setError($('#detalle-error'), '');
  $('#detalle-envio').textContent = '';
  $('#traslado-motivo').value = ''; // a reason is about one question
  $('#traslado-motivo').removeAttribute('aria-invalid');
  setError($('#traslado-motivo-error'), '');
  renderQueue();
  renderDetail();
  if (focus) focusTo($('#detalle-titulo'));
}

// ---- commands

function send(kind, question, fields) {
  const cid = page.connection.send({ type: kind, question, ...fields });
  page.inFlight.set(cid, { question, kind, text: fields.text });
  setError($('#detalle-error'), '');
  $('#detalle-envio').textContent = page.connection.state === 'live' ? ACTION_WORDS[kind][0] : 'Sin conexión: se enviará al reconectar.';
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
  const info = page.inFlight.get(cid) || { kind: command.type, question: command.question };
  page.inFlight.delete(cid);
  const words = ACTION_WORDS[info.kind];
  const done = words ? `${words[1]} ${questionNumber(info.question)}.` : 'Hecho.';
  if (info.kind === 'answer') {
    page.drafts.delete(info.question);
    if (page.selected === info.question && $('#respuesta').value.trim() === (info.text || '').trim()) {
      $('#respuesta').value = '';
      $('#visibilidad-publica').checked = true;
      updateAnswerCounter();
    }
  }
  if (info.kind === 'dismiss' && page.selected === info.question) $('#motivo').value = '';
  if (info.kind === 'transfer' && page.selected === info.question) $('#traslado-motivo').value = '';
  if (page.selected === info.question) $('#detalle-envio').textContent = done;
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
  const about = info ? info.question : command && command.question;
  if (about && page.selected === about) {
    $('#detalle-envio').textContent = '';
    setError($('#detalle-error'), message);
  } else {
    announce(about ? `Pregunta ${questionNumber(about)}: ${message}` : message, { assertive: false });
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

/** Under each answer the moderator can read: "Proponer como FAQ", or a link to the proposal already made. */
function answerActions(a) {
  if (a.text === null || !page.faqDrafts) return null;
  const existing = page.faqDrafts.forAnswer(sessionId, a.id);
  if (existing) {
    return h('p', { className: 'answer-tools' }, h('a', {
      href: `#propuesta-${existing.id}`,
      dataset: { focus: `draft:${a.id}` },
      onclick: (e) => {
        e.preventDefault();
        page.faqDrafts.focusDraft(existing.id);
      },
    }, existing.status === 'published' ? `Publicada en el FAQ (propuesta n.º ${existing.id})` : `Ver la propuesta de FAQ n.º ${existing.id}`));
  }
  return h('p', { className: 'answer-tools' }, h('button', {
    type: 'button',
    className: 'secondary small',
    dataset: { focus: `propose:${a.id}` },
    onclick: (e) => onPropose(a, e.currentTarget),
  }, 'Proponer como FAQ'));
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

function onMergeSubmit(event) {
  event.preventDefault();
  const into = Number($('#unir-con').value);
  if (!into) {
    setError($('#detalle-error'), 'Escoja la pregunta principal.');
    return;
  }
  send('merge', page.selected, { into });
}

function onDismissSubmit(event) {
  event.preventDefault();
  send('dismiss', page.selected, { reason: $('#motivo').value.trim() });
}

function onQueueClick(event) {
  const button = event.target.closest('button[data-action]');
  if (!button) return;
  const id = Number(button.dataset.question);
  if (button.dataset.action === 'open') select(id);
  if (button.dataset.action === 'claim') {
    send('claim', id, {});
    if (page.selected !== id) select(id, { focus: false });
  }
}

// ---------------------------------------------------------------- start

async function main() {
  $('#form-acceso').addEventListener('submit', onLoginSubmit);
  $('#salir').addEventListener('click', onLogout);
  $('#cola').addEventListener('click', onQueueClick);
  for (const r of document.querySelectorAll('input[name="filtro"]')) r.addEventListener('change', () => renderQueue());
  $('#tomar').addEventListener('click', () => send('claim', page.selected, {}));
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
      scheduleRender();
    },
    entryExists: (id) => page.faqTitles.has(id),
  });
  $('#propuestas-actualizar').addEventListener('click', () => page.faqDrafts.load().then(scheduleRender));
  $('#form-trasladar').addEventListener('submit', onTransferSubmit);
  $('#traslado-motivo').addEventListener('input', () => {
    // The message goes as soon as there is a reason; it is not repeated at every key.
    if ($('#traslado-motivo').value.trim() && $('#traslado-motivo').hasAttribute('aria-invalid')) {
      $('#traslado-motivo').removeAttribute('aria-invalid');
      setError($('#traslado-motivo-error'), '');
    }
  });
  $('#pausa').addEventListener('click', onPauseClick);
  $('#form-unir').addEventListener('submit', onMergeSubmit);
  $('#form-descartar').addEventListener('submit', onDismissSubmit);
  window.addEventListener('focus', () => {
    if (page.session) document.title = `Moderación: ${page.session.title || ''} · helpchat`;
  });

  page.formReady = getForm().then((form) => {
    page.form = indexForm(form);
    scheduleRender();
  }).catch(() => { /* labels fall back to field ids */ });
  getFaq().then((faq) => {
    for (const e of (faq && Array.isArray(faq.entries)) ? faq.entries : []) if (e && e.id) page.faqTitles.set(e.id, e.question);
    scheduleRender();
  }).catch(() => { /* entries are then named by their ids */ });

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
