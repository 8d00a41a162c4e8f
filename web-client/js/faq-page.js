// FAQ page (/faq): every published entry from GET /api/faq, by section and field of the form, with a search box
// (GET /api/faq/search). Each field's block is `#campo-<fieldId>` and each entry `#entrada-<entryId>`, so other pages
// can link straight to them; the page scrolls to and focuses the target on load and on every hash change.
import { getFaq, getForm } from './api.js';
import { $, fill, focusTo, h, show } from './dom.js';
import { agencyLabel } from './format.js';
import { indexForm } from './form-model.js';
import { FaqSearcher } from './faq-search.js';
import { faqExcerpt, renderFaqText } from './faq-text.js';

const DEBOUNCE_MS = 300;

const fieldAnchor = (id) => `campo-${id}`;
const entryAnchor = (id) => `entrada-${id}`;
const ids = (list) => (Array.isArray(list) ? list.filter((x) => typeof x === 'string') : []);

/**
 * The page's places in reading order: [{id, label, help, entries:[ids], level, kind}], one per field (or section, or
 * "general") that has entries. `index` is the form model (for descriptions and help), or null.
 */
function places(faq, index) {
  const out = [];
  const formField = (id) => (index ? index.fields.get(id) : null);
  out.push({ kind: 'general', id: 'general', label: 'Preguntas generales', entries: ids(faq.general),
    help: 'El plan en conjunto, las fechas, quién lo diligencia y cómo funcionan las sesiones de ayuda.' });
  for (const s of Array.isArray(faq.sections) ? faq.sections : []) {
    const section = index ? index.sections.find((x) => x.id === s.id) : null;
    out.push({ kind: 'section', id: s.id, label: s.title || s.id, entries: ids(s.entries),
      help: section ? section.description : '', agency: section ? section.agency : '' });
    for (const f of Array.isArray(s.fields) ? s.fields : []) {
      const row = String(f.id).includes('.');
      const label = row ? `${f.label || f.id} (filas de actividades de esta sección)` : f.label || f.id;
      out.push({ kind: 'field', id: f.id, label, entries: ids(f.entries), help: (formField(f.id) || {}).help || '' });
    }
  }
  const rows = Array.isArray(faq.row_fields) ? faq.row_fields : [];
  if (rows.length) {
    out.push({ kind: 'rows', id: 'filas', label: 'Columnas de las filas de actividades', entries: [],
      help: 'Valen para las filas de actividades de todas las secciones que las tienen.' });
    // The form keeps a row field's help under each section's copy of it ("gel_fases.fecha_fin"); any copy will do.
    const rowHelp = new Map((index ? index.sections.flatMap((s) => s.rowFields) : [])
      .map((f) => [f.id.slice(f.id.indexOf('.') + 1), f.help || '']));
    for (const r of rows) {
      out.push({ kind: 'field', id: r.id, label: r.label || r.id, entries: ids(r.entries), help: rowHelp.get(r.id) || '' });
    }
  }
  return out;
}

function legalReference(entry) {
  if (!entry.legal_reference) return null;
  const norms = String(entry.legal_reference).split(';').map((x) => x.trim()).filter(Boolean);
  return h('p', { className: 'faq-legal' }, h('strong', {}, norms.length > 1 ? 'Normas: ' : 'Norma: '), norms.join('; '));
}

function entryArticle(entry, level, labels) {
  const titleId = `${entryAnchor(entry.id)}-titulo`;
  // Every field an entry is keyed to lists it, so each has its block on the page.
  const fieldLinks = ids(entry.fields).map((f, i) => [i ? ', ' : '',
    labels.has(f) ? h('a', { href: `#${fieldAnchor(f)}` }, labels.get(f)) : f]);
  return h('article', { className: 'faq-entry', id: entryAnchor(entry.id), 'aria-labelledby': titleId },
    h(`h${level}`, { id: titleId, className: 'faq-question', tabindex: '-1' }, entry.question || entry.id),
    h('div', { className: 'faq-answer' }, renderFaqText(entry.answer)),
    legalReference(entry),
    fieldLinks.length ? h('p', { className: 'faq-fields muted' }, fieldLinks.length > 1 ? 'Campos: ' : 'Campo: ', fieldLinks) : null);
}

