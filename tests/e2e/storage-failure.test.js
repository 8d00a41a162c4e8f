// Storage that stops taking writes, seen from an official's page: while another process holds the database's write
// lock past the server's retry window, the question the official sends is refused with `unavailable` and stays in
// the page's pending list; the page resends it with the same cid, and once the lock is released the server recovers
// by itself and records it exactly once. (The server-side details are in tests/integration/storage_failure_test.cpp.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startServer } from './support/server.js';
import { assertNoProblems, joinAsOfficial, launchBrowser, newPage } from './support/browser.js';

let server;
let browser;

before(async () => {
  server = await startServer({ extraArgs: ['--storage-retry-seconds', '1'] });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Another process (Debian's sqlite3 shell) that takes the write lock and holds it until release() is called. */
async function holdWriteLock(databaseFile) {
  const shell = spawn('sqlite3', [databaseFile], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => shell.on('exit', resolve));
  let output = '';
  const locked = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sqlite3 did not take the lock: ${output}`)), 10000);
    const scan = (chunk) => {
      output += chunk;
      if (output.includes('locked')) {
        clearTimeout(timer);
        resolve();
      }
    };
    shell.stdout.setEncoding('utf8').on('data', scan);
    shell.stderr.setEncoding('utf8').on('data', scan);
    shell.on('error', (e) => reject(e));
  });
  shell.stdin.write("BEGIN EXCLUSIVE;\nSELECT 'locked';\n");
  await locked;
  return {
    async release() {
      shell.stdin.end('COMMIT;\n');
      await exited;
    },
  };
}

async function readyStatus() {
  return (await fetch(`${server.url}/readyz`)).status;
}

async function waitForReady(status, limitMs) {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if ((await readyStatus()) === status) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`/readyz did not answer ${status} within ${limitMs} ms`);
}

test('a question sent while storage fails is refused, kept, resent and recorded once after recovery', { timeout: 120000 }, async () => {
  const { page, problems } = await newPage(browser);
  const sent = [];
  const refused = [];
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => { if (typeof f.payload === 'string') sent.push(JSON.parse(f.payload)); });
    ws.on('framereceived', (f) => {
      if (typeof f.payload !== 'string') return;
      for (const m of JSON.parse(f.payload)) if (m.type === 'error' && m.code === 'unavailable') refused.push(m);
    });
  });
  await joinAsOfficial(page, server, { name: 'Disco Lleno', dept: '05', muni: '05001' });

  const lock = await holdWriteLock(path.join(server.dataDir, 'helpchat.db'));
  const text = 'Pregunta enviada mientras el servidor no podía guardar';
  await page.getByLabel('Campo del formato').selectOption('seguimiento');
  await page.getByRole('textbox', { name: 'Su pregunta' }).fill(text);
  await page.getByRole('button', { name: 'Enviar a un moderador' }).click();
  await page.locator('#pendientes-bloque').waitFor({ state: 'visible' });

  // SQLite's 5 s busy timeout, then the 1 s retry window: the server says it cannot record.
  await waitForReady(503, 30000);
  const deadline = Date.now() + 15000;
  while (refused.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.ok(refused.length > 0, 'the ask was answered unavailable, not left without a reply');
  assert.equal(await page.locator('#preguntas .question').filter({ hasText: text }).count(), 0, 'nothing shown that is not on disk');
  assert.ok(await page.locator('#pendientes-bloque').isVisible(), 'the question waits in the pending list');

  await lock.release();
  await waitForReady(200, 15000);
  await page.locator('#preguntas .question').filter({ hasText: text }).waitFor({ timeout: 30000 });
  await page.locator('#pendientes-bloque').waitFor({ state: 'hidden' });

  const asks = sent.filter((m) => m.type === 'ask');
  assert.ok(asks.length >= 2, 'the refused ask was sent again');
  assert.equal(new Set(asks.map((m) => m.cid)).size, 1, 'always with the same cid');
  const transcript = await (await fetch(`${server.url}/api/sessions/${server.sessionId}/transcript`)).json();
  const recorded = transcript.events.filter((e) => e.type === 'question_asked' && e.question.text === text);
  assert.equal(recorded.length, 1, 'recorded once');
  assert.equal(await page.locator('#preguntas .question').filter({ hasText: text }).count(), 1, 'shown once');
  assertNoProblems(problems, 'official page');
});
