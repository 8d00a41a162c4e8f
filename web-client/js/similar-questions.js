// The official page's "Yo también": while the official types, up to three open questions of this help session that
// look like theirs (GET /api/sessions/ID/similar: Spanish stemming, same field first), each with "Yo también tengo
// esta pregunta", which joins it as a co-asker instead of asking it again. The server ranks every question of the
// session; the page keeps those it knows are still open and that the official neither asked nor joined.
import { searchSimilarQuestions } from './api.js';
import { h, show } from './dom.js';
import { FaqSearcher } from './faq-search.js';
import { askersOf } from './queue-position.js';
import { OPEN_STATES } from './questions.js';
import { isAskerOf, questionNumber } from './transcript.js';

const DEBOUNCE_MS = 300;
const SHOWN = 3;

export class SimilarQuestions {
  /**
   * @param {object} o
   * @param {number} o.sessionId
   * @param {HTMLTextAreaElement} o.textarea   the question box
   * @param {HTMLSelectElement} o.fieldSelect  the field picker
   * @param {HTMLElement} o.section            shown only while there are similar questions
   * @param {HTMLElement} o.list               <ol> for them
   * @param {HTMLElement} o.live               polite live region for "N preguntas parecidas"
   * @param {() => object} o.context           {book, you, labelOf(field)} as the page knows them now
   * @param {(q: object) => void} o.onJoin     "Yo también tengo esta pregunta" on question `q`
   */
  constructor({ sessionId, textarea, fieldSelect, section, list, live, context, onJoin }) {
    Object.assign(this, { textarea, fieldSelect, section, list, live, context, onJoin });
    // The session's questions change as it goes on: nothing is cached.
    this.searcher = new FaqSearcher({
      limit: 10,
      cacheSize: 0,
      fetchHits: (q, options) => searchSimilarQuestions(sessionId, q, options),
      isHit: (x) => x && typeof x.question === 'number',
    });
    this.timer = 0;
    this.hits = [];
    this.shownIds = '';
    this.announcedCount = 0;
    textarea.addEventListener('input', () => this.schedule());
    fieldSelect.addEventListener('change', () => this.schedule(0));
  }

  schedule(delay = DEBOUNCE_MS) {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.run(), delay);
  }

  /** Forgets the list (after the question was sent, or joined). */
  clear() {
    window.clearTimeout(this.timer);
    this.searcher.cancel();
    this.hits = [];
    this.render();
  }

  async run() {
    let hits;
    try {
      hits = await this.searcher.search(this.textarea.value.trim(), this.fieldSelect.value);
    } catch {
      hits = []; // a help, not a step: a failed search shows nothing
    }
    if (hits === null) return; // a newer search replaced this one
    this.hits = hits;
    this.render();
  }

  /** Shows the hits that are still worth joining; called again when the questions change (a join, an answer). */
  render() {
    const { book, you } = this.context();
    const open = this.hits
      .map((hit) => book.get(hit.question))
      .filter((q) => q && OPEN_STATES.has(q.state) && !isAskerOf(q, you))
      .slice(0, SHOWN);
    const ids = open.map((q) => `${q.id}:${askersOf(q, book.byId)}`).join(' ');
    if (ids === this.shownIds) return; // the same list: keep where the focus is
    this.shownIds = ids;
    this.list.replaceChildren(...open.map((q) => this.item(q)));
    show(this.section, open.length > 0);
    if (open.length !== this.announcedCount) {
      this.announcedCount = open.length;
      if (open.length) {
        this.live.textContent = open.length === 1
          ? 'Otra persona ya hizo una pregunta parecida a la suya; puede sumarse a ella.'
          : `Hay ${open.length} preguntas parecidas a la suya en esta sesión; puede sumarse a una.`;
      }
    }
  }

  item(q) {
    const { book, labelOf } = this.context();
    const titleId = `parecida-${q.id}-titulo`;
    const n = askersOf(q, book.byId);
    return h('li', { className: 'suggestion', dataset: { question: String(q.id) } },
      h('p', { id: titleId, className: 'suggestion-question' }, q.text),
      h('p', { className: 'hint' },
        `Pregunta ${questionNumber(q.id)} · ${labelOf(q.field)}`,
        n > 1 ? ` · ${n} personas preguntan esto` : ''),
      h('div', { className: 'actions' },
        h('button', {
          type: 'button',
          className: 'secondary small',
          'aria-describedby': titleId,
          dataset: { join: String(q.id) },
          onclick: () => this.onJoin(q),
        }, 'Yo también tengo esta pregunta')));
  }
}
