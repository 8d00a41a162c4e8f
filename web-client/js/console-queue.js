// The moderator console's question list for a busy help session: one compact row per question (a button: number,
// state, wait, queue, field, short text, entity), the moderator's own assignments pinned in a list of their own above
// the rest, filters that only toggle `hidden`, and the summary of the queues by agency and section.
//
// Cost model (300 open questions must stay responsive): a row is built once, when its question first shows up, and
// afterwards only the parts an event changed are written (`update(id)` for each question an event touched); a filter
// change walks the rows and flips `hidden`, it never rebuilds them; the waits tick from one timer for the whole page
// (`tick()`), writing a row's text only when its minute changes. Nothing here sends commands: the page does.
import { h } from './dom.js';
import { AGENCIES, agencyLabel, agencyShortLabel, entityLabel, foldText, formatWait, questionStateLabel } from './format.js';
import { GENERAL_LABEL, fieldLabel } from './form-model.js';
import { OPEN_STATES } from './questions.js';
import { questionNumber } from './transcript.js';

const TEXT_SHOWN = 160; // characters of the question in its row; the detail pane has the whole text
export const NO_SECTION = 'ninguna'; // filter value for questions outside any section ("general", bare row fields)

/** The field's own short name for a row: "Fase" rather than "Fase — Implementación de las fases…". */
export function fieldShortLabel(form, fieldId) {
  const f = form && form.fields.get(fieldId);
  if (!f) return fieldId || '';
  if (f.kind === 'general') return GENERAL_LABEL;
  if (f.kind === 'section') return `${f.sectionTitle} (toda la sección)`;
  return f.label;
}

/** The section's title ("Sin sección" for general questions and bare row fields). */
export function sectionTitle(form, sectionId) {
  if (!sectionId) return 'Sin sección';
  const s = form && form.fields.get(sectionId);
  return (s && s.sectionTitle) || sectionId;
}

/** Whether the moderator's search words (folded) all occur in the question's searchable text. */
export function matchesWords(haystack, words) {
  for (const w of words) if (!haystack.includes(w)) return false;
  return true;
}

export const searchWords = (text) => foldText(text).split(/\s+/).filter(Boolean);

/**
 * What a search looks through for one question, folded: its number, text, asker (name, position, entity), field,
 * section and queue. Cached per question and per form (labels arrive with GET /api/form, maybe after the questions).
 */
const haystacks = new WeakMap();
export function questionHaystack(q, form) {
  const cached = haystacks.get(q);
  if (cached && cached.form === form && cached.agency === q.agency) return cached.text;
  const a = q.asker || {};
  const text = foldText([`n.º ${q.id}`, `#${q.id}`, q.text, a.name, a.position, entityLabel(a), fieldLabel(form, q.field),
    sectionTitle(form, q.section), agencyLabel(q.agency)].join(' \u0001 '));
  haystacks.set(q, { form, agency: q.agency, text });
  return text;
}

const askedMs = (q) => {
  const t = Date.parse(q.at);
  return Number.isNaN(t) ? null : t;
};

export class QueueView {
  /**
   * @param {object} o
   * @param {HTMLElement} o.mineList   <ul> of the questions the moderator holds (always shown, whatever the filters)
   * @param {HTMLElement} o.list       <ul> of every other question, filtered
   * @param {HTMLElement} o.mineCount  text after the "Mis preguntas asignadas" heading
   * @param {HTMLElement} o.mineEmpty  "Ninguna." under it
   * @param {HTMLElement} o.listEmpty  "Ninguna pregunta coincide…"
   * @param {HTMLElement} o.count      "Mostrando N de M preguntas."
   * @param {HTMLElement} o.summary    the <table> of queues (its tbodies are built here)
   * @param {() => object} o.book      the QuestionBook
   * @param {() => object} o.form      the indexed form
   * @param {(q: object) => boolean} o.isMine  the moderator holds it
   * @param {() => string} o.myAgency
   * @param {(q: object) => boolean} o.consultedToMe  another agency asked the moderator's agency about it: the 'mine'
   *                                                 and 'consulted' queue filters show it wherever it is queued
   * @param {(q: object) => string} o.flagOf        a short mark for the row ("Le consultan", "Oculta: …"), or ''
   * @param {(queue: string, section: string|null) => void} o.onSummaryPick  a queue or section of the summary pressed
   */
  constructor(o) {
    Object.assign(this, o);
    this.rows = new Map(); // question id → row
    this.selected = null;
    this.filter = { queue: 'all', state: 'open', section: '', field: '', words: [] };
    this.summaryCells = new Map(); // "agency" or "agency|section" → {tr, queued, assigned, oldest, values}
    this.summaryForm = null;
  }

