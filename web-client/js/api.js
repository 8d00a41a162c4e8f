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

async function request(method, path, body) {
  const controller = new AbortController();
  const timer = window.setTimeout(() => controller.abort(), TIMEOUT_MS);
  let response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
    });
  } catch (e) {
    throw new ApiError(0, 'network', e && e.name === 'AbortError'
      ? 'El servidor tardó demasiado en responder. Revise su conexión e intente de nuevo.'
      : 'No fue posible comunicarse con el servidor. Revise su conexión e intente de nuevo.');
  } finally {
    window.clearTimeout(timer);
  }
  let data = null;
  const text = await response.text();
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

export const getJSON = (path) => request('GET', path);
export const postJSON = (path, body) => request('POST', path, body ?? {});

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
