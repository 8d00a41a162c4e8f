// Official page (/sesion?id=N): join form (entity pickers), then the live room: ask by form field, follow the answers.
import { ApiError, getDepartments, getForm, getMunicipalities, getSessions } from './api.js';
import { Connection } from './connection.js';
import { $, announce, fill, focusTo, h, queryInt, setError, show } from './dom.js';
import { DEFAULT_TIME_ZONE, acceptsQuestions, formatDateTime, formatRange, zoneLabel } from './format.js';
import { GENERAL_FIELD, fieldAgencyLabel, fieldHelp, fieldLabel, fillFieldPicker, indexForm } from './form-model.js';
import { faqFieldHref, faqLink, meaningfulLength } from './faq-text.js';
import { QuestionBook } from './questions.js';
import { announcementText, meaningfulChange, nowOf, queueStatus, statusText } from './queue-position.js';
import { renderSessionHead, showConnectionState } from './session-head.js';
import { createQuestionCard, isAskerOf, questionNumber, updateQuestionCard } from './transcript.js';

const MAX_QUESTION = 2000;
const sessionId = queryInt('id');
const tokenKey = `helpchat.token.${sessionId}`;
const pendingKey = `helpchat.pending.${sessionId}`;

const storage = {
  get(key) { try { return window.localStorage.getItem(key); } catch { return null; } },
  set(key, value) { try { window.localStorage.setItem(key, value); } catch { /* private mode: rejoin will not work */ } },
  remove(key) { try { window.localStorage.removeItem(key); } catch { /* ignore */ } },
};

const page = {
  session: null, // from /api/sessions, then from welcome / session_state_changed
  you: null,
  form: null, // indexForm() result
  book: new QuestionBook(),
  cards: new Map(),
  connection: null,
  joining: null, // {official} while the first join is in flight
  suggestions: null, // FaqSuggestions (./faq-suggestions.js), loaded when the official first types a question
  suggestionsLoading: null,
  similar: null, // SimilarQuestions (./similar-questions.js), loaded with the FAQ suggestions
};

const ctx = () => ({
  you: page.you,
  role: 'official',
  timeZone: (page.session && page.session.time_zone) || DEFAULT_TIME_ZONE,
  form: page.form,
  book: page.book,
  faqTitles: page.suggestions ? page.suggestions.titles : null,
  faqNewTab: true, // leaving the page would drop what the official is typing
  onJoin: joinQuestion,
});

function pageError(text) {
  show($('#carga'), false);
  const el = $('#error-pagina');
  fill(el, text, ' ', h('a', { href: '/' }, 'Volver a las sesiones de ayuda'));
  el.hidden = false;
}

// ---------------------------------------------------------------- join form

const codeOf = (o) => o.code;

let departmentsLoaded = false;

async function loadDepartments() {
  if (departmentsLoaded) return; // keep the person's choice when the form is shown again after an error
  const select = $('#departamento');
  try {
    const data = await getDepartments();
    const depts = (data && data.departments) || [];
    fill(select, h('option', { value: '' }, 'Seleccione el departamento'),
      depts.map((d) => h('option', { value: codeOf(d) }, d.name)));
    departmentsLoaded = true;
  } catch (e) {
    fill(select, h('option', { value: '' }, 'No se pudieron cargar los departamentos'));
    setError($('#ingreso-errores'), `No fue posible cargar la lista de departamentos. ${e.message}`);
  }
}

async function loadMunicipalities() {
  const dept = $('#departamento').value;
  const select = $('#municipio');
  const status = $('#municipio-estado');
  select.disabled = true;
  if (!dept) {
    fill(select, h('option', { value: '' }, 'Primero seleccione el departamento'));
    status.textContent = '';
    return;
  }
  fill(select, h('option', { value: '' }, 'Cargando municipios…'));
  status.textContent = 'Cargando municipios…';
  try {
    const data = await getMunicipalities(dept);
    if ($('#departamento').value !== dept) return; // the person changed department meanwhile
    const munis = (data && data.municipalities) || [];
    fill(select, h('option', { value: '' }, 'Seleccione el municipio'),
      munis.map((m) => h('option', { value: codeOf(m) }, m.name)));
    select.disabled = false;
    status.textContent = `${munis.length} municipios disponibles.`;
  } catch (e) {
    fill(select, h('option', { value: '' }, 'No se pudieron cargar los municipios'));
    status.textContent = `No fue posible cargar los municipios. ${e.message}`;
  }
}

