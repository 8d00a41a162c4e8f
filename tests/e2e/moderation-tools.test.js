// The moderator console's other tools, seen from both sides: transfer to another agency with a reason, merge a
// duplicate picked from the search of the main question (its answer then shows under both), dismiss with a reason
// after the inline confirmation, and the queue and state filters.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.js';
import { ask, assertNoProblems, claimAndAnswer, joinAsOfficial, launchBrowser, loginModerator, newPage, openQuestion, queueItem, showQueue,
  showState } from './support/browser.js';

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

test('transfer, merge and dismiss update the official room live', { timeout: 120000 }, async () => {
  const official = await newPage(browser);
  const moderator = await newPage(browser);
  const op = official.page;
  const mp = moderator.page;

  await joinAsOfficial(op, server, { name: 'Rosa Díaz', dept: '73', muni: '73001' });
  const main = '¿Qué trámites debemos priorizar para racionalizar este año?';
  const duplicate = '¿Cuáles trámites se priorizan en la racionalización?';
  const offTopic = 'Prueba de sonido';
  await ask(op, 'general', main);
  await ask(op, 'general', duplicate);
  await ask(op, 'general', offTopic);
  const card = (text) => op.locator('#preguntas .question').filter({ hasText: text });
  const mainId = await card(main).getAttribute('data-question');

  await loginModerator(mp, server);

  // Transfer: general support → Función Pública, with the reason the receiving agency reads.
  await openQuestion(mp, main);
  await mp.getByLabel('Agencia que debe responder').selectOption('dafp');
  await mp.getByLabel('Motivo del traslado').fill('Racionalización de trámites es de Función Pública');
  await mp.getByRole('button', { name: 'Trasladar' }).click();
  await card(main).locator('.question-state').filter({ hasText: 'En cola · Función Pública' }).waitFor();
  await mp.locator('#detalle .note-transfer')
    .filter({ hasText: 'Transferida desde Soporte general: Racionalización de trámites es de Función Pública' }).waitFor();
  await queueItem(mp, main).filter({ hasText: 'Función Pública' }).filter({ hasText: 'trasladada' }).waitFor();
  await showQueue(mp, 'triage');
  await queueItem(mp, duplicate).waitFor();
  await queueItem(mp, main).waitFor({ state: 'hidden' });
  assert.equal(await queueItem(mp, main).isVisible(), false, 'the transferred question left the general support queue');
  await showQueue(mp, 'all');

  // Merge the duplicate into the main question, found with the picker's search.
  await mp.getByRole('button', { name: 'Buscar preguntas repetidas' }).click();
  await mp.getByLabel('Buscar entre las preguntas abiertas').fill('priorizan');
  await mp.locator('#unir-opciones li').filter({ hasText: duplicate }).getByRole('checkbox').check();
  await mp.getByRole('button', { name: 'Unir la marcada a esta pregunta' }).click();
  await card(duplicate).locator('.question-state').filter({ hasText: `Unida a la pregunta n.º ${mainId}` }).waitFor();

  // Dismiss with a reason the room can read, after the confirmation.
  await openQuestion(mp, offTopic);
  await mp.getByRole('button', { name: 'Descartar la pregunta…' }).click();
  await mp.getByLabel('Motivo (opcional)').fill('No es una pregunta sobre el formato');
  await mp.getByRole('button', { name: 'Sí, descartar la pregunta' }).click();
  await card(offTopic).locator('.question-state').filter({ hasText: 'Motivo: No es una pregunta sobre el formato' }).waitFor();

  // The answer to the main question also shows under the merged duplicate.
  const answer = 'Priorice los trámites más solicitados y los que más quejas reciben.';
  await claimAndAnswer(mp, main, answer, 'public');
  await card(main).locator('.answer-text').filter({ hasText: answer }).waitFor();
  await card(duplicate).locator('.answer-text').filter({ hasText: answer }).waitFor();
  assert.match(await card(duplicate).locator('.answer').textContent(), new RegExp(`de la pregunta n\\.º ${mainId}`));

  // The closed ones show with the "Cerradas" state filter, and only then.
  await showState(mp, 'closed');
  for (const [text, state] of [[main, 'answered'], [duplicate, 'merged'], [offTopic, 'dismissed']]) {
    await queueItem(mp, text).and(mp.locator(`[data-state="${state}"]`)).waitFor();
  }
  await showState(mp, 'open');
  await queueItem(mp, offTopic).waitFor({ state: 'hidden' });

  assertNoProblems(official.problems, 'official');
  assertNoProblems(moderator.problems, 'moderator');
  await official.context.close();
  await moderator.context.close();
});