function render(faq, index) {
  const entries = new Map((Array.isArray(faq.entries) ? faq.entries : [])
    .filter((e) => e && typeof e.id === 'string').map((e) => [e.id, e]));
  const list = places(faq, index);
  const labels = new Map(list.filter((p) => p.kind !== 'rows').map((p) => [p.id, p.label]));
  // Each entry is written out once, under its first field (its home); elsewhere a link points to it.
  const listed = new Set(list.flatMap((p) => p.entries.map((e) => `${p.id}\n${e}`)));
  const home = new Map();
  for (const [id, e] of entries) {
    const first = ids(e.fields)[0];
    home.set(id, listed.has(`${first}\n${id}`) ? first : (list.find((p) => p.entries.includes(id)) || {}).id);
  }

  const blocks = [];
  const toc = [];
  let current = null; // the open section <div>
  for (const p of list) {
    const top = p.kind !== 'field';
    const own = p.entries.filter((id) => entries.has(id) && home.get(id) === p.id);
    const elsewhere = p.entries.filter((id) => entries.has(id) && home.get(id) !== p.id);
    if (!top && !own.length && !elsewhere.length) continue; // a field nothing answers yet
    const level = top ? 2 : 3;
    const anchor = p.kind === 'rows' ? 'seccion-filas' : fieldAnchor(p.id);
    const block = h('div', { className: top ? 'faq-section' : 'faq-field', id: anchor },
      h(`h${level}`, { id: `${anchor}-titulo`, tabindex: '-1' }, p.label),
      p.help ? h('p', { className: top ? '' : 'hint' }, p.help) : null,
      p.agency ? h('p', { className: 'muted' }, 'Responde: ', h('strong', {}, agencyLabel(p.agency))) : null);
    if (own.length && p.kind === 'section') block.append(h('h3', {}, 'Sobre la sección en general'));
    const entryLevel = p.kind === 'general' ? 3 : 4;
    for (const id of own) block.append(entryArticle(entries.get(id), entryLevel, labels));
    if (elsewhere.length) {
      block.append(h('p', { className: 'faq-see-also' }, own.length ? 'También responden a este campo:' : 'Responden a este campo:'),
        h('ul', { className: 'faq-see-also-list' }, elsewhere.map((id) => h('li', {},
          h('a', { href: `#${entryAnchor(id)}` }, entries.get(id).question || id)))));
    }
    if (top) {
      current = block;
      blocks.push(block);
      toc.push(h('li', {}, h('a', { href: `#${anchor}` }, p.label)));
    } else {
      current.append(block);
    }
  }
  // Entries no place lists (should not happen): still shown, at the end.
  const orphans = [...entries.keys()].filter((id) => !home.get(id));
  if (orphans.length) {
    blocks.push(h('div', { className: 'faq-section', id: 'seccion-otras' },
      h('h2', { id: 'seccion-otras-titulo', tabindex: '-1' }, 'Otras preguntas'),
      orphans.map((id) => entryArticle(entries.get(id), 3, labels))));
    toc.push(h('li', {}, h('a', { href: '#seccion-otras' }, 'Otras preguntas')));
  }
  fill($('#faq'), blocks);
  fill($('#faq-indice-lista'), toc);
  show($('#faq-indice'), toc.length > 0);
  return { entries: entries.size, index };
}

// ---------------------------------------------------------------- deep links

let formIndex = null;

