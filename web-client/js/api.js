// The HTTP JSON API of docs/protocol.md (/api/...): fetch with a time limit, Spanish errors, small in-memory caches.

const TIMEOUT_MS = 15000;

/** An API failure: `code` from the server's `{"error":{code,message}}` (or a local one), `message` in Spanish. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * `signal` (optional) lets the caller cancel: a cancelled request rejects with an ApiError whose code is `aborted`,
 * which callers drop silently (a newer request replaced it).
 */
async function request(method, path, body, { signal } = {}) {
  const controller = new AbortController();
  const timer = window.setTimeout(() => controller.abort(), TIMEOUT_MS);
  const cancel = () => controller.abort();
  if (signal) {
    if (signal.aborted) controller.abort();
    else signal.addEventListener('abort', cancel, { once: true });
  }
  let response;
  let text;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
    });
    text = await response.text();
  } catch (e) {
    if (signal && signal.aborted) throw new ApiError(0, 'aborted', 'Consulta cancelada.');
    throw new ApiError(0, 'network', e && e.name === 'AbortError'
      ? 'El servidor tardó demasiado en responder. Revise su conexión e intente de nuevo.'
      : 'No fue posible comunicarse con el servidor. Revise su conexión e intente de nuevo.');
  } finally {
    window.clearTimeout(timer);
    if (signal) signal.removeEventListener('abort', cancel);
  }
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const err = data && data.error;
    throw new ApiError(response.status, (err && err.code) || `http_${response.status}`,
      (err && err.message) || `El servidor respondió con un error (${response.status}).`);
  }
  return data;
}

export const getJSON = (path, options) => request('GET', path, undefined, options);
export const postJSON = (path, body) => request('POST', path, body ?? {});
export const putJSON = (path, body) => request('PUT', path, body ?? {});

const cache = new Map();
/** GETs `path` once per page; later calls share the same promise (a failed one is forgotten so it can be retried). */
function cached(path) {
  if (!cache.has(path)) {
    const p = getJSON(path);
    p.catch(() => cache.delete(path));
    cache.set(path, p);
  }
  return cache.get(path);
}

export const getSessions = () => getJSON('/api/sessions');
export const getForm = () => cached('/api/form');
export const getDepartments = () => cached('/api/entities');
export const getMunicipalities = (dept) => cached(`/api/entities?dept=${encodeURIComponent(dept)}`);

/** The whole public transcript, page by page (`since`/`limit`), in seq order. */
export async function getTranscript(sessionId, { pageSize = 500, maxPages = 200 } = {}) {
  let since = 0;
  let session = null;
  const events = [];
  for (let page = 0; page < maxPages; page++) {
    const data = await getJSON(`/api/sessions/${encodeURIComponent(sessionId)}/transcript?since=${since}&limit=${pageSize}`);
    session = data.session || session;
    const batch = Array.isArray(data.events) ? data.events : [];
    for (const e of batch) if (typeof e.seq === 'number' && e.seq > since) events.push(e);
    // `has_more` (when the server sends it) says whether to ask again; without it a short page means the end.
    if (data.has_more === false || (data.has_more === undefined && batch.length < pageSize) || batch.length === 0) break;
    const last = batch[batch.length - 1].seq;
    if (!(last > since)) break;
    since = last;
  }
  return { session, events };
}

/** The logged-in moderator (`{you}`), or null when not logged in (401). */
export async function getMe() {
  try {
    const data = await getJSON('/api/me');
    return (data && data.you) || null;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export const login = (username, password) => postJSON('/api/login', { username, password });
export const logout = () => postJSON('/api/logout');

// ---- FAQ (protocol.md, "HTTP API")

/** Every published entry grouped by section and field: `{entries, general, row_fields, sections}`. */
export const getFaq = () => cached('/api/faq');

/**
 * Best matches first: `[{id, fields, question, answer, score}]`. `field` boosts the entries keyed to it; `signal`
 * cancels a request a newer one replaced.
 */
export function searchFaq(q, { field = '', limit = 5, signal } = {}) {
  const params = new URLSearchParams({ q, limit: String(limit) });
  if (field) params.set('field', field);
  return getJSON(`/api/faq/search?${params}`, { signal });
}

/**
 * The questions of help session `sessionId` like `q`, best first: `[{question, field, text, score}]` (any state: the
 * caller keeps the open ones).
 */
export function searchSimilarQuestions(sessionId, q, { field = '', limit = 5, signal } = {}) {
  const params = new URLSearchParams({ q, limit: String(limit) });
  if (field) params.set('field', field);
  return getJSON(`/api/sessions/${encodeURIComponent(sessionId)}/similar?${params}`, { signal });
}

export const getFaqDrafts = () => getJSON('/api/faq/drafts');
/** Proposes the answer whose event has seq `answer` (an answer's id is its seq) in help session `session`. */
export const proposeFaqDraft = (session, answer) => postJSON('/api/faq/drafts', { session, answer });
export const updateFaqDraft = (id, changes) => putJSON(`/api/faq/drafts/${encodeURIComponent(id)}`, changes);
export const publishFaqDraft = (id) => postJSON(`/api/faq/drafts/${encodeURIComponent(id)}/publish`);
export const discardFaqDraft = (id) => postJSON(`/api/faq/drafts/${encodeURIComponent(id)}/discard`);