function entityType() {
  return $('input[name="tipo"]:checked').value;
}

function onEntityTypeChange() {
  const isMayor = entityType() === 'alcaldia';
  show($('#campo-municipio'), isMayor);
  $('#municipio').required = isMayor;
}

function fieldProblem(input, errorEl, message) {
  if (message) {
    input.setAttribute('aria-invalid', 'true');
    setError(errorEl, message);
  } else {
    input.removeAttribute('aria-invalid');
    setError(errorEl, '');
  }
  return message;
}

function readJoinForm() {
  const name = $('#nombre').value.trim();
  const position = $('#cargo').value.trim();
  const type = entityType();
  const dept = $('#departamento').value;
  const muni = $('#municipio').value;
  const problems = [
    [$('#nombre'), fieldProblem($('#nombre'), $('#nombre-error'), name ? '' : 'Escriba su nombre.')],
    [$('#cargo'), fieldProblem($('#cargo'), $('#cargo-error'), position ? '' : 'Escriba su cargo.')],
    [$('#departamento'), fieldProblem($('#departamento'), $('#departamento-error'), dept ? '' : 'Seleccione el departamento.')],
    [$('#municipio'), fieldProblem($('#municipio'), $('#municipio-error'), type === 'alcaldia' && !muni ? 'Seleccione el municipio.' : '')],
  ].filter(([, message]) => message);
  return { problems, official: { name, position, entity_type: type, dane_code: type === 'alcaldia' ? muni : dept } };
}

function onJoinSubmit(event) {
  event.preventDefault();
  if (page.joining) return;
  const summary = $('#ingreso-errores');
  const { problems, official } = readJoinForm();
  if (problems.length) {
    fill(summary, h('p', {}, problems.length === 1 ? 'Hay un dato por corregir:' : `Hay ${problems.length} datos por corregir:`),
      h('ul', {}, problems.map(([input, message]) => h('li', {}, h('a', { href: `#${input.id}` }, message)))));
    summary.hidden = false;
    focusTo(summary);
    return;
  }
  setError(summary, '');
  page.joining = { official };
  $('#entrar').disabled = true;
  $('#ingreso-progreso').textContent = 'Entrando a la sesión…';
  connect();
}

// ---------------------------------------------------------------- room

function joinFields() {
  const token = storage.get(tokenKey);
  if (token) return { as: 'official', token };
  return { as: 'official', official: page.joining.official };
}

function connect() {
  if (page.connection) page.connection.stop();
  // A new Connection replays from seq 0: start the list afresh so nothing shows twice.
  page.book = new QuestionBook();
  page.cards.clear();
  $('#preguntas').replaceChildren();
  page.connection = new Connection({
    session: sessionId,
    joinFields,
    storageKey: pendingKey,
    cidPrefix: 'o',
    handlers: {
      welcome: onWelcome,
      event: onEvent,
      synced: onSynced,
      state: (state, info) => {
        showConnectionState($('#conexion'), state, info);
        document.body.dataset.connection = state;
        if (page.joining && state === 'reconnecting') $('#ingreso-progreso').textContent = 'Sin conexión con el servidor; reintentando…';
      },
      ack: onAck,
      commandError: onCommandError,
      pendingChanged: renderPending,
      joinError: onJoinError,
      excluded: ({ reason }) => showBlocked(reason),
    },
  });
  renderPending(page.connection.pendingList());
  page.connection.start();
}

function onWelcome(msg) {
  if (msg.token) storage.set(tokenKey, msg.token);
  if (page.joining && msg.token) page.connection.clearPending(); // a new participant: old cids are not theirs
  page.session = { ...(page.session || {}), ...(msg.session || {}) };
  page.you = msg.you || page.you;
  const firstEntry = $('#sala').hidden;
  page.joining = null;
  $('#entrar').disabled = false;
  $('#ingreso-progreso').textContent = '';
  show($('#carga'), false);
  show($('#ingreso'), false);
  show($('#sala'), true);
  renderRoomHead();
  $('#preguntas-log').setAttribute('aria-busy', 'true');
  if (firstEntry) {
    document.title = `${page.session.title || 'Sesión de ayuda'} · helpchat`;
    focusTo($('#sala-titulo'));
  }
}