  /** Forgets every row (a new connection replays the help session from its first event). */
  reset() {
    this.rows.clear();
    this.selected = null;
    this.tabStop = null;
    this.mineList.replaceChildren();
    this.list.replaceChildren();
    this.refreshCounts();
  }

  // ---- rows

  /** Creates or updates the row of question `id` after an event changed it; moves it between the two lists. */
  update(id, now = Date.now()) {
    const q = this.book().get(id);
    if (!q) return;
    let row = this.rows.get(id);
    if (!row) {
      row = this.createRow(q);
      this.rows.set(id, row);
    }
    this.fillRow(row, q, now);
    const list = this.isMine(q) ? this.mineList : this.list;
    if (row.li.parentNode !== list) this.insertInOrder(list, row.li, q.index);
    row.li.hidden = list === this.mineList ? false : !this.matches(q);
  }

  createRow(q) {
    const row = {
      id: q.id,
      badge: h('span', { className: 'badge' }),
      age: h('span', { className: 'qrow-age' }),
      queue: h('span', { className: 'qrow-queue' }),
      field: h('span', { className: 'qrow-field' }),
      holder: h('span', { className: 'qrow-holder' }),
      flag: h('span', { className: 'qrow-flag' }),
      text: h('span', { className: 'qrow-text' }, q.text.length > TEXT_SHOWN ? `${q.text.slice(0, TEXT_SHOWN)}…` : q.text),
      entity: h('span', { className: 'qrow-entity' }, `— ${[q.asker.name, entityLabel(q.asker)].filter(Boolean).join(', ')}`),
      shown: {},
    };
    row.button = h('button', { type: 'button', className: 'qrow', tabindex: '-1', dataset: { focus: `row:${q.id}` } },
      h('span', { className: 'qrow-line' },
        h('strong', { className: 'qrow-id' }, questionNumber(q.id)), ' ', row.badge, ' ', row.age, ' ', row.queue, ' ',
        row.field, ' ', row.holder, ' ', row.flag),
      h('span', { className: 'qrow-line qrow-second' }, row.text, ' ', row.entity));
    row.li = h('li', { className: 'queue-item', dataset: { question: String(q.id) } }, row.button);
    return row;
  }

  /** Writes only what changed since the last time (each part remembers what it shows). */
  fillRow(row, q, now) {
    const set = (key, el, value) => {
      if (row.shown[key] === value) return;
      row.shown[key] = value;
      el.textContent = value;
    };
    if (row.li.dataset.state !== q.state) {
      row.li.dataset.state = q.state;
      row.badge.className = `badge badge-${q.state}`;
    }
    set('badge', row.badge, questionStateLabel(q.state));
    set('queue', row.queue, `· ${agencyShortLabel(q.agency)}`);
    set('field', row.field, `· ${fieldShortLabel(this.form(), q.field)}`);
    let holder = '';
    if (q.state === 'assigned' && q.holder) holder = `→ ${q.holder.name || 'un moderador'}${q.automatic ? ' (automática)' : ''}`;
    else if (q.state === 'queued' && q.transfer && q.transfer.to === q.agency) holder = '· trasladada';
    else if (q.state === 'queued' && q.released) holder = '· devuelta a la cola';
    set('holder', row.holder, holder);
    const flag = this.flagOf ? this.flagOf(q) : '';
    set('flag', row.flag, flag ? `· ${flag}` : '');
    if ((row.li.dataset.flag || '') !== flag) row.li.dataset.flag = flag;
    this.fillAge(row, q, now);
    const current = this.selected === q.id;
    if ((row.button.getAttribute('aria-current') === 'true') !== current) {
      if (current) row.button.setAttribute('aria-current', 'true');
      else row.button.removeAttribute('aria-current');
    }
  }

