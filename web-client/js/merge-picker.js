// "Unir preguntas repetidas": the console's picker of duplicates for the selected question. The moderator searches the
// open questions by text, field, asker or entity, ticks as many as they like (ticks survive a new search), and merges
// them all into the selected one: the page sends one `merge` per ticked question; the server keeps their askers as
// co-askers. Only open questions the moderator may act on are offered, never the target itself, never a merged or
// dismissed one; a question that closes while the list is shown is unticked and disabled.
import { h, show } from './dom.js';
import { entityLabel, questionStateLabel } from './format.js';
import { OPEN_STATES } from './questions.js';
import { questionNumber } from './transcript.js';
import { fieldShortLabel, matchesWords, questionHaystack, searchWords } from './console-queue.js';

const SHOWN_MAX = 40; // results listed at once; a narrower search shows the rest
const DEBOUNCE_MS = 120;

export class MergePicker {
  /**
   * @param {object} o
   * @param {HTMLButtonElement} o.toggle     "Buscar preguntas repetidas…" (aria-expanded)
   * @param {HTMLElement} o.container        the picker (hidden while closed)
   * @param {HTMLInputElement} o.input       the search box
   * @param {HTMLElement} o.results          <ul> of checkboxes
   * @param {HTMLElement} o.status           polite status: how many found, how many ticked
   * @param {HTMLButtonElement} o.submit     "Unir las seleccionadas…"
   * @param {HTMLButtonElement} o.cancel
   * @param {HTMLElement} o.error            role=alert
   * @param {() => object|null} o.target    the selected question
   * @param {() => object[]} o.candidates   open questions the moderator may act on (the target excluded here)
   * @param {() => object} o.form
   * @param {(ids: number[], into: number) => void} o.onMerge
   */
  constructor(o) {
    Object.assign(this, o);
    this.ticked = new Set();
    this.timer = 0;
    this.toggle.addEventListener('click', () => (this.isOpen() ? this.close({ focus: true }) : this.open()));
    this.input.addEventListener('input', () => {
      window.clearTimeout(this.timer);
      this.timer = window.setTimeout(() => this.search(), DEBOUNCE_MS);
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault(); // a search box inside the console: Enter searches now, it submits nothing
        this.search();
      }
    });
    this.results.addEventListener('change', (e) => {
      const box = e.target.closest('input[type="checkbox"]');
      if (!box) return;
      const id = Number(box.value);
      if (box.checked) this.ticked.add(id);
      else this.ticked.delete(id);
      this.sayTicked();
    });
    this.container.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !e.defaultPrevented) {
        e.preventDefault();
        this.close({ focus: true });
      }
    });
    this.submit.addEventListener('click', () => this.merge());
    this.cancel.addEventListener('click', () => this.close({ focus: true }));
  }

  isOpen() {
    return !this.container.hidden;
  }

  open() {
    show(this.container, true);
    this.toggle.setAttribute('aria-expanded', 'true');
    this.error.hidden = true;
    this.input.focus();
    this.input.select();
    this.search();
  }

  /** Closes and forgets the ticks (they were for one target). */
  close({ focus = false } = {}) {
    window.clearTimeout(this.timer);
    this.ticked.clear();
    this.results.replaceChildren();
    this.status.textContent = '';
    this.error.hidden = true;
    this.input.value = '';
    show(this.container, false);
    this.toggle.setAttribute('aria-expanded', 'false');
    if (focus) this.toggle.focus();
  }

  eligible(q, target) {
    return q && target && q.id !== target.id && OPEN_STATES.has(q.state);
  }

  search() {
    window.clearTimeout(this.timer);
    const target = this.target();
    if (!target) return;
    const words = searchWords(this.input.value);
    const form = this.form();
    const found = this.candidates().filter((q) => this.eligible(q, target) && matchesWords(questionHaystack(q, form), words));
    // Ticked ones stay listed (first) whatever the search, so the moderator sees what will be merged.
    const ticked = found.filter((q) => this.ticked.has(q.id));
    const rest = found.filter((q) => !this.ticked.has(q.id));
    for (const id of this.ticked) {
      if (!found.some((q) => q.id === id)) {
        const q = this.candidates().find((c) => c.id === id);
        if (this.eligible(q, target)) ticked.push(q);
      }
    }
    const shown = [...ticked, ...rest].slice(0, Math.max(SHOWN_MAX, ticked.length));
    this.results.replaceChildren(...shown.map((q) => this.item(q, form)));
    const more = found.length + (ticked.length - found.filter((q) => this.ticked.has(q.id)).length) - shown.length;
    this.status.textContent = `${found.length === 1 ? '1 pregunta abierta coincide' : `${found.length} preguntas abiertas coinciden`}`
      + `${more > 0 ? ` (se muestran ${shown.length}; escriba más para acotar)` : ''}. ${this.tickedSentence()}`;
  }

  item(q, form) {
    const id = `unir-opcion-${q.id}`;
    const excerpt = q.text.length > 140 ? `${q.text.slice(0, 140)}…` : q.text;
    return h('li', { className: 'merge-option', dataset: { question: String(q.id) } },
      h('input', { type: 'checkbox', id, value: String(q.id), checked: this.ticked.has(q.id) }),
      h('label', { for: id },
        h('strong', {}, questionNumber(q.id)), ` · ${questionStateLabel(q.state)} · ${fieldShortLabel(form, q.field)} · `,
        `${q.asker.name || 'Participante'}${entityLabel(q.asker) ? `, ${entityLabel(q.asker)}` : ''}`,
        h('span', { className: 'merge-option-text' }, excerpt)));
  }

  tickedSentence() {
    const n = this.ticked.size;
    return n === 0 ? 'Ninguna marcada.' : n === 1 ? '1 marcada para unir.' : `${n} marcadas para unir.`;
  }

  sayTicked() {
    const n = this.ticked.size;
    this.submit.textContent = n ? `Unir ${n === 1 ? 'la marcada' : `las ${n} marcadas`} a esta pregunta` : 'Unir las marcadas a esta pregunta';
    const text = this.status.textContent.replace(/(Ninguna marcada|\d+ marcadas? para unir)\.$/, this.tickedSentence());
    this.status.textContent = text;
  }

  /** A question closed or moved while listed: untick it and disable its box (the list is not rebuilt under the user). */
  refresh(changedIds) {
    if (!this.isOpen()) return;
    const target = this.target();
    for (const id of changedIds) {
      const li = this.results.querySelector(`li[data-question="${id}"]`);
      if (!li) continue;
      const q = this.candidates().find((c) => c.id === id);
      const ok = this.eligible(q, target);
      const box = li.querySelector('input');
      box.disabled = !ok;
      if (!ok && this.ticked.delete(id)) {
        box.checked = false;
        this.sayTicked();
      }
    }
  }

  merge() {
    const target = this.target();
    const ids = [...this.ticked].filter((id) => this.eligible(this.candidates().find((c) => c.id === id), target));
    if (!ids.length) {
      this.error.textContent = 'Marque al menos una pregunta repetida para unirla a esta.';
      this.error.hidden = false;
      this.input.focus();
      return;
    }
    this.onMerge(ids, target.id);
    this.close({ focus: true });
  }
}
