// An official asks about a form field; a moderator in another browser context sees it live, claims it and answers
// publicly; the official sees the answer live; after a reload both pages show the same history in the same order.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.js';
import { ask, assertNoProblems, claimAndAnswer, joinAsOfficial, launchBrowser, loginModerator, moderatorHistory, newPage,
  officialHistory, openQuestion, queueItem, waitConnected } from './support/browser.js';

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

test('a question asked by an official is answered live by a moderator, and reloads keep the same history', { timeout: 120000 }, async () => {
  const official = await newPage(browser);
  const moderator = await newPage(browser);

  await joinAsOfficial(official.page, server, { name: 'Ana Gómez', position: 'Secretaria de Planeación', dept: '05', muni: '05001' });
  await loginModerator(moderator.page, server);

  const question = '¿Debo diligenciar las cinco fases de Gobierno en línea o solo la primera?';
  await ask(official.page, 'gel_fase', question);

  // The moderator sees it live, with who asked and from where (the row), and their position (the context).
  const item = queueItem(moderator.page, question);
  await item.waitFor();
  const itemText = await item.textContent();
  assert.match(itemText, /Ana Gómez/);
  assert.match(itemText, /MEDELL[IÍ]N/i);
  await openQuestion(moderator.page, question);
  assert.match(await moderator.page.locator('#contexto-funcionario').textContent(), /Ana Gómez · Secretaria de Planeación/);
  assert.match(await moderator.page.locator('#contexto-entidad').textContent(), /MEDELL[IÍ]N/i);

  // The official's card shows the asker, their mark and the Bogotá-time clock.
  const card = official.page.locator('#preguntas .question').filter({ hasText: question });
  assert.match(await card.textContent(), /Su pregunta/);
  assert.match(await card.locator('time').first().textContent(), /\d{1,2}:\d{2}\s*[ap]\.\s*m\./);

  const answer = 'Diligencie las cinco fases: cada una se apoya en la anterior, empezando por Información.';
  await claimAndAnswer(moderator.page, question, answer, 'public');

  // The official sees the answer live, under the question.
  await card.locator('.answer-text').filter({ hasText: answer }).waitFor();
  await card.locator('.question-state').filter({ hasText: 'Respondida' }).waitFor();

  // A second question so that order matters.
  const second = '¿Quién puede ser responsable de una actividad?';
  await ask(official.page, 'general', second);
  await queueItem(moderator.page, second).waitFor();

  const officialBefore = await officialHistory(official.page);
  const moderatorBefore = await moderatorHistory(moderator.page);
  assert.deepEqual(officialBefore.map((q) => q.text), [question, second]);
  assert.deepEqual(officialBefore[0].answers, [answer]);

  await official.page.reload();
  await waitConnected(official.page);
  await official.page.locator('#preguntas .question').nth(1).waitFor();
  await moderator.page.reload();
  await waitConnected(moderator.page);
  await moderator.page.locator('#actividad > li').nth(moderatorBefore.length - 1).waitFor();

  assert.deepEqual(await officialHistory(official.page), officialBefore, 'official history after reload');
  assert.deepEqual(await moderatorHistory(moderator.page), moderatorBefore, 'moderator history after reload');
  // Same participant after the reload: still "Su pregunta", no join form.
  assert.equal(await official.page.locator('#ingreso').isVisible(), false);
  assert.match(await official.page.locator('#preguntas .question').first().textContent(), /Su pregunta/);
  // Both pages list the questions in the same order.
  const moderatorQuestionOrder = await moderator.page.locator('#actividad > li.event-question').evaluateAll(
    (items) => items.map((li) => li.querySelector('.event-text').textContent));
  assert.deepEqual(moderatorQuestionOrder, officialBefore.map((q) => q.text));

  assertNoProblems(official.problems, 'official page');
  assertNoProblems(moderator.problems, 'moderator page');
  await official.context.close();
  await moderator.context.close();
});
