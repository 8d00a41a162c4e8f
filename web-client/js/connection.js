// WebSocket link to /ws: join, batch frames, resume with `since`, backoff reconnect, cid commands pending until ack.

// Commands keep their cid across reconnects: an un-acked command is resent with the same cid (protocol.md).
// They go out right after `join`, without waiting for `welcome`: the server keeps them until the join completes
// (a round trip saved on a slow link), up to PIPELINED_MAX; the rest follow once the link is live.
//   connecting ──open+join──▶ syncing ──synced──▶ live
//       ▲                        │                 │
//       └──── reconnecting ◀─────┴──── close ──────┘        stop() or a fatal join error ──▶ stopped
// A close 1008 other than the one for abuse (a moderator blocked this official) is final when the page handles it
// (handlers.excluded): no reconnect, which would only be refused again.

const PROTOCOL_VERSION = 1;
const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 30000;
const POLICY_BACKOFF_MS = 15000; // after close 1008 (abuse) do not come back at once
const ABUSE_CLOSE_REASON = 'Demasiados mensajes.'; // protocol.md, "Close codes": 1008 for abuse, worth a later retry
const JOIN_TIMEOUT_MS = 15000;
const RETRY_COMMAND_MS = 3000; // after rate_limited / unavailable
const CLOSE_GAP = 4000; // our own close code: a seq was missing, resume from the last one seen
const PIPELINED_MAX = 8; // commands sent with the join; the server keeps up to 16 (protocol.md, "join")

/** Join errors that a new attempt cannot fix; anything else (rate_limited, unavailable, internal) is retried. */
const FATAL_JOIN_ERRORS = new Set(['invalid_json', 'invalid_message', 'unknown_type', 'unsupported_version',
  'already_joined', 'unknown_session', 'unknown_entity', 'unauthenticated', 'forbidden']);
/** Command errors that mean "try the same command again later". */
const RETRYABLE_COMMAND_ERRORS = new Set(['rate_limited', 'unavailable']);

function randomId() {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(36).padStart(2, '0')).join('');
}

/**
 * One participant's link to one help session.
 *
 * handlers (all optional):
 *   welcome(msg)                 after each successful join (also after a reconnect)
 *   event(ev, {replay})          every event once, in seq order; `replay` is true before `synced`
 *   synced(msg)                  the replay is over
 *   state(name, info)            'connecting' | 'syncing' | 'live' | 'reconnecting' | 'stopped'; info.delayMs
 *   ack(cid, seq, command)       a pending command was committed
 *   commandError(cid, msg, cmd)  a pending command was refused (it is no longer pending)
 *   pendingChanged(list)         the pending commands changed (list of {cid, command})
 *   joinError(msg)               join refused for good; the connection is stopped
 *   excluded({code, reason})     the server closed with 1008 and a reason other than abuse (the official was blocked);
 *                                the connection is stopped. Without this handler such a close is retried like abuse.
 */
export class Connection {
  /**
   * @param {object} options
   * @param {number} options.session help session id
   * @param {() => object} options.joinFields members of `join` besides type/v/session/since (as, official|token)
   * @param {string} [options.storageKey] localStorage key to keep pending commands across a reload
   * @param {string} [options.cidPrefix]
   */
  constructor({ session, joinFields, handlers = {}, storageKey = null, cidPrefix = 'c', url = null }) {
    this.session = session;
    this.joinFields = joinFields;
    this.handlers = handlers;
    this.storageKey = storageKey;
    this.url = url || `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/ws`;
    this.cidBase = `${cidPrefix}-${randomId()}`;
    this.cidCounter = 0;
    this.lastSeq = 0;
    this.state = 'stopped';
    this.socket = null;
    this.attempt = 0;
    this.reconnectTimer = 0;
    this.joinTimer = 0;
    this.retryTimer = 0;
    this.stopped = true;
    this.welcomed = false;
    this.joinSent = false; // on the current socket: commands may follow it at once
    /** cids sent on the current socket and not refused since: not sent again on it. */
    this.sentOnSocket = new Set();
    /** cid → {cid, command}; Map keeps insertion order, so resends go out in the order first sent. */
    this.pending = new Map();
    this.loadPending();
    this.onOnline = () => { if (this.state === 'reconnecting') this.reconnectNow(); };
  }