function renderRoomHead() {
  renderSessionHead(page.session, 'sala');
  if (page.you) {
    fill($('#sala-usted'), 'Participa como ', h('strong', {}, page.you.name || ''));
  }
  const open = acceptsQuestions(page.session.state);
  const closedNote = $('#preguntar-cerrado');
  if (open) {
    closedNote.hidden = true;
  } else {
    const tz = page.session.time_zone || DEFAULT_TIME_ZONE;
    closedNote.textContent = page.session.state === 'scheduled'
      ? `La sesión todavía no recibe preguntas.${page.session.opens_at ? ` Se abre el ${formatDateTime(page.session.opens_at, tz)} (${zoneLabel(tz)}).` : ''}`
      : 'La sesión ya terminó y no recibe más preguntas. Las respuestas públicas quedan en el archivo.';
    closedNote.hidden = false;
  }
  $('#enviar').disabled = !open;
}

function onEvent(ev, { replay }) {
  if (ev.at) queue.lastEventAt = ev.at;
  if (ev.type === 'session_state_changed') {
    page.session.state = ev.to;
    renderRoomHead();
    if (!replay) announce(`La sesión de ayuda ahora está: ${$('#sala-estado').textContent}.`);
    return;
  }
  // The moderators' own business: nothing for the room. (answer_suggested changes nothing an official sees; the book
  // keeps it without its text.)
  if (ev.type === 'moderator_paused' || ev.type === 'official_unblocked') return;
  const changed = page.book.apply(ev);
  const c = ctx();
  for (const id of changed) {
    const q = page.book.get(id);
    const card = page.cards.get(id);
    if (!q) {
      // A blocked official's question (official_blocked): gone from the room, and from every queue position.
      if (card) card.root.remove();
      page.cards.delete(id);
      queue.announced.delete(id);
    } else if (card) {
      updateQuestionCard(card, q, c);
    } else {
      const created = createQuestionCard(q, c);
      page.cards.set(id, created);
      $('#preguntas').append(created.root);
    }
  }
  show($('#preguntas-vacia'), page.cards.size === 0);
  if (!replay) {
    refreshQueuePositions();
    if (page.similar && changed.length) page.similar.render();
  }
}

function onSynced() {
  $('#preguntas-log').setAttribute('aria-busy', 'false');
  show($('#preguntas-vacia'), page.cards.size === 0);
  refreshQueuePositions({ catchingUp: true });
}

// ---------------------------------------------------------------- queue position (./queue-position.js)

const QUEUE_REFRESH_MS = 30000; // the estimate moves with the clock too

const queue = {
  lastEventAt: null, // `at` of the last event seen: "now" is never earlier (nowOf)
  announced: new Map(), // question id → the status last said in #posicion-anuncio
};

/**
 * Updates the line under each of the official's own open questions (position, estimated wait) and says in
 * #posicion-anuncio only what changed meaningfully (meaningfulChange). Leaving the queue (assigned, answered) is not
 * said here: the card's state line in the questions log already says it. Skipped while a replay runs (onSynced
 * catches up), so a long history costs one pass, not one per event.
 */
function refreshQueuePositions({ catchingUp = false } = {}) {
  if (!page.you || !page.session) return;
  const questions = page.book.all();
  const nowMs = nowOf(Date.now(), queue.lastEventAt);
  const spoken = [];
  for (const q of questions) {
    const card = page.cards.get(q.id);
    if (!card || !isAskerOf(q, page.you)) continue;
    const status = queueStatus(questions, q.id, { nowMs, endsAt: page.session.ends_at });
    if (!card.queueLine) {
      // Inside the questions log (a live region): aria-live="off" keeps every small change from being read out.
      card.queueLine = h('p', { className: 'queue-position', 'aria-live': 'off' });
      card.state.after(card.queueLine);
    }
    const text = statusText(status);
    if (card.queueLine.textContent !== text) card.queueLine.textContent = text;
    show(card.queueLine, text !== '');
    const prev = queue.announced.get(q.id);
    if (!meaningfulChange(prev, status)) continue;
    queue.announced.set(q.id, status);
    // A status first seen while catching up (page load) is the baseline, not news.
    if ((prev || !catchingUp) && status && status.state === 'queued') spoken.push(announcementText(q.id, status));
  }
  if (spoken.length) {
    const region = $('#posicion-anuncio');
    region.textContent = '';
    window.setTimeout(() => { region.textContent = spoken.join(' '); }, 50); // the same words twice are said twice
  }
}