  fillAge(row, q, now) {
    const at = askedMs(q);
    const value = OPEN_STATES.has(q.state) && at !== null ? `· espera ${formatWait(now - at, { short: true })}` : '';
    if (row.shown.age === value) return;
    row.shown.age = value;
    row.age.textContent = value;
  }

  /** Rows stay in the order asked: a new question is appended; one moved between lists goes back to its place. */
  insertInOrder(list, li, index) {
    const book = this.book();
    const indexOf = (el) => {
      const q = book.get(Number(el.dataset.question));
      return q ? q.index : -1;
    };
    const last = list.lastElementChild;
    if (!last || indexOf(last) < index) {
      list.append(li);
      return;
    }
    for (const el of list.children) {
      if (indexOf(el) > index) {
        list.insertBefore(li, el);
        return;
      }
    }
    list.append(li);
  }

  /** The wait of every open question (one pass from the page's single timer). */
  tick(now = Date.now()) {
    const book = this.book();
    for (const row of this.rows.values()) {
      const q = book.get(row.id);
      if (q) this.fillAge(row, q, now);
    }
    this.renderSummary(now);
  }

  /** Marks the selected row (aria-current) and makes it the list's one tab stop. */
  setSelected(id) {
    const previous = this.rows.get(this.selected);
    this.selected = id;
    if (previous) previous.button.removeAttribute('aria-current');
    const row = this.rows.get(id);
    if (row) row.button.setAttribute('aria-current', 'true');
    this.refreshTabStop();
  }

  rowButton(id) {
    const row = this.rows.get(id);
    return row ? row.button : null;
  }

  /** The visible rows, pinned ones first, in the order shown. */
  visibleIds() {
    const ids = [];
    for (const list of [this.mineList, this.list]) {
      for (const li of list.children) if (!li.hidden) ids.push(Number(li.dataset.question));
    }
    return ids;
  }

  /** One row in the lists is reachable with Tab (roving tabindex): the selected one if shown, else the first shown. */
  refreshTabStop() {
    const selected = this.rows.get(this.selected);
    let stop = selected && !selected.li.hidden ? selected.button : null;
    if (!stop) {
      const first = this.mineList.querySelector(':scope > li:not([hidden]) > button')
        || this.list.querySelector(':scope > li:not([hidden]) > button');
      stop = first || null;
    }
    if (this.tabStop && this.tabStop !== stop) this.tabStop.setAttribute('tabindex', '-1');
    if (stop) stop.setAttribute('tabindex', '0');
    this.tabStop = stop;
  }

  // ---- filters

  /** filter: {queue: 'mine'|'consulted'|'all'|agency, state: 'open'|'queued'|'assigned'|'closed'|'any', section, field, text}. */
  setFilter({ queue, state, section, field, text }) {
    this.filter = { queue, state, section, field, words: searchWords(text) };
    this.applyFilter();
  }

  matches(q) {
    const f = this.filter;
    const consulted = !!this.consultedToMe && this.consultedToMe(q);
    if (f.queue === 'mine') {
      if (q.agency !== this.myAgency() && q.agency !== 'triage' && !consulted) return false;
    } else if (f.queue === 'consulted') {
      if (!consulted) return false;
    } else if (f.queue !== 'all' && q.agency !== f.queue) {
      return false;
    }
    const open = OPEN_STATES.has(q.state);
    if (f.state === 'open' && !open) return false;
    if (f.state === 'closed' && open) return false;
    if ((f.state === 'queued' || f.state === 'assigned') && q.state !== f.state) return false;
    if (f.section === NO_SECTION ? !!q.section : f.section && q.section !== f.section) return false;
    if (f.field && q.field !== f.field) return false;
    return f.words.length === 0 || matchesWords(questionHaystack(q, this.form()), f.words);
  }

  /** Flips `hidden` on every row of the main list; no row is rebuilt. */
  applyFilter() {
    const book = this.book();
    for (const li of this.list.children) {
      const q = book.get(Number(li.dataset.question));
      const hide = !q || !this.matches(q);
      if (li.hidden !== hide) li.hidden = hide;
    }
    this.refreshCounts();
    this.refreshTabStop();
  }

