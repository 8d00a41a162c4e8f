// Archive page (/archivo?id=N): the public transcript from GET /api/sessions/ID/transcript as a readable, dated log.
// The questions of officials a moderator blocked are not in it: their `question_asked` comes as a placeholder
// (`hidden: true`, no text) and official_blocked lists them in `hidden`; neither they nor any event about them is shown.
import { getForm, getTranscript } from './api.js';
import { fill, h, queryInt, setError } from './dom.js';
import { DEFAULT_TIME_ZONE, formatDate, plural } from './format.js';
import { indexForm } from './form-model.js';
import { renderSessionHead } from './session-head.js';
import { eventItem } from './transcript-events.js';

/** Ids of the questions withheld from the public: hidden placeholders and those official_blocked hid. */
function hiddenQuestions(events) {
  const hidden = new Set();
  for (const ev of events) {
    if (ev.type === 'question_asked' && ev.question && ev.question.hidden === true) hidden.add(ev.question.id);
    if (ev.type === 'official_blocked' && Array.isArray(ev.hidden)) for (const id of ev.hidden) hidden.add(id);
  }
  return hidden;
}

const isAbout = (ev, ids) => ids.has(ev.question && typeof ev.question === 'object' ? ev.question.id : ev.question)
  || (ev.type === 'question_merged' && ids.has(ev.into));

async function main() {
  const sessionId = queryInt('id');
  const status = document.getElementById('archivo-carga');
  const error = document.getElementById('archivo-error');
  if (!sessionId) {
    status.hidden = true;
    setError(error, 'Falta el número de la sesión de ayuda en la dirección (por ejemplo /archivo?id=1).');
    return;
  }
  let form = indexForm({});
  try {
    const [transcript, model] = await Promise.all([getTranscript(sessionId), getForm().catch(() => null)]);
    if (model) form = indexForm(model);
    const session = transcript.session || { id: sessionId };
    const timeZone = session.time_zone || DEFAULT_TIME_ZONE;
    renderSessionHead(session, 'archivo');
    document.title = `Archivo: ${session.title || `sesión ${sessionId}`} · helpchat`;
    const ctx = { timeZone, form };
    const hidden = hiddenQuestions(transcript.events);
    // official_blocked and official_unblocked come without anything to show the public: not counted either.
    const events = transcript.events.filter((ev) => !isAbout(ev, hidden) && ev.type !== 'official_blocked' && ev.type !== 'official_unblocked');
    const items = [];
    let day = '';
    for (const ev of events) {
      const item = eventItem(ev, ctx);
      if (!item) continue;
      const evDay = formatDate(ev.at, timeZone);
      if (evDay && evDay !== day) {
        day = evDay;
        items.push(h('li', { className: 'event event-day' }, h('h2', {}, evDay)));
      }
      items.push(item);
    }
    fill(document.getElementById('archivo-eventos'), items);
    document.getElementById('archivo-nota').hidden = false;
    const questions = events.filter((e) => e.type === 'question_asked').length;
    status.textContent = events.length
      ? `${plural(questions, 'pregunta', 'preguntas')} y ${plural(events.length, 'evento', 'eventos')} en el archivo.`
      : 'Esta sesión todavía no tiene nada en su archivo.';
  } catch (e) {
    status.hidden = true;
    fill(error, e.status === 404 ? 'No existe esa sesión de ayuda.' : `No fue posible cargar el archivo. ${e.message}`,
      ' ', h('a', { href: '/' }, 'Volver a las sesiones de ayuda'));
    error.hidden = false;
  }
}

main();
