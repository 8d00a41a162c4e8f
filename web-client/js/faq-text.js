// FAQ answers are plain text with a tiny link syntax (faq/README.md): `[texto](/faq#campo-ID)`,
// `[texto](/faq#entrada-ID)` or `[texto](https://…)`; line breaks are kept and a line starting with "- " is a list
// item. This module turns that text into DOM nodes built one by one (never HTML strings); anything that is not one of
// those three link forms stays as the text it is.
import { h } from './dom.js';

const LINK = /\[([^\]\n]{1,300})\]\(([^()\s]{1,2000})\)/g;
const FAQ_LINK = /^\/faq#(campo|entrada)-[A-Za-z0-9_.-]{1,120}$/;

export const faqEntryHref = (id) => `/faq#entrada-${id}`;
export const faqFieldHref = (id) => `/faq#campo-${id}`;

/** Letters and digits in `text`: punctuation and spaces alone do not make something worth searching. */
export const meaningfulLength = (text) => (String(text).match(/[\p{L}\p{N}]/gu) || []).length;

/** The address `href` really points to when it is one of the allowed link forms, else null. */
export function safeHref(href) {
  if (FAQ_LINK.test(href)) return href;
  if (!/^https:\/\//i.test(href)) return null;
  try {
    const url = new URL(href);
    return url.protocol === 'https:' && url.hostname ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * A link. `newTab` (for pages the reader should not leave, like a live help session) opens it in another tab and
 * says so to screen readers; the arrow after it (CSS) says so to the eyes.
 */
export function faqLink(href, children, { newTab = false, className = null, attrs = {} } = {}) {
  const external = /^https:/i.test(href);
  const separate = newTab || external;
  return h('a', {
    ...attrs,
    href,
    className,
    target: separate ? '_blank' : null,
    rel: separate ? 'noopener noreferrer' : null,
  }, children, separate ? h('span', { className: 'visually-hidden' }, ' (se abre en otra pestaña)') : null);
}

/** One line of text with its links turned into <a> elements. */
export function inlineNodes(line, options = {}) {
  const out = [];
  let last = 0;
  for (const m of line.matchAll(LINK)) {
    const href = safeHref(m[2]);
    if (!href) continue; // not an allowed link: it stays text, brackets and all
    if (m.index > last) out.push(line.slice(last, m.index));
    out.push(faqLink(href, m[1], options));
    last = m.index + m[0].length;
  }
  if (last < line.length) out.push(line.slice(last));
  return out;
}

/**
 * The whole answer as block nodes: paragraphs (separated by blank lines; single line breaks kept as <br>) and
 * lists (consecutive lines starting with "- ").
 */
export function renderFaqText(text, options = {}) {
  const blocks = [];
  let paragraph = null;
  let list = null;
  for (const raw of String(text ?? '').split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (!line.trim()) {
      paragraph = null;
      list = null;
      continue;
    }
    if (/^\s*- /.test(line)) {
      paragraph = null;
      if (!list) {
        list = h('ul', { className: 'faq-list' });
        blocks.push(list);
      }
      list.append(h('li', {}, inlineNodes(line.replace(/^\s*- /, ''), options)));
      continue;
    }
    list = null;
    if (paragraph) {
      paragraph.append(h('br'));
    } else {
      paragraph = h('p', {});
      blocks.push(paragraph);
    }
    paragraph.append(...inlineNodes(line, options)); // strings become text nodes
  }
  return blocks;
}

/**
 * The answer as text to paste into a chat answer (which is shown as plain text): each link becomes
 * "texto (dirección completa)", so the official can still follow it.
 */
export function faqPlainText(text, origin = window.location.origin) {
  return String(text ?? '').replace(LINK, (whole, label, target) => {
    const href = safeHref(target);
    if (!href) return whole;
    return `${label} (${href.startsWith('/') ? origin + href : href})`;
  });
}

/** The FAQ places `text` links to: [{kind: 'campo'|'entrada', id}] (to check them before publishing). */
export function faqLinkTargets(text) {
  const out = [];
  for (const m of String(text ?? '').matchAll(LINK)) {
    const t = /^\/faq#(campo|entrada)-(.+)$/.exec(m[2]);
    if (t && safeHref(m[2])) out.push({ kind: t[1], id: t[2] });
  }
  return out;
}

/** A short excerpt of an answer without link syntax, for lists of results. */
export function faqExcerpt(text, max = 160) {
  const plain = String(text ?? '').replace(LINK, '$1').replace(/\s+/g, ' ').trim();
  const chars = [...plain];
  return chars.length > max ? `${chars.slice(0, max - 1).join('').trimEnd()}…` : plain;
}