  /** Opens the link (idempotent). */
  start() {
    if (!this.stopped) return;
    this.stopped = false;
    window.addEventListener('online', this.onOnline);
    this.open();
  }

  /** Closes for good (normal close); pending commands stay stored for a later start. */
  stop() {
    this.stopped = true;
    window.removeEventListener('online', this.onOnline);
    this.clearTimers();
    if (this.socket) {
      const s = this.socket;
      this.socket = null;
      try { s.close(1000); } catch { /* already closing */ }
    }
    this.setState('stopped');
  }

  /** Forgets every pending command (e.g. the participant changed: cids belong to one participant). */
  clearPending() {
    this.pending.clear();
    this.savePending();
  }

  /**
   * Sends a command that changes something, with a fresh cid, and keeps it pending until its ack. If the link is
   * down the command waits and goes out (same cid) once the link is live again. Returns the cid.
   */
  send(command) {
    const cid = `${this.cidBase}-${++this.cidCounter}`;
    const entry = { cid, command: { ...command, cid } };
    this.pending.set(cid, entry);
    this.savePending();
    if (this.joinSent) this.transmitPending(entry);
    return cid;
  }

  pendingList() {
    return [...this.pending.values()];
  }

  // ---- internals ----

  setState(name, info = {}) {
    this.state = name;
    this.call('state', name, info);
  }

  call(name, ...args) {
    const fn = this.handlers[name];
    if (typeof fn === 'function') {
      try {
        fn(...args);
      } catch (e) {
        // A rendering bug must not kill the link; it is still worth seeing in the console.
        console.error(`helpchat: handler ${name} failed`, e);
      }
    }
  }

  clearTimers() {
    window.clearTimeout(this.reconnectTimer);
    window.clearTimeout(this.joinTimer);
    window.clearTimeout(this.retryTimer);
    this.reconnectTimer = this.joinTimer = this.retryTimer = 0;
  }

  open() {
    this.clearTimers();
    this.welcomed = false;
    this.joinSent = false;
    this.sentOnSocket.clear();
    this.setState(this.attempt === 0 ? 'connecting' : 'reconnecting', { delayMs: 0 });
    let socket;
    try {
      socket = new WebSocket(this.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.addEventListener('open', () => {
      if (socket !== this.socket) return;
      const join = { type: 'join', v: PROTOCOL_VERSION, session: this.session, ...this.joinFields(), since: this.lastSeq };
      this.transmit(join);
      this.joinSent = true;
      this.joinTimer = window.setTimeout(() => this.drop(4001), JOIN_TIMEOUT_MS);
      [...this.pending.values()].slice(0, PIPELINED_MAX).forEach((entry) => this.transmitPending(entry));
    });
    socket.addEventListener('message', (e) => {
      if (socket !== this.socket) return;
      this.onFrame(e.data);
    });
    socket.addEventListener('close', (e) => {
      if (socket !== this.socket) return;
      this.socket = null;
      if (this.stopped) return;
      if (e.code === 1008 && e.reason && e.reason !== ABUSE_CLOSE_REASON && typeof this.handlers.excluded === 'function') {
        this.stop();
        this.call('excluded', { code: e.code, reason: e.reason });
        return;
      }
      this.scheduleReconnect(e.code);
    });
  }

  /** Closes the current socket and reconnects (resume from lastSeq). */
  drop(code = 4002) {
    const s = this.socket;
    this.socket = null;
    if (s) {
      try { s.close(code); } catch { /* ignore */ }
    }
    if (!this.stopped) this.scheduleReconnect(code);
  }

  scheduleReconnect(closeCode) {
    this.clearTimers();
    const exp = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** this.attempt);
    // "Equal jitter": between half and all of the exponential delay, so clients dropped together spread out.
    let delay = exp / 2 + Math.random() * (exp / 2);
    if (closeCode === 1008) delay = Math.max(delay, POLICY_BACKOFF_MS);
    this.attempt += 1;
    this.setState('reconnecting', { delayMs: delay, closeCode });
    this.reconnectTimer = window.setTimeout(() => this.open(), delay);
  }

  reconnectNow() {
    if (this.stopped || this.socket) return;
    this.open();
  }

  transmit(obj) {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(obj));
    return true;
  }

