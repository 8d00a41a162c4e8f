// The link survives drops: an `ask` whose ack was lost is resent after the reconnect with the SAME cid and recorded
// once, right after the rejoin without waiting for its welcome (the server keeps it until the join completes); the
// rejoin uses the stored token and `since`; after a server-side 1001 the page reconnects and keeps up.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.js';
import { assertNoProblems, claimAndAnswer, joinAsOfficial, launchBrowser, loginModerator, newPage, waitConnected } from './support/browser.js';

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

test('a command whose ack was lost is resent with the same cid and applied once', { timeout: 120000 }, async () => {
  const official = await newPage(browser);
  const { page } = official;
  const sent = []; // every client frame, parsed
  const links = []; // one per WebSocket the page opened
  const order = []; // "link:what" in the order the proxy saw it: what the page sent, and each welcome
  let cutAtNextAck = false;

  // Stand between page and server: forward both ways, but cut the link (1013) instead of delivering the first ack.
  await page.routeWebSocket(/\/ws$/, (ws) => {
    const upstream = ws.connectToServer();
    links.push(ws);
    const link = links.length;
    ws.onMessage((m) => {
      sent.push(JSON.parse(m));
      order.push(`${link}:${JSON.parse(m).type}`);
      upstream.send(m);
    });
    upstream.onMessage((m) => {
      if (String(m).includes('"type":"welcome"')) order.push(`${link}:welcome`);
      if (cutAtNextAck && String(m).includes('"type":"ack"')) {
        cutAtNextAck = false;
        upstream.close();
        ws.close({ code: 1013, reason: 'try again later' });
        return;
      }
      ws.send(m);
    });
  });

  await joinAsOfficial(page, server, { name: 'Conexión Rural', dept: '52', muni: '52001' });
  const text = 'Pregunta enviada justo antes de que se cayera la conexión';
  cutAtNextAck = true;
  await page.getByLabel('Campo del formato').selectOption('seguimiento');
  await page.getByRole('textbox', { name: 'Su pregunta' }).fill(text);
  await page.getByRole('button', { name: 'Enviar a un moderador' }).click();

  await page.locator('#pendientes-bloque').waitFor({ state: 'hidden' });
  await waitConnected(page);
  assert.equal(links.length, 2, 'the page reconnected once');
  assert.equal(await page.locator('#preguntas .question').filter({ hasText: text }).count(), 1, 'the question is shown once');

  const asks = sent.filter((m) => m.type === 'ask');
  assert.equal(asks.length, 2, 'the un-acked ask was sent again');
  assert.equal(asks[0].cid, asks[1].cid, 'with the same cid');
  assert.ok(order.indexOf('2:ask') !== -1 && order.indexOf('2:ask') < order.indexOf('2:welcome'),
    `resent right after the rejoin, before its welcome (${order.join(' ')})`);
  const joins = sent.filter((m) => m.type === 'join');
  assert.equal(joins.length, 2);
  assert.ok(joins[0].official && !joins[0].token, 'first join introduces the official');
  assert.ok(typeof joins[1].token === 'string' && !joins[1].official, 'the rejoin uses the token from welcome');
  assert.ok(joins[1].since >= 0, 'the rejoin says since');

  // The server restarts (1001): the page comes back by itself and still receives what happens next.
  const moderator = await newPage(browser);
  await loginModerator(moderator.page, server);
  links[links.length - 1].close({ code: 1001, reason: 'going away' });
  await page.locator('#conexion[data-state="reconnecting"]').waitFor();
  await waitConnected(page);
  assert.equal(links.length, 3);
  const lastJoin = sent.filter((m) => m.type === 'join').pop();
  assert.ok(lastJoin.since >= 1, `resume from the last seq seen (since=${lastJoin.since})`);

  await claimAndAnswer(moderator.page, text, 'Respuesta que llega después de reconectar.', 'public');
  await page.locator('.answer-text').filter({ hasText: 'después de reconectar' }).waitFor();
  assert.equal(await page.locator('#preguntas .question').count(), 1, 'no duplicate after resuming');

  assertNoProblems(official.problems, 'official');
  assertNoProblems(moderator.problems, 'moderator');
  await official.context.close();
  await moderator.context.close();
});
