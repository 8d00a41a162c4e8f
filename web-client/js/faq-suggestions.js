// The official page's FAQ suggestions: while the official types a question, up to three FAQ entries that may already
// answer it (GET /api/faq/search, boosted for the picked field), each with its answer, a link to the FAQ page and an
// "Esto resolvió mi duda" button. Requests are debounced, only made for at least three letters or digits, and a newer
// one cancels the older; nothing of the FAQ is loaded before the official types.
import { h, show } from './dom.js';
import { FaqSearcher } from './faq-search.js';
import { faqEntryHref, faqLink, renderFaqText } from './faq-text.js';

const DEBOUNCE_MS = 300;
const LIMIT = 3;

export class FaqSuggestions {
  /**
   * @param {object} o
   * @param {HTMLTextAreaElement} o.textarea   the question box
   * @param {HTMLSelectElement} o.fieldSelect  the field picker
   * @param {HTMLElement} o.section            shown only while there are suggestions
   * @param {HTMLElement} o.list               <ol> for the suggestions
   * @param {HTMLElement} o.live               polite live region for "N preguntas frecuentes parecidas"
   * @param {(hit: object, text: string) => void} o.onResolve  "Esto resolvió mi duda" on `hit` for the typed `text`
   * @param {() => boolean} o.canResolve       whether the session accepts questions now (else the button is hidden)
   */
  constructor({ textarea, fieldSelect, section, list, live, onResolve, canResolve }) {
    Object.assign(this, { textarea, fieldSelect, section, list, live, onResolve, canResolve });
    this.searcher = new FaqSearcher({ limit: LIMIT });
    this.timer = 0;
    this.shownKey = '';
    this.shownIds = '';
    this.shownText = '';
    this.announcedCount = 0;
    this.titles = new Map(); // id → question, for links to entries the page has seen
    textarea.addEventListener('input', () => this.schedule());
    fieldSelect.addEventListener('change', () => this.schedule(0));
  }

  /** Searches again after `delay` ms of quiet (typing restarts the wait). */
  schedule(delay = DEBOUNCE_MS) {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.run(), delay);
  }

  /** Forgets the suggestions (after the question was sent or resolved). */
  clear() {
    window.clearTimeout(this.timer);
    this.searcher.cancel();
    this.render([], '', '');
  }

  async run() {
    const text = this.textarea.value.trim();
    const field = this.fieldSelect.value;
    const key = this.searcher.searchable(text) ? this.searcher.key(text, field) : '';
    if (key && key === this.shownKey) return;
    let hits;
    try {
      hits = await this.searcher.search(text, field);
    } catch {
      hits = []; // suggestions are a help, not a step: a failed search just shows none
    }
    if (hits === null) return; // a newer search replaced this one
    this.render(hits, key, text);
  }

  render(hits, key, text) {
    this.shownKey = key;
    this.shownText = text;
    const ids = hits.map((x) => x.id).join(' ');
    if (ids === this.shownIds) return; // same entries: keep what is open and where the focus is
    this.shownIds = ids;
    for (const hit of hits) this.titles.set(hit.id, hit.question);
    this.list.replaceChildren(...hits.map((hit, i) => this.item(hit, i)));
    show(this.section, hits.length > 0);
    this.announce(hits.length);
  }

  /** Says how many suggestions there are when that number changes; silent when they go away or only change. */
  announce(count) {
    if (count === this.announcedCount) return;
    this.announcedCount = count;
    if (!count) return;
    this.live.textContent = count === 1
      ? 'Hay 1 pregunta frecuente parecida a la suya, después del botón «Enviar a un moderador».'
      : `Hay ${count} preguntas frecuentes parecidas a la suya, después del botón «Enviar a un moderador».`;
  }

  item(hit, index) {
    const titleId = `sugerencia-${index}-titulo`;
    const resolve = this.canResolve()
      ? h('button', {
        type: 'button',
        className: 'secondary small',
        'aria-describedby': titleId,
        dataset: { faq: hit.id },
        onclick: () => this.onResolve(hit, this.textarea.value.trim() || this.shownText),
      }, 'Esto resolvió mi duda')
      : null;
    return h('li', { className: 'suggestion', dataset: { faq: hit.id } },
      h('details', {},
        h('summary', { id: titleId }, hit.question || hit.id),
        h('div', { className: 'faq-answer' }, renderFaqText(hit.answer, { newTab: true }))),
      h('div', { className: 'actions' },
        resolve,
        faqLink(faqEntryHref(hit.id), 'Ver en el FAQ', { newTab: true, attrs: { 'aria-describedby': titleId } })));
  }
}
