// DOM helpers shared by every page: build elements from text only (never HTML strings), announce status, show/hide.

/**
 * Creates an element. `attrs` values: strings become attributes, `true` a boolean attribute, `false`/null/undefined
 * are skipped; keys starting with "on" add listeners; `dataset` is an object. Children that are strings or numbers
 * become text nodes, so user text can never turn into markup.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'className') el.className = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** Appends children (nodes, strings, numbers, nested arrays; null/false skipped) as nodes or text nodes. */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces every child of `el` with `children` (text-safe). */
export function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

export function show(el, visible = true) {
  el.hidden = !visible;
}

/**
 * Says `text` through the page's polite status region (#anuncio). The region is emptied first and filled on the next
 * frame so the same sentence said twice is announced twice.
 */
export function announce(text, { assertive = false } = {}) {
  const region = document.getElementById(assertive ? 'alerta' : 'anuncio');
  if (!region) return;
  region.textContent = '';
  window.setTimeout(() => { region.textContent = text; }, 50);
}

/** Shows an error message inside `el` (a role="alert" container) or hides it when `text` is empty. */
export function setError(el, text) {
  el.textContent = text || '';
  el.hidden = !text;
}

/** Moves keyboard focus to `el`, making it focusable first if it is not (headings, regions). */
export function focusTo(el) {
  if (!el) return;
  if (!el.hasAttribute('tabindex') && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(el.tagName)) el.setAttribute('tabindex', '-1');
  el.focus();
}

/** The positive integer `name` from the page URL's query string, or null. */
export function queryInt(name) {
  const raw = new URLSearchParams(window.location.search).get(name);
  return raw !== null && /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : null;
}
