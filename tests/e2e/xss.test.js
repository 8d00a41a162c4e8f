// User text that looks like HTML (name, position, question, answer, dismissal reason, an FAQ entry published from a
// proposal) is shown as text everywhere: no element is created from it and no script runs; FAQ link syntax only makes
// links to the FAQ and to https addresses.
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

  // The answer proposed and published as an FAQ entry, with HTML and a javascript: link in FAQ link syntax.
  const mp = moderator.page;
  await mp.locator('#detalle .answer').getByRole('button', { name: 'Proponer como FAQ' }).click();
  const draft = mp.locator('#propuestas-lista > li.draft').first();
  await draft.waitFor();
  await draft.getByLabel('Identificador de la entrada', { exact: true }).fill('xss-prueba');
  await draft.getByLabel('Respuesta', { exact: true }).fill(
    `Respuesta ${PAYLOAD} [${PAYLOAD}](javascript:alert(1)) [seguro](https://www.gobiernoenlinea.gov.co)`);
  await draft.getByRole('button', { name: 'Publicar en el FAQ' }).click();
  await mp.locator('#propuestas-lista > li.draft[data-status="published"]').waitFor();
  await reader.page.goto(`${server.url}/faq#entrada-xss-prueba`);
  await reader.page.locator('body[data-faq="ready"]').waitFor();
  await assertInert(reader.page, 'faq page');
  const links = await reader.page.locator('#entrada-xss-prueba .faq-answer a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(links, ['https://www.gobiernoenlinea.gov.co/'], 'only the https link became a link');
  await official.page.getByRole('textbox', { name: 'Su pregunta' }).pressSequentially('Respuesta img onerror alert', { delay: 10 });
  const suggestion = official.page.locator('#sugerencias-lista > li[data-faq="xss-prueba"]');
  await suggestion.waitFor();
  await suggestion.locator('summary').click();
  await assertInert(official.page, 'official suggestions');

  for (const [p, label] of [[official, 'official'], [moderator, 'moderator'], [reader, 'archive']]) {
    assertNoProblems(p.problems, label);
    await p.context.close();
  }
});