/**
 * A moderator blocked this official: the server closed the link (1008 with its reason) or refuses the stored token
 * (`forbidden`). The token is kept, so a reload says the same instead of offering the join form; nothing reconnects.
 */
function showBlocked(message) {
  if (page.connection) page.connection.stop();
  page.joining = null;
  show($('#ingreso'), false);
  show($('#sala'), false);
  pageError(message || 'Su participación en esta sesión fue bloqueada por un moderador.');
  document.body.dataset.blocked = 'true';
  focusTo($('#error-pagina'));
}

function onJoinError(msg) {
  const message = msg.message || 'No fue posible entrar a la sesión.';
  if (msg.code === 'forbidden' && storage.get(tokenKey)) {
    showBlocked(message);
    return;
  }
  if (msg.code === 'unauthenticated' && storage.get(tokenKey)) {
    // The stored participation is not known any more (e.g. a new server): ask who they are again.
    storage.remove(tokenKey);
    page.connection.clearPending();
    showJoinForm('Su participación anterior ya no es válida. Escriba de nuevo sus datos para entrar.');
    return;
  }
  if (msg.code === 'unknown_session') {
    show($('#ingreso'), false);
    show($('#sala'), false);
    pageError(message);
    return;
  }
  page.joining = null;
  showJoinForm();
  $('#entrar').disabled = false;
  $('#ingreso-progreso').textContent = '';
  const summary = $('#ingreso-errores');
  setError(summary, message);
  focusTo(summary);
}

// ---------------------------------------------------------------- asking

function questionLength() {
  return [...$('#pregunta').value.trim()].length;
}

const COUNTER_MESSAGES = {
  ok: '',
  near: 'Quedan menos de 200 caracteres.',
  over: `Su pregunta supera el máximo de ${MAX_QUESTION.toLocaleString('es-CO')} caracteres.`,
};

function updateCounter() {
  const n = questionLength();
  const counter = $('#pregunta-contador');
  const fmt = (x) => x.toLocaleString('es-CO');
  counter.textContent = `${fmt(n)} de ${fmt(MAX_QUESTION)} caracteres`;
  const level = n > MAX_QUESTION ? 'over' : n > MAX_QUESTION - 200 ? 'near' : 'ok';
  // Announced only when the level changes, not at every key.
  if (counter.dataset.level !== level) $('#contador-anuncio').textContent = COUNTER_MESSAGES[level];
  counter.dataset.level = level;
}

function updateFieldAgency() {
  const field = $('#campo').value;
  $('#campo-agencia').textContent = page.form
    ? [fieldHelp(page.form, field), `La responde: ${fieldAgencyLabel(page.form, field)}.`].filter(Boolean).join(' ')
    : '';
  // The field's answers on the FAQ page (which falls back to the shared row field or the section when a field has
  // none of its own).
  const faq = $('#campo-faq');
  const f = page.form && page.form.fields.get(field);
  let words = 'Preguntas frecuentes generales';
  if (f && f.kind === 'section') words = `Preguntas frecuentes de la sección «${f.label}»`;
  else if (f && f.kind !== 'general') words = `Preguntas frecuentes sobre «${f.label}»`;
  fill(faq, faqLink(faqFieldHref(field || GENERAL_FIELD), words, { newTab: true }));
  faq.hidden = false;
}

function onAskSubmit(event) {
  event.preventDefault();
  const textarea = $('#pregunta');
  const error = $('#pregunta-error');
  const text = textarea.value.trim();
  let problem = '';
  if (!acceptsQuestions(page.session && page.session.state)) problem = 'La sesión no está recibiendo preguntas en este momento.';
  else if (!text) problem = 'Escriba su pregunta antes de enviarla.';
  else if ([...text].length > MAX_QUESTION) problem = `La pregunta no puede tener más de ${MAX_QUESTION.toLocaleString('es-CO')} caracteres.`;
  if (problem) {
    textarea.setAttribute('aria-invalid', 'true');
    setError(error, problem);
    textarea.focus();
    return;
  }
  textarea.removeAttribute('aria-invalid');
  setError(error, '');
  page.connection.send({ type: 'ask', field: $('#campo').value || GENERAL_FIELD, text });
  textarea.value = '';
  updateCounter();
  if (page.suggestions) page.suggestions.clear();
  if (page.similar) page.similar.clear();
  show($('#resuelta-aviso'), false);
  announce(page.connection.state === 'live' ? 'Enviando su pregunta…' : 'Sin conexión: su pregunta se enviará al reconectar.');
}