  onFrame(data) {
    let parsed;
    try {
      parsed = JSON.parse(data);
    } catch {
      console.warn('helpchat: frame is not JSON; ignored');
      return;
    }
    // The server always sends the batch form (an array); a lone object is accepted too.
    const messages = Array.isArray(parsed) ? parsed : [parsed];
    for (const msg of messages) {
      if (!msg || typeof msg !== 'object') continue;
      if (!this.socket) return; // dropped while handling this batch (gap): the rest comes again on resume
      this.onMessage(msg);
    }
  }

  onMessage(msg) {
    switch (msg.type) {
      case 'welcome':
        window.clearTimeout(this.joinTimer);
        this.welcomed = true;
        this.setState('syncing');
        this.call('welcome', msg);
        break;
      case 'synced':
        this.attempt = 0;
        this.setState('live');
        this.call('synced', msg);
        this.resendPending();
        break;
      case 'ack':
        this.onAck(msg);
        break;
      case 'error':
        this.onError(msg);
        break;
      default:
        // Every event carries a seq, including types this client does not know: those still advance lastSeq.
        if (typeof msg.seq === 'number') this.onEvent(msg);
        break;
    }
  }

  onEvent(ev) {
    if (ev.seq <= this.lastSeq) return; // already seen (replay overlap)
    if (ev.seq !== this.lastSeq + 1) {
      console.warn(`helpchat: expected seq ${this.lastSeq + 1}, got ${ev.seq}; resuming`);
      this.drop(CLOSE_GAP);
      return;
    }
    this.lastSeq = ev.seq;
    this.call('event', ev, { replay: this.state !== 'live' });
  }

  onAck(msg) {
    const entry = this.pending.get(msg.cid);
    if (!entry) return; // an ack for a command resent twice, or from another tab
    this.pending.delete(msg.cid);
    this.savePending();
    this.call('ack', msg.cid, msg.seq, entry.command);
  }

  onError(msg) {
    if (!this.welcomed && (!msg.cid || !this.pending.has(msg.cid))) {
      window.clearTimeout(this.joinTimer);
      if (FATAL_JOIN_ERRORS.has(msg.code)) {
        this.stop();
        this.call('joinError', msg);
      } else {
        this.drop(4003);
      }
      return;
    }
    const entry = msg.cid ? this.pending.get(msg.cid) : null;
    if (!entry) {
      this.call('commandError', msg.cid || null, msg, null);
      return;
    }
    if (RETRYABLE_COMMAND_ERRORS.has(msg.code)) {
      this.sentOnSocket.delete(msg.cid);
      window.clearTimeout(this.retryTimer);
      this.retryTimer = window.setTimeout(() => this.resendPending(), RETRY_COMMAND_MS);
      this.call('commandError', msg.cid, msg, entry.command, { willRetry: true });
      return;
    }
    this.pending.delete(msg.cid);
    this.savePending();
    this.call('commandError', msg.cid, msg, entry.command, { willRetry: false });
  }

  /** Sends what this socket has not carried yet (or carried and had refused for now). */
  resendPending() {
    if (this.state !== 'live') return;
    for (const entry of this.pending.values()) {
      if (!this.sentOnSocket.has(entry.cid)) this.transmitPending(entry);
    }
  }

  transmitPending(entry) {
    if (this.transmit(entry.command)) this.sentOnSocket.add(entry.cid);
  }

  loadPending() {
    if (!this.storageKey) return;
    try {
      const list = JSON.parse(window.localStorage.getItem(this.storageKey) || '[]');
      for (const e of list) if (e && typeof e.cid === 'string' && e.command) this.pending.set(e.cid, e);
    } catch {
      /* storage unavailable or corrupt: start empty */
    }
  }

  savePending() {
    if (this.storageKey) {
      try {
        if (this.pending.size) window.localStorage.setItem(this.storageKey, JSON.stringify(this.pendingList()));
        else window.localStorage.removeItem(this.storageKey);
      } catch {
        /* storage full or blocked: pending stays in memory only */
      }
    }
    this.call('pendingChanged', this.pendingList());
  }
}
