// User text that looks like HTML (name, position, question, answer, dismissal reason) is shown as text everywhere:
// no element is created from it and no script runs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.js';
import { ask, assertNoProblems, claimAndAnswer, joinAsOfficial, launchBrowser, loginModerator, newPage } from './support/browser.js';

const PAYLOAD = '<img src=x onerror=alert(1)>';

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

/** Marks the page if any injected handler ever runs, and counts <img> elements that user text could have made. */
async function arm(page) {
  await page.addInitScript(() => {
    window.__xss = 0;
    window.alert = () => { window.__xss += 1; };
  });
}

async function assertInert(page, label) {
  assert.equal(await page.evaluate(() => window.__xss), 0, `${label}: a handler from user text ran`);
  assert.equal(await page.locator('img').count(), 0, `${label}: user text became an <img> element`);
  assert.ok((await page.locator('body').innerText()).includes(PAYLOAD), `${label}: the payload is not shown as text`);
}

test('HTML in names, questions and answers is rendered as text', { timeout: 120000 }, async () => {
  const official = await newPage(browser);
  const moderator = await newPage(browser);
  const reader = await newPage(browser);
  for (const p of [official, moderator, reader]) await arm(p.page);

  await joinAsOfficial(official.page, server, { name: PAYLOAD, position: `Cargo ${PAYLOAD}`, dept: '05', muni: '05001' });
  await ask(official.page, 'general', `Pregunta ${PAYLOAD}`);
  await loginModerator(moderator.page, server);
  await claimAndAnswer(moderator.page, `Pregunta ${PAYLOAD}`, `Respuesta ${PAYLOAD}`, 'public');
  await official.page.locator('.answer-text').filter({ hasText: `Respuesta ${PAYLOAD}` }).waitFor();

  await reader.page.goto(`${server.url}/archivo?id=${server.sessionId}`);
  await reader.page.locator('#archivo-eventos .event-text').filter({ hasText: `Respuesta ${PAYLOAD}` }).waitFor();

  await assertInert(official.page, 'official page');
  await assertInert(moderator.page, 'moderator page');
  await assertInert(reader.page, 'archive page');
  assert.equal(await official.page.locator('#preguntas .asker-name').first().textContent(), PAYLOAD);

  for (const [p, label] of [[official, 'official'], [moderator, 'moderator'], [reader, 'archive']]) {
    assertNoProblems(p.problems, label);
    await p.context.close();
  }
});