/**
 * Loads the suggestions' code the first time the official types something searchable (it is not part of the first
 * load, which must stay light), then lets it search for what is in the box already.
 */
function loadSuggestions() {
  if (page.suggestionsLoading) return;
  page.suggestionsLoading = Promise.all([import('./faq-suggestions.js'), import('./similar-questions.js')]).then(([{ FaqSuggestions }, { SimilarQuestions }]) => {
    page.suggestions = new FaqSuggestions({
      textarea: $('#pregunta'),
      fieldSelect: $('#campo'),
      section: $('#sugerencias'),
      list: $('#sugerencias-lista'),
      live: $('#sugerencias-anuncio'),
      onResolve: onResolvedByFaq,
      canResolve: () => acceptsQuestions(page.session && page.session.state),
    });
    page.suggestions.schedule();
    page.similar = new SimilarQuestions({
      sessionId,
      textarea: $('#pregunta'),
      fieldSelect: $('#campo'),
      section: $('#parecidas'),
      list: $('#parecidas-lista'),
      live: $('#parecidas-anuncio'),
      context: () => ({ book: page.book, you: page.you, labelOf: (field) => fieldLabel(page.form, field) }),
      onJoin: joinQuestion,
    });
    page.similar.schedule();
  }).catch(() => {
    page.suggestionsLoading = null; // offline for a moment: try again at the next key
  });
}

/**
 * "Esto resolvió mi duda" on a suggestion: the question is still recorded (counted for its field, shown in the list)
 * but closed at once as answered by that entry, so it never waits for a moderator.
 */
function onResolvedByFaq(hit, typed) {
  const textarea = $('#pregunta');
  const error = $('#pregunta-error');
  const text = typed.trim();
  let problem = '';
  if (!acceptsQuestions(page.session && page.session.state)) problem = 'La sesión no está recibiendo preguntas en este momento.';
  else if (!text) problem = 'Escriba su pregunta para que quede registrada.';
  else if ([...text].length > MAX_QUESTION) problem = `La pregunta no puede tener más de ${MAX_QUESTION.toLocaleString('es-CO')} caracteres.`;
  if (problem) {
    setError(error, problem);
    textarea.focus();
    return;
  }
  textarea.removeAttribute('aria-invalid');
  setError(error, '');
  page.connection.send({ type: 'ask', field: $('#campo').value || GENERAL_FIELD, text, resolved_by_faq: hit.id });
  textarea.value = '';
  updateCounter();
  if (page.suggestions) page.suggestions.clear();
  const offline = page.connection.state !== 'live';
  const note = `Gracias. Anotamos que la pregunta frecuente «${hit.question}» resolvió su duda; su pregunta no se envió a `
    + `los moderadores.${offline ? ' Sin conexión: quedará registrada al reconectar.' : ''} Si necesita algo más, escriba otra pregunta.`;
  const aviso = $('#resuelta-aviso');
  aviso.textContent = note;
  show(aviso, true);
  announce(note);
  textarea.focus();
}

/**
 * "Yo también tengo esta pregunta": the official joins question `q` as a co-asker (me_too) instead of asking it
 * again; its answers, private ones too, reach them and its card counts them. What they typed stays in the box.
 */
function joinQuestion(q) {
  if (!page.connection) return;
  page.connection.send({ type: 'me_too', question: q.id });
  const offline = page.connection.state !== 'live';
  const typed = $('#pregunta').value.trim();
  const note = `Se sumó a la pregunta ${questionNumber(q.id)}: verá aquí su respuesta.${offline ? ' Sin conexión: se registrará al reconectar.' : ''}`
    + `${typed ? ' Si ya no necesita enviar la suya, puede borrar el texto que escribió.' : ''}`;
  const aviso = $('#resuelta-aviso');
  aviso.textContent = note;
  show(aviso, true);
  announce(note);
}

function onAck(cid, seq, command) {
  if (command.type !== 'ask') return;
  if (command.resolved_by_faq) return; // already said when the button was pressed
  const q = page.book.all().find((x) => x.seq === seq);
  announce(q ? `Su pregunta número ${q.id} fue recibida.` : 'Su pregunta fue recibida.');
}

