// Canned answers for the moderator's composer: "/" in an empty answer box (or the "Buscar en el FAQ" button) opens an
// FAQ search prefilled with the selected question's text and boosted for its field; ↑/↓ choose, Enter inserts the
// entry's answer into the composer, Esc goes back. ARIA combobox with a list (WAI-ARIA APG "list autocomplete with
// automatic selection"): focus stays in the text box, the active option is aria-activedescendant, so the moderator
// can keep typing to refine the search.
import { h, show } from './dom.js';
import { FaqSearcher } from './faq-search.js';
import { faqExcerpt } from './faq-text.js';

const DEBOUNCE_MS = 200;
const LIMIT = 8;

export class FaqPicker {
  /**
   * @param {object} o
   * @param {HTMLTextAreaElement} o.composer      the answer box
   * @param {HTMLButtonElement} o.button          "Buscar en el FAQ"
   * @param {HTMLElement} o.container             the picker (hidden while closed)
   * @param {HTMLInputElement} o.input            role=combobox
   * @param {HTMLElement} o.listbox               role=listbox
   * @param {HTMLElement} o.status                polite live region: number of results, errors
   * @param {() => {text: string, field: string}} o.context  the selected question
   * @param {(hit: object) => void} o.onInsert    inserts the chosen entry into the composer
   */
  constructor({ composer, button, container, input, listbox, status, context, onInsert }) {
    Object.assign(this, { composer, button, container, input, listbox, status, context, onInsert });
    this.searcher = new FaqSearcher({ limit: LIMIT, minChars: 2 });
    this.hits = [];
    this.active = -1;
    this.timer = 0;
    this.field = '';
    this.said = '';

    composer.addEventListener('keydown', (e) => {
      if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !e.isComposing && composer.value === '') {
        e.preventDefault(); // the "/" is the shortcut, not the first character of the answer
        this.open();
      }
    });
    button.addEventListener('click', () => (this.isOpen() ? this.close({ focus: true }) : this.open()));
    input.addEventListener('input', () => {
      window.clearTimeout(this.timer);
      this.timer = window.setTimeout(() => this.search(), DEBOUNCE_MS);
    });
    input.addEventListener('keydown', (e) => this.onKey(e));
    // Keep the focus in the text box when an option is pressed with the mouse, then insert it.
    listbox.addEventListener('mousedown', (e) => e.preventDefault());
    listbox.addEventListener('click', (e) => {
      const option = e.target.closest('[role="option"]');
      if (option) this.insert(Number(option.dataset.index));
    });
  }

  isOpen() {
    return !this.container.hidden;
  }

  /** Opens the picker with the selected question's text and searches at once. */
  open() {
    const { text, field } = this.context();
    this.field = field || '';
    show(this.container, true);
    this.button.setAttribute('aria-expanded', 'true');
    this.input.value = [...(text || '')].slice(0, 300).join('');
    this.input.focus();
    this.input.select(); // typing replaces the prefilled question
    this.said = '';
    this.search();
  }

  close({ focus = false } = {}) {
    window.clearTimeout(this.timer);
    this.searcher.cancel();
    this.setHits([]);
    this.status.textContent = '';
    show(this.container, false);
    this.button.setAttribute('aria-expanded', 'false');
    if (focus) this.composer.focus();
  }

  async search() {
    window.clearTimeout(this.timer);
    const text = this.input.value.trim();
    if (!this.searcher.searchable(text)) {
      this.searcher.cancel();
      this.setHits([]);
      this.say('Escriba al menos dos letras para buscar.');
      return;
    }
    let hits;
    try {
      hits = await this.searcher.search(text, this.field);
    } catch (e) {
      this.setHits([]);
      this.say(`No fue posible buscar en el FAQ. ${e.message}`);
      return;
    }
    if (hits === null || !this.isOpen()) return;
    this.setHits(hits);
    this.say(hits.length
      ? `${hits.length === 1 ? '1 respuesta' : `${hits.length} respuestas`} del FAQ. Flechas para elegir, Enter para insertar.`
      : 'Ninguna respuesta del FAQ coincide. Cambie las palabras de la búsqueda.');
  }

  /** Updates the live region only when the sentence changes, so refining a search is not read out at every pause. */
  say(text) {
    if (text === this.said) return;
    this.said = text;
    this.status.textContent = text;
  }

  setHits(hits) {
    this.hits = hits;
    this.listbox.replaceChildren(...hits.map((hit, i) => h('li', {
      id: `faq-opcion-${i}`,
      role: 'option',
      className: 'faq-option',
      'aria-selected': 'false',
      dataset: { index: String(i), faq: hit.id },
    }, h('span', { className: 'faq-option-question' }, hit.question || hit.id), ' ',
    h('span', { className: 'faq-option-excerpt' }, faqExcerpt(hit.answer, 110)))));
    show(this.listbox, hits.length > 0);
    this.input.setAttribute('aria-expanded', hits.length ? 'true' : 'false');
    this.activate(hits.length ? 0 : -1); // the best match is ready for Enter
  }

  activate(index) {
    const options = [...this.listbox.children];
    this.active = index;
    options.forEach((o, i) => o.setAttribute('aria-selected', i === index ? 'true' : 'false'));
    if (index >= 0 && options[index]) {
      this.input.setAttribute('aria-activedescendant', options[index].id);
      options[index].scrollIntoView({ block: 'nearest' });
    } else {
      this.input.removeAttribute('aria-activedescendant');
    }
  }

  onKey(e) {
    const n = this.hits.length;
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (n) this.activate((this.active + 1) % n);
        break;
      case 'ArrowUp':
        e.preventDefault();
        if (n) this.activate((this.active - 1 + n) % n);
        break;
      case 'Enter':
        e.preventDefault(); // never submits the answer form from here
        if (this.active >= 0) this.insert(this.active);
        else this.search();
        break;
      case 'Escape':
        e.preventDefault();
        this.close({ focus: true });
        break;
      default:
        break;
    }
  }

  insert(index) {
    const hit = this.hits[index];
    if (!hit) return;
    this.close();
    this.onInsert(hit);
  }
}
