// While an official types a question, FAQ entries that may answer it appear beside the box (debounced, at most three,
// boosted for the picked field); "Esto resolvió mi duda" records the question as resolved by that entry, so it shows
// as "Resuelta con el FAQ" for the official and in the moderator's closed questions, never in the queue.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.js';
import { assertNoProblems, joinAsOfficial, launchBrowser, loginModerator, newPage, openQuestion, queueItem, showState } from './support/browser.js';

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

test('suggestions appear while typing and "Esto resolvió mi duda" records the question as resolved by the FAQ', { timeout: 120000 }, async () => {
  const official = await newPage(browser);
  const moderator = await newPage(browser);
  const op = official.page;
  const searches = [];
  op.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname.startsWith('/api/faq')) searches.push(u);
  });

  await joinAsOfficial(op, server, { name: 'Marta Ríos', dept: '05', muni: '05001' });
  await op.getByLabel('Campo del formato').selectOption('gel_fase');
  // The picker's help links to that field's answers on the FAQ page.
  assert.equal(await op.locator('#campo-faq a').getAttribute('href'), '/faq#campo-gel_fase');

  // Two letters are not enough to search.
  const box = op.getByRole('textbox', { name: 'Su pregunta' });
  await box.pressSequentially('¿c', { delay: 20 });
  await op.waitForTimeout(600);
  assert.equal(searches.length, 0, 'no search before three letters');
  assert.equal(await op.locator('#sugerencias').isVisible(), false);

  // Typed at a person's pace: one request for the whole question once the typing pauses, not one per key.
  const question = 'cuales son las fases de gobierno en linea';
  await box.fill('');
  await box.pressSequentially(question, { delay: 40 });
  const items = op.locator('#sugerencias-lista > li');
  await items.first().waitFor();
  assert.ok(searches.length <= 2, `debounced: ${searches.length} requests for one question`);
  const last = searches[searches.length - 1];
  assert.equal(last.pathname, '/api/faq/search');
  assert.equal(last.searchParams.get('field'), 'gel_fase');
  assert.equal(last.searchParams.get('limit'), '3');
  assert.ok(!searches.some((u) => u.pathname === '/api/faq'), 'the whole FAQ is never loaded on the official page');
  const count = await items.count();
  assert.ok(count >= 1 && count <= 3, `${count} suggestions`);
  await op.locator('#sugerencias-anuncio').filter({ hasText: /preguntas? frecuentes? parecidas?/ }).waitFor();

  // The best one is the five phases entry: its answer expands, with a link to the entry on the FAQ page.
  const best = op.locator('#sugerencias-lista > li[data-faq="gel-fases-cinco"]');
  await best.waitFor();
  assert.equal(await best.getByRole('link', { name: /Ver en el FAQ/ }).getAttribute('href'), '/faq#entrada-gel-fases-cinco');
  const summary = best.locator('summary');
  assert.match(await summary.textContent(), /cinco fases de Gobierno en línea/);
  await summary.click();
  await best.locator('.faq-answer').filter({ hasText: 'Decreto 1151 de 2008' }).waitFor();

  // "Esto resolvió mi duda": recorded, the box is cleared and the official is told so.
  await best.getByRole('button', { name: 'Esto resolvió mi duda' }).click();
  assert.equal(await box.inputValue(), '');
  await op.locator('#resuelta-aviso').filter({ hasText: 'resolvió su duda' }).waitFor();
  await op.locator('#sugerencias').waitFor({ state: 'hidden' });
  const card = op.locator('#preguntas .question').filter({ hasText: question });
  await card.locator('.question-state').filter({ hasText: 'Resuelta con el FAQ' }).waitFor();
  assert.equal(await card.getAttribute('data-state'), 'answered_by_faq');
  assert.equal(await card.locator('.question-state a').getAttribute('href'), '/faq#entrada-gel-fases-cinco');
  await op.locator('#pendientes-bloque').waitFor({ state: 'hidden' });

  // A question the FAQ does not answer still goes to a moderator with the normal submit.
  const human = '¿Podemos enviar el plan firmado y escaneado, o debe ir en el archivo original?';
  await box.fill(human);
  await op.getByRole('button', { name: 'Enviar a un moderador' }).click();
  await op.locator('#preguntas .question').filter({ hasText: human }).locator('.question-state')
    .filter({ hasText: 'En cola' }).waitFor();

  // The moderator sees the resolved one among the closed questions, not in the queue.
  const mp = moderator.page;
  await loginModerator(mp, server);
  await queueItem(mp, human).waitFor();
  assert.equal(await queueItem(mp, question).isVisible(), false, 'the resolved question is not waiting or in progress');
  await showState(mp, 'closed');
  const closed = queueItem(mp, question);
  await closed.waitFor();
  assert.equal(await closed.getAttribute('data-state'), 'answered_by_faq');
  assert.match(await closed.textContent(), /Resuelta con el FAQ/);
  await openQuestion(mp, question);
  assert.match(await mp.locator('#detalle .question-state').textContent(), /Resuelta con el FAQ.*cinco fases/);
  assert.match(await mp.locator('#actividad > li').filter({ hasText: question }).textContent(), /resuelta con el FAQ/);

  assertNoProblems(official.problems, 'official');
  assertNoProblems(moderator.problems, 'moderator');
  await official.context.close();
  await moderator.context.close();
});
