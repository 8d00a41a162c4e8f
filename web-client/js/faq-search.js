// Search-as-you-type over GET /api/faq/search, shared by the official's suggestions, the FAQ page and the moderator's
// canned answers (and, with its own `fetchHits`, by the official's similar questions): a newer query cancels the
// request of an older one, short queries are not sent, results are cached.
import { ApiError, searchFaq } from './api.js';
import { meaningfulLength } from './faq-text.js';

export class FaqSearcher {
  /**
   * @param {object} [o]
   * @param {number} [o.limit]     results per query (the server accepts 1–20)
   * @param {number} [o.minChars]  letters or digits needed before asking the server
   * @param {number} [o.maxChars]  only the start of a long text is sent (its words carry it; keeps the URL short)
   * @param {number} [o.cacheSize] queries remembered (0: none, for results that change as the session goes on)
   * @param {Function} [o.fetchHits] (query, {field, limit, signal}) → Promise of the answer (default: the FAQ search)
   * @param {Function} [o.isHit]     which items of the answer are hits
   */
  constructor({
    limit = 5, minChars = 3, maxChars = 300, cacheSize = 30, fetchHits = searchFaq, isHit = (x) => x && typeof x.id === 'string',
  } = {}) {
    Object.assign(this, { limit, minChars, maxChars, cacheSize, fetchHits, isHit });
    this.cache = new Map(); // "field\nquery" → hits
    this.controller = null;
  }

  /** Whether `text` is long enough to be searched. */
  searchable(text) {
    return meaningfulLength(text) >= this.minChars;
  }

  /** The cache key of a query: equal keys give equal results, so a caller can skip re-rendering. */
  key(text, field = '') {
    const query = [...String(text).trim()].slice(0, this.maxChars).join('');
    return `${field}\n${query.toLocaleLowerCase('es-CO').replace(/\s+/g, ' ')}`;
  }

  /**
   * Resolves with the hits (`[]` for a query too short to send), or with null when a newer search superseded this
   * one. Rejects with the ApiError of a failed request.
   */
  async search(text, field = '') {
    this.cancel();
    if (!this.searchable(text)) return [];
    const key = this.key(text, field);
    if (this.cache.has(key)) return this.cache.get(key);
    const controller = new AbortController();
    this.controller = controller;
    let data;
    try {
      data = await this.fetchHits([...String(text).trim()].slice(0, this.maxChars).join(''), { field, limit: this.limit, signal: controller.signal });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'aborted') return null;
      throw e;
    } finally {
      if (this.controller === controller) this.controller = null;
    }
    if (controller.signal.aborted) return null;
    const hits = Array.isArray(data) ? data.filter(this.isHit).slice(0, this.limit) : [];
    if (this.cacheSize > 0) {
      this.cache.set(key, hits);
      if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value);
    }
    return hits;
  }

  /** Cancels the request in flight, if any (its search() resolves with null). */
  cancel() {
    if (this.controller) this.controller.abort();
    this.controller = null;
  }

  /** Forgets cached results (after an entry was published, for example). */
  forget() {
    this.cache.clear();
  }
}
