// Raw WebSocket participants for the browser tests: officials and moderators that talk the protocol directly from a
// page at the server's origin (node 20 has no WebSocket, and the browser sends the Origin and the login cookie the
// server expects). One page holds any number of sockets, each known by a key.
import assert from 'node:assert/strict';
import { newPage } from './browser.js';

/**
 * A page at the server's origin with `window.hc`: `open(key, join)` opens a socket and joins (resolves with `you`),
 * `send(key, command)` resolves with the command's ack (with the event it produced as `event`) or error, `close(key)`.
 */
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
      close(key) {
        const s = this.socks[key];
        if (s) s.ws.close(1000);
        delete this.socks[key];
      },
    };
  });
  return driver;
}

let cids = 0;

/** Sends `body` (a cid is added) on socket `key` of `driver` and asserts it was acknowledged; returns the ack. */
export async function command(driver, key, body) {
  const reply = await driver.page.evaluate(([k, c]) => window.hc.send(k, c), [key, { cid: `t-${++cids}`, ...body }]);
  assert.equal(reply.type, 'ack', `${body.type}: ${JSON.stringify(reply)}`);
  return reply;
}

/** Logs the driver's page in as a moderator (the cookie then goes with its sockets' upgrade requests). */
export async function loginDriver(driver, { username, password }) {
  await driver.page.evaluate(async (body) => {
    const res = await fetch('/api/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`login: ${res.status}`);
  }, { username, password });
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
 * logged in through the API. One account per driver: the cookie is the page's.
 */
export async function openModerator(driver, server, key = 'm', account = server.moderator) {
  await loginDriver(driver, account);
  await driver.page.evaluate(([k, s]) => window.hc.open(k, { session: s, as: 'moderator' }), [key, server.sessionId]);
}
