// "Yo también": while an official types, the room offers the open questions of the session that look like theirs
// (GET /api/sessions/ID/similar); joining one makes them a co-asker: the card counts "2 personas preguntan esto",
// says "Usted se sumó", shows its place in the queue, and its private answer and the answer's correction reach them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from './support/axe.js';
import { ask, assertNoProblems, joinAsOfficial, newPage } from './support/browser.js';
import { serverAndBrowser } from './support/fixture.js';
import { command, openModerator, socketDriver } from './support/sockets.js';

const env = serverAndBrowser();

test('an official joins a similar question with "Yo también" and shares its private answer and its correction', { timeout: 180000 }, async () => {
  const { server, browser } = env;
  const ana = await newPage(browser);
  await joinAsOfficial(ana.page, server, { name: 'Ana Gómez', dept: '05', muni: '05001' });
  const original = '¿Debo diligenciar las cinco fases de Gobierno en línea o solo las que aplican?';
  await ask(ana.page, 'gel_fase', original);
  const questionId = Number(await ana.page.locator('#preguntas .question-mine').getAttribute('data-question'));

  const luis = await newPage(browser);
  const lp = luis.page;
  await joinAsOfficial(lp, server, { name: 'Luis Pérez', dept: '76', muni: '76001' });
  await lp.getByLabel('Campo del formato').selectOption('gel_fase');
  await lp.getByRole('textbox', { name: 'Su pregunta' }).fill('tengo que diligenciar todas las fases?');
  const similar = lp.locator('#parecidas');
  await similar.waitFor({ state: 'visible' });
  assert.equal(await similar.locator('li').count(), 1);
  assert.match(await similar.textContent(), /cinco fases de Gobierno en línea/);
  assert.match(await lp.locator('#parecidas-anuncio').textContent(), /Otra persona ya hizo una pregunta parecida/);
  await check(lp, 'official room offering a similar question');

  await similar.getByRole('button', { name: 'Yo también tengo esta pregunta' }).click();
  const joinedCard = lp.locator(`#pregunta-${questionId}`);
  await joinedCard.locator('.question-askers').filter({ hasText: '2 personas preguntan esto.' }).waitFor();
  assert.match(await joinedCard.locator('.question-askers').textContent(), /Usted se sumó/);
  assert.equal(await joinedCard.getByRole('button', { name: 'Yo también tengo esta pregunta' }).count(), 0);
  await similar.waitFor({ state: 'hidden' }); // nothing left to join
  assert.match(await lp.locator('#resuelta-aviso').textContent(), /Se sumó a la pregunta n\.º \d+/);
  // Joined questions count as the official's own: the filter keeps them and the queue line follows them.
  await joinedCard.locator('.queue-position').filter({ hasText: 'posición 1 de 1' }).waitFor();
  await lp.getByLabel('Ver solo mis preguntas').check();
  assert.ok(await joinedCard.isVisible());
  await ana.page.locator(`#pregunta-${questionId} .question-askers`).filter({ hasText: '2 personas preguntan esto.' }).waitFor();

  // Ana, the asker, is offered no button on her own question; Luis's own questions offer none either.
  assert.equal(await ana.page.locator(`#pregunta-${questionId}`).getByRole('button', { name: 'Yo también tengo esta pregunta' }).count(), 0);

  // A private answer and its correction reach both askers, and nobody else.
  const mod = await socketDriver(browser, server);
  await openModerator(mod, server);
  const answered = await command(mod, 'm', { type: 'answer', question: questionId, text: 'Solo las que aplican.', visibility: 'private' });
  await joinedCard.locator('.answer-text').filter({ hasText: 'Solo las que aplican.' }).waitFor();
  await command(mod, 'm', { type: 'correct', answer: answered.seq, text: 'Las cinco: cada fase tiene sus criterios.' });
  for (const page of [lp, ana.page]) {
    const item = page.locator(`#pregunta-${questionId} .answer`);
    await item.locator('.answer-text').filter({ hasText: 'Las cinco: cada fase tiene sus criterios.' }).waitFor();
    assert.equal(await item.count(), 1, 'the corrected answer replaces the old one on the card');
    assert.match(await item.textContent(), /Corregida/);
  }
  const rosa = await newPage(browser);
  await joinAsOfficial(rosa.page, server, { name: 'Rosa Díaz', dept: '05', muni: '05002' });
  const seenByRosa = rosa.page.locator(`#pregunta-${questionId}`);
  await seenByRosa.waitFor();
  assert.doesNotMatch(await seenByRosa.textContent(), /cada fase tiene|Solo las que aplican/);
  assert.match(await seenByRosa.textContent(), /Respondida en privado/);
  await check(lp, 'official room with a joined, answered and corrected question');

  for (const [who, p] of [['Ana', ana], ['Luis', luis], ['Rosa', rosa]]) assertNoProblems(p.problems, `${who}'s page`);
  for (const p of [ana, luis, rosa, mod]) await p.context.close();
});