/** The element a `#campo-…` or `#entrada-…` hash names; a field without entries falls back to its row field or section. */
function hashTarget(hash) {
  let id;
  try {
    id = decodeURIComponent(hash.replace(/^#/, ''));
  } catch {
    return null;
  }
  if (!id) return null;
  const direct = document.getElementById(id);
  if (direct) return direct;
  if (!id.startsWith('campo-')) return null;
  const field = id.slice('campo-'.length);
  const candidates = [];
  if (field.includes('.')) candidates.push(field.split('.').pop(), field.split('.')[0]);
  const known = formIndex && formIndex.fields.get(field);
  if (known && known.sectionId) candidates.push(known.sectionId);
  for (const c of candidates) {
    const el = document.getElementById(fieldAnchor(c));
    if (el) return el;
  }
  return null;
}

function goToHash() {
  const target = hashTarget(window.location.hash);
  if (!target) return;
  for (const el of document.querySelectorAll('.is-target')) el.classList.remove('is-target');
  target.classList.add('is-target');
  const heading = target.querySelector('h2, h3, h4') || target;
  target.scrollIntoView({ block: 'start' });
  // Focus the heading (a screen reader then reads where it landed) without a second jump.
  if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
  heading.focus({ preventScroll: true });
}

// ---------------------------------------------------------------- search

const searcher = new FaqSearcher({ limit: 10 });
let searchTimer = 0;
let announced = '';

async function runSearch({ explicit = false } = {}) {
  window.clearTimeout(searchTimer);
  const text = $('#faq-q').value.trim();
  const section = $('#faq-resultados');
  const state = $('#faq-resultados-estado');
  const list = $('#faq-resultados-lista');
  if (!searcher.searchable(text)) {
    searcher.cancel();
    show(section, explicit && text.length > 0);
    fill(list);
    state.textContent = explicit && text ? 'Escriba al menos tres letras para buscar.' : '';
    if (explicit) say(state.textContent);
    return;
  }
  let hits;
  try {
    hits = await searcher.search(text);
  } catch (e) {
    show(section, true);
    fill(list);
    state.textContent = `No fue posible buscar. ${e.message}`;
    say(state.textContent);
    return;
  }
  if (hits === null) return;
  show(section, true);
  fill(list, hits.map((hit) => h('li', {},
    h('a', { href: `#${entryAnchor(hit.id)}`, className: 'result-title' }, hit.question || hit.id),
    h('p', { className: 'muted' }, faqExcerpt(hit.answer)))));
  state.textContent = hits.length
    ? `${hits.length === 1 ? '1 resultado' : `${hits.length} resultados`} para «${text}».`
    : `Ninguna pregunta frecuente coincide con «${text}». Pruebe con otras palabras o pregunte en una sesión de ayuda.`;
  // Said when the number of results changes or when asked for with Enter, not at every pause in typing.
  const gist = String(hits.length);
  if (explicit || gist !== announced) say(state.textContent);
  announced = gist;
}

function say(text) {
  const live = $('#faq-busqueda-anuncio');
  live.textContent = '';
  window.setTimeout(() => { live.textContent = text; }, 50);
}

// ---------------------------------------------------------------- start

async function main() {
  $('#faq-q').addEventListener('input', () => {
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(() => runSearch(), DEBOUNCE_MS);
  });
  $('#faq-buscar').addEventListener('submit', (e) => {
    e.preventDefault();
    runSearch({ explicit: true });
  });
  window.addEventListener('hashchange', goToHash);

  const status = $('#faq-estado');
  try {
    const [faq, form] = await Promise.all([getFaq(), getForm().catch(() => null)]);
    formIndex = form ? indexForm(form) : null;
    const { entries } = render(faq || {}, formIndex);
    status.textContent = `${entries} preguntas frecuentes.`;
    status.hidden = true;
    document.body.dataset.faq = 'ready';
    if (window.location.hash) goToHash();
  } catch (e) {
    status.className = 'alert';
    status.textContent = `No fue posible cargar las preguntas frecuentes. ${e.message}`;
    focusTo(status);
  }
}

main();