function onCommandError(cid, msg, command, { willRetry } = {}) {
  const message = msg.message || 'El servidor no aceptó la operación.';
  if (willRetry) {
    announce(`${message} Se intentará de nuevo en unos segundos.`);
    return;
  }
  const textarea = $('#pregunta');
  if (command && (command.resolved_by_faq || command.type === 'me_too')) show($('#resuelta-aviso'), false); // not recorded after all
  if (command && command.type === 'ask' && !textarea.value.trim()) {
    textarea.value = command.text; // give the words back so nothing typed is lost
    updateCounter();
  }
  textarea.setAttribute('aria-invalid', 'true');
  setError($('#pregunta-error'), message);
}

function renderPending(list) {
  const asks = list.filter((e) => e.command.type === 'ask');
  show($('#pendientes-bloque'), asks.length > 0);
  fill($('#pendientes'), asks.map((e) => h('li', { dataset: { cid: e.cid } },
    h('span', { className: 'tag tag-pending' }, e.command.resolved_by_faq ? 'Registrando…' : 'Enviando…'), ' ',
    h('span', {}, e.command.text.length > 140 ? `${e.command.text.slice(0, 140)}…` : e.command.text))));
}

// ---------------------------------------------------------------- wiring

function showJoinForm(notice = '') {
  show($('#carga'), false);
  show($('#sala'), false);
  show($('#ingreso'), true);
  setError($('#ingreso-aviso'), notice);
  if (page.session) {
    fill($('#ingreso-sesion'), h('strong', {}, page.session.title || ''), ' · ',
      formatRange(page.session.starts_at, page.session.ends_at, page.session.time_zone || DEFAULT_TIME_ZONE));
  }
  loadDepartments();
}

function onLeave() {
  // eslint-disable-next-line no-alert
  if (!window.confirm('¿Salir de la sesión? Este navegador olvidará su participación y las respuestas privadas ya no se mostrarán aquí.')) return;
  if (page.connection) {
    page.connection.clearPending();
    page.connection.stop();
  }
  storage.remove(tokenKey);
  window.location.reload();
}

async function main() {
  if (!sessionId) {
    pageError('Falta el número de la sesión de ayuda en la dirección (por ejemplo /sesion?id=1).');
    return;
  }
  $('#form-ingreso').addEventListener('submit', onJoinSubmit);
  $('#departamento').addEventListener('change', loadMunicipalities);
  for (const radio of document.querySelectorAll('input[name="tipo"]')) radio.addEventListener('change', onEntityTypeChange);
  $('#form-pregunta').addEventListener('submit', onAskSubmit);
  $('#pregunta').addEventListener('input', () => {
    updateCounter();
    show($('#resuelta-aviso'), false);
    if (!page.suggestions && meaningfulLength($('#pregunta').value) >= 3) loadSuggestions();
  });
  $('#pregunta').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) $('#form-pregunta').requestSubmit();
  });
  $('#campo').addEventListener('change', updateFieldAgency);
  $('#solo-mias').addEventListener('change', (e) => $('#preguntas').classList.toggle('only-mine', e.target.checked));
  $('#salir').addEventListener('click', onLeave);
  window.setInterval(() => refreshQueuePositions(), QUEUE_REFRESH_MS);

  // The form model is needed for the picker and for labels; load it alongside the session list.
  const formPromise = getForm().then((form) => {
    page.form = indexForm(form);
    fillFieldPicker($('#campo'), page.form);
    updateFieldAgency();
  }).catch((e) => {
    page.form = indexForm({});
    fillFieldPicker($('#campo'), page.form);
    announce(`No se pudo cargar el formato; puede hacer preguntas generales. ${e.message}`);
  });

  try {
    const sessions = await getSessions();
    page.session = (Array.isArray(sessions) ? sessions : []).find((s) => s.id === sessionId) || null;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    // Not fatal: with a stored token the WebSocket welcome brings the session anyway.
  }
  if (!page.session && !storage.get(tokenKey)) {
    pageError(`No existe la sesión de ayuda número ${sessionId}, o no fue posible consultarla.`);
    return;
  }
  await formPromise;
  if (storage.get(tokenKey)) {
    fill($('#carga'), 'Volviendo a entrar a la sesión…');
    connect();
  } else {
    showJoinForm();
  }
}

main();
