// Raw WebSocket participants for browser tests: a page at the server's origin (node 20 has no WebSocket) whose
// `window.hc` opens joined sockets, sends commands and resolves with their ack (and the event it caused) or error.
import assert from 'node:assert/strict';
import { newPage } from './browser.js';

/** A page at `server`'s origin with `window.hc`. Close it with `driver.context.close()`. */
export async function socketDriver(browser, server) {
  const driver = await newPage(browser);
  await driver.page.goto(`${server.url}/`);
  await driver.page.evaluate(() => {
    window.hc = {
      socks: {},
      open(key, join) {
        return new Promise((resolve, reject) => {
          const ws = new WebSocket(`${window.location.origin.replace(/^http/, 'ws')}/ws`);
          const s = { ws, waiters: new Map(), events: new Map() };
          this.socks[key] = s;
          ws.onmessage = (m) => {
            for (const msg of JSON.parse(m.data)) {
              if (msg.type === 'welcome') resolve(msg.you);
              if (typeof msg.seq === 'number' && msg.type !== 'ack') s.events.set(msg.seq, msg);
              if (msg.type === 'error' && !msg.cid) reject(new Error(`${msg.code}: ${msg.message}`));
              const waiter = msg.cid && s.waiters.get(msg.cid);
              if (waiter && (msg.type === 'ack' || msg.type === 'error')) {
                s.waiters.delete(msg.cid);
                waiter(msg.type === 'ack' ? { ...msg, event: s.events.get(msg.seq) } : msg);
              }
            }
          };
          ws.onerror = () => reject(new Error('WebSocket error'));
          ws.onopen = () => ws.send(JSON.stringify({ type: 'join', v: 1, ...join }));
        });
      },
      send(key, command) {
        const s = this.socks[key];
        return new Promise((resolve) => {
          s.waiters.set(command.cid, resolve);
          s.ws.send(JSON.stringify(command));
        });
      },
    };
  });
  return driver;
}

/** The events socket `key` of `driver` received so far, in seq order. */
export async function eventsOf(driver, key) {
  return driver.page.evaluate((k) => [...window.hc.socks[k].events.values()].sort((a, b) => a.seq - b.seq), key);
}

/** Opens socket `key` on `driver` as a new official of the demo session. */
export async function openOfficial(driver, server, key, { name = `Oficial ${key}`, dane = '05001' } = {}) {
  await driver.page.evaluate(([k, s, n, d]) => window.hc.open(k, { session: s, as: 'official',
    official: { name: n, position: 'Jefe de sistemas', entity_type: 'alcaldia', dane_code: d } }), [key, server.sessionId, name, dane]);
}

/**
 * Opens socket `key` on `driver` as `account` (default: the demo moderator, an admin: routing assigns it nothing),
 * logged in through the API. One login per driver: the cookie is the page's.
 */
export async function openModerator(driver, server, key = 'm', account = server.moderator) {
  await driver.page.evaluate(async ({ username, password }) => {
    const res = await fetch('/api/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (!res.ok) throw new Error(`login: ${res.status}`);
  }, account);
  await driver.page.evaluate(([k, s]) => window.hc.open(k, { session: s, as: 'moderator' }), [key, server.sessionId]);
}

let cids = 0;
/** Sends `body` on socket `key` and asserts it was acknowledged; the ack, with `event` the event it caused. */
export async function command(driver, key, body) {
  const reply = await driver.page.evaluate(([k, c]) => window.hc.send(k, c), [key, { cid: `t-${++cids}`, ...body }]);
  assert.equal(reply.type, 'ack', `${body.type}: ${JSON.stringify(reply)}`);
  return reply;
}