  refreshCounts() {
    let shown = 0;
    for (const li of this.list.children) if (!li.hidden) shown += 1;
    const total = this.list.children.length;
    const mine = this.mineList.children.length;
    const text = `Mostrando ${shown.toLocaleString('es-CO')} de ${total.toLocaleString('es-CO')} ${total === 1 ? 'pregunta' : 'preguntas'}.`;
    if (this.count.textContent !== text) this.count.textContent = text;
    this.count.dataset.shown = String(shown);
    const mineText = `(${mine})`;
    if (this.mineCount.textContent !== mineText) this.mineCount.textContent = mineText;
    this.mineEmpty.hidden = mine > 0;
    this.listEmpty.hidden = shown > 0;
    return shown;
  }

  /** Labels of rows written before the form arrived. */
  refreshLabels() {
    const book = this.book();
    for (const row of this.rows.values()) {
      const q = book.get(row.id);
      if (q) row.field.textContent = row.shown.field = `· ${fieldShortLabel(this.form(), q.field)}`;
    }
    this.applyFilter();
  }

  // ---- summary of the queues: agency rows, each followed by its sections; counts and the longest wait

  /** (Re)builds the table's rows for the current form: one <tbody> per agency. Cells are filled by renderSummary. */
  buildSummary() {
    const form = this.form();
    this.summaryForm = form;
    this.summaryCells.clear();
    this.summary.querySelectorAll('tbody').forEach((b) => b.remove());
    this.bodies = new Map();
    for (const agency of Object.keys(AGENCIES)) {
      const body = h('tbody', { dataset: { agency } });
      this.bodies.set(agency, body);
      this.summary.append(body);
      this.summaryRow(agency, null);
      for (const s of form.sections) if (s.agency === agency) this.summaryRow(agency, s.id);
      if (agency === 'triage') this.summaryRow(agency, '');
    }
  }

  summaryRow(agency, section) {
    const key = section === null ? agency : `${agency}|${section}`;
    let cells = this.summaryCells.get(key);
    if (cells) return cells;
    let body = this.bodies.get(agency);
    if (!body) {
      body = h('tbody', { dataset: { agency } });
      this.bodies.set(agency, body);
      this.summary.append(body);
    }
    const name = section === null ? agencyLabel(agency) : sectionTitle(this.form(), section);
    const pick = h('button', {
      type: 'button',
      className: 'link-button',
      onclick: () => this.onSummaryPick(agency, section === null ? null : section || NO_SECTION),
    }, name);
    cells = { queued: h('td', {}, '0'), assigned: h('td', {}, '0'), oldest: h('td', {}, '—'), values: {} };
    cells.tr = h('tr', { className: section === null ? 'summary-agency' : 'summary-section', dataset: { key } },
      h('th', { scope: 'row' }, pick), cells.queued, cells.assigned, cells.oldest);
    body.append(cells.tr);
    this.summaryCells.set(key, cells);
    return cells;
  }

  /** Counts every question again (a few hundred: cheaper than keeping counters right through every transition). */
  renderSummary(now = Date.now()) {
    if (this.summaryForm !== this.form()) this.buildSummary();
    const totals = new Map();
    const bump = (key, q) => {
      let t = totals.get(key);
      if (!t) totals.set(key, (t = { queued: 0, assigned: 0, oldest: null }));
      if (q.state === 'queued') {
        t.queued += 1;
        const at = askedMs(q);
        if (at !== null && (t.oldest === null || at < t.oldest)) t.oldest = at;
      } else {
        t.assigned += 1;
      }
    };
    for (const q of this.book().all()) {
      if (!OPEN_STATES.has(q.state)) continue;
      bump(q.agency, q);
      const key = `${q.agency}|${q.section || ''}`;
      if (!this.summaryCells.has(key)) this.summaryRow(q.agency, q.section || '');
      bump(key, q);
    }
    for (const [key, cells] of this.summaryCells) {
      const t = totals.get(key) || { queued: 0, assigned: 0, oldest: null };
      const write = (name, value) => {
        if (cells.values[name] === value) return;
        cells.values[name] = value;
        cells[name].textContent = value;
      };
      write('queued', String(t.queued));
      write('assigned', String(t.assigned));
      write('oldest', t.oldest === null ? '—' : formatWait(now - t.oldest));
      cells.tr.dataset.empty = t.queued + t.assigned === 0 ? 'true' : 'false';
    }
  }
}
