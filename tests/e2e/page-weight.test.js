// The official page's first load, with everything it needs to join (scripts, styles, form model, departments and the
// municipalities of the largest department) must stay under 150 KB for slow rural links; FAQ data is not part of it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.js';
import { assertNoProblems, joinAsOfficial, launchBrowser, newPage } from './support/browser.js';

const LIMIT_BYTES = 150 * 1000;

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the official page weighs under 150 KB on first load', { timeout: 60000 }, async () => {
  const { context, page, problems } = await newPage(browser);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const urls = new Map();
  const transferred = new Map();
  let wsBytes = 0;
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
  cdp.on('Network.loadingFinished', (e) => transferred.set(e.requestId, e.encodedDataLength));
  cdp.on('Network.webSocketFrameReceived', (e) => { wsBytes += Buffer.byteLength(e.response.payloadData); });

  const bodies = [];
  page.on('response', (r) => {
    bodies.push(r.body().then((b) => ({ url: r.url(), bytes: b.length })).catch(() => ({ url: r.url(), bytes: 0 })));
  });

  // Antioquia has the most municipalities (125): the heaviest list an official can load.
  await joinAsOfficial(page, server, { name: 'Peso de Prueba', dept: '05', muni: '05001' });
  await page.waitForLoadState('networkidle');

  const decoded = await Promise.all(bodies);
  const bodyTotal = decoded.reduce((sum, r) => sum + r.bytes, 0);
  const wireTotal = [...transferred.values()].reduce((sum, n) => sum + n, 0);
  const weight = Math.max(bodyTotal, wireTotal);
  const detail = decoded.map((r) => `  ${String(r.bytes).padStart(7)}  ${new URL(r.url).pathname}${new URL(r.url).search}`).join('\n');
  console.log(`official page weight: ${weight} bytes (${wireTotal} transferred with headers, ${bodyTotal} in bodies, ${decoded.length} responses; websocket frames ${wsBytes} bytes)\n${detail}`);
  assert.ok(decoded.length > 0 && urls.size > 0, 'no response was observed');
  assert.ok(weight < LIMIT_BYTES, `official page weighs ${weight} bytes, over ${LIMIT_BYTES}`);
  // The FAQ is loaded on demand (search results while typing), never as a whole on the official page.
  assert.ok(!decoded.some((r) => new URL(r.url).pathname.startsWith('/api/faq')), 'the official page fetched FAQ data on first load');
  assertNoProblems(problems, 'official page');
  await context.close();
});
