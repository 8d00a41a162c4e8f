// The official's room shows, under their own waiting question, its place in the agency's queue and an estimated wait,
// updated live from the events, and the polite region #posicion-anuncio speaks only on meaningful changes. Other
// officials and the moderator talk raw WebSocket from pages at the server's origin (node 20 has no WebSocket); the
// demo moderator is an admin, and routing assigns nothing to admins, so the questions stay queued.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.js';
import { check } from './support/axe.js';
import { ask, assertNoProblems, joinAsOfficial, launchBrowser, newPage, waitConnected } from './support/browser.js';
import { command, loginDriver, socketDriver } from './support/sockets.js';

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

test('the official sees their place in the queue and the wait, said aloud only when it changes meaningfully', { timeout: 180000 }, async () => {
  // Three officials ask two questions each about a MinTIC field: questions 1–6 of its queue.
  const others = await socketDriver(browser, server);
  const asked = [];
  for (const [i, dane] of [['1', '05001'], ['2', '76001'], ['3', '08001']]) {
    await others.page.evaluate(([k, s, d]) => window.hc.open(k, { session: s, as: 'official',
      official: { name: `Oficial ${k}`, position: 'Jefe de sistemas', entity_type: 'alcaldia', dane_code: d } }), [i, server.sessionId, dane]);
    for (const n of [1, 2]) {
      const ack = await command(others, i, { type: 'ask', field: 'gel_fase', text: `Pregunta ${n} del oficial ${i}` });
      asked.push(ack.event.question.id);
    }
  }

  // The moderator: the demo admin, logged in through the API from its own context.
  const mod = await socketDriver(browser, server);
  await loginDriver(mod, server.moderator);
  await mod.page.evaluate((s) => window.hc.open('m', { session: s, as: 'moderator' }), server.sessionId);

  // The official whose page we watch asks the seventh question; everything said in #posicion-anuncio is recorded.
  const official = await newPage(browser);
  const op = official.page;
  await joinAsOfficial(op, server, { name: 'Ana Gómez', dept: '05', muni: '05001' });
  await op.evaluate(() => {
    window.spoken = [];
    const region = document.getElementById('posicion-anuncio');
    new MutationObserver(() => { if (region.textContent) window.spoken.push(region.textContent); })
      .observe(region, { childList: true, characterData: true, subtree: true });
  });
  const text = '¿La fase de Información se reporta con la fecha de publicación o de aprobación?';
  await ask(op, 'gel_fase', text);
  const line = op.locator('#preguntas .question-mine').filter({ hasText: text }).locator('.queue-position');
  const spoken = () => op.evaluate(() => window.spoken);
  const waitSpoken = (n) => op.waitForFunction((k) => window.spoken.length >= k, n);

  await line.filter({ hasText: 'En cola · posición 7 de 7 en MinTIC – Gobierno en línea' }).waitFor();
  // No answers yet: the default pace, 3 minutes per question for one moderator, 7 × 3 × [0.6, 1.6].
  assert.match(await line.textContent(), /espera estimada: entre 10 y 35 minutos \(aproximada/);
  assert.doesNotMatch(await line.textContent(), /después de la sesión/, 'the demo session ends in two hours');
  assert.equal(await line.getAttribute('aria-live'), 'off', 'the line inside the questions log is not read at each change');
  await waitSpoken(1);
  assert.deepEqual(await spoken(), [`Su pregunta n.º ${await questionId(op, text)} está en la posición 7 de 7 en la cola. Espera estimada: entre 10 y 35 minutos.`]);

  await check(op, 'official room with the queue position line');

  // 7 → 6 (under a quarter, same estimate bucket): the line changes, nothing is said.
  await command(mod, 'm', { type: 'dismiss', question: asked[0], reason: 'Repetida' });
  await line.filter({ hasText: 'posición 6 de 6' }).waitFor();
  await op.waitForTimeout(500);
  assert.equal((await spoken()).length, 1, 'a small step is not announced');

  // 6 → 5 after an answer: 7 → 5 since the last announcement is more than a quarter: said once.
  await command(mod, 'm', { type: 'answer', question: asked[1], text: 'Con la fecha de publicación.', visibility: 'public' });
  await line.filter({ hasText: 'posición 5 de 5' }).waitFor();
  await waitSpoken(2);
  assert.match((await spoken())[1], /posición 5 de 5 en la cola/);

  // A second answer: the pace is now measured (no "aproximada"); the estimate changes bucket, so it is said.
  await command(mod, 'm', { type: 'answer', question: asked[2], text: 'Sí, las cinco fases.', visibility: 'public' });
  await line.filter({ hasText: 'posición 4 de 4' }).waitFor();
  assert.doesNotMatch(await line.textContent(), /aproximada/);
  await waitSpoken(3);
  assert.match((await spoken())[2], /posición 4 de 4 en la cola/);
  await op.waitForTimeout(300);
  assert.equal((await spoken()).length, 3);

  // After a reload the line is back, and catching up says nothing.
  await op.reload();
  await waitConnected(op);
  await line.filter({ hasText: 'posición 4 de 4' }).waitFor();
  await op.waitForTimeout(500);
  assert.equal(await op.locator('#posicion-anuncio').textContent(), '');

  // Claimed: no position any more.
  await command(mod, 'm', { type: 'claim', question: Number(await questionId(op, text)) });
  await line.filter({ hasText: 'Asignada a Moderador de demostración' }).waitFor();

  assertNoProblems(official.problems, 'official page');
  await official.context.close();
  await others.context.close();
  await mod.context.close();
});

async function questionId(page, text) {
  return page.locator('#preguntas .question-mine').filter({ hasText: text }).getAttribute('data-question');
}
