// Consulting another agency and blocking an official, from the console. (a) The MinTIC moderator who holds a question
// asks DNP for a suggested answer ("Consultar a otra entidad"); DNP's moderator finds it marked "Le consultan" in her
// own list and suggests one; the owner presses "Usar como respuesta", edits and sends it. The official never reads the
// note nor the suggestion. (b) A moderator blocks the official who asked ("Bloquear a quien preguntó", confirmed with
// a reason): the official's page says so and stops; the question leaves a second official's page and queue
// position, also after a reload; the blocked official's reload is refused with the server's message; the archive
// leaves it out; an admin unblocks. (c) axe on the console with the consult form and the block confirmation open (also
// in (a) and (b): with the consults, the suggestion form and a blocked official shown).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from './support/axe.js';
import { ask, assertNoProblems, joinAsOfficial, loginModerator, newPage, openQuestion, queueItem, takeQuestion,
  waitConnected } from './support/browser.js';
import { serverAndBrowser } from './support/fixture.js';
import { command, openOfficial, socketDriver } from './support/sockets.js';

// Every page here connects from 127.0.0.1, the address the blocked official used: with the default spacing, the
// tests after the block would wait 10 s per new official. The slowdown itself is tested in
// tests/integration/me_too_and_corrections_test.cpp (blocking.*).
const env = serverAndBrowser({ extraArgs: ['--blocked-join-spacing-seconds', '0'] });

const BLOCKED_LIVE = 'Un moderador bloqueó su participación en esta sesión.';
const BLOCKED_REJOIN = 'Su participación en esta sesión fue bloqueada por un moderador.';

/**
 * Closes the pages `t` opened when it ends, passed or failed: a moderator left connected would take the next test's
 * questions (routing gives general support questions to any moderator with a free slot).
 */
function closeAtEnd(t) {
  const opened = [];
  t.after(async () => {
    for (const p of opened) await p.context.close().catch(() => {});
  });
  return (p) => {
    opened.push(p);
    return p;
  };
}

test('a moderator consults DNP, DNP suggests an answer, the owner uses it; the official never sees note nor suggestion', { timeout: 180000 }, async (t) => {
  const { server, browser } = env;
  const keep = closeAtEnd(t);
  const official = keep(await newPage(browser));
  const op = official.page;
  await joinAsOfficial(op, server, { name: 'Ana Gómez', dept: '05', muni: '05001' });
  const questionText = '¿Qué meta del plan de desarrollo pongo en la fase de Información?';
  await ask(op, 'gel_fase', questionText);
  const questionId = Number(await op.locator('#preguntas .question-mine').getAttribute('data-question'));
  const note = '¿Qué meta del Plan Nacional se reporta aquí? Nota interna 7731.';
  const suggestion = 'La meta 3.2 del Plan Nacional de Servicio al Ciudadano (sugerencia 5512).';

  // The MinTIC moderator holds the question (routing assigns it to her, or she takes it) and consults DNP.
  const owner = keep(await newPage(browser));
  const mp = owner.page;
  await loginModerator(mp, server, server.agencyModerators['mintic-gel'], { queue: null });
  await takeQuestion(mp, questionText);
  const agencies = await mp.locator('#consulta-entidad option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(!agencies.includes('mintic-gel'), 'her own agency is not offered');
  assert.ok(agencies.includes('dnp-pnsc'));
  await mp.locator('#consultar-abrir').click();
  await mp.getByLabel('Entidad a la que consulta').selectOption('dnp-pnsc');
  await mp.getByLabel('Qué necesita saber').fill(note);
  await mp.getByRole('button', { name: 'Enviar la consulta' }).click();
  await mp.locator('#detalle-envio').filter({ hasText: 'Envió la consulta' }).waitFor();
  await mp.locator('#consultas-lista .consult').filter({ hasText: `Consulta a DNP: ${note}` }).waitFor();
  assert.equal(await mp.locator('#form-consultar').isHidden(), true);

  // DNP's moderator sees it in her default list, marked, and suggests an answer.
  const dnp = keep(await newPage(browser));
  const dp = dnp.page;
  await loginModerator(dp, server, server.agencyModerators['dnp-pnsc'], { queue: null });
  const row = queueItem(dp, questionText);
  await row.filter({ hasText: 'Le consultan' }).waitFor();
  await openQuestion(dp, questionText);
  assert.match(await dp.locator('#consultas-aviso').textContent(), /^Le consultan/);
  assert.ok((await dp.locator('#consultas-lista').textContent()).includes(`Consulta a DNP: ${note}`));
  await check(dp, 'console of a consulted agency, with "Sugerir respuesta"');
  await dp.getByLabel('Respuesta sugerida').fill(suggestion);
  await dp.getByRole('button', { name: 'Enviar la sugerencia' }).click();
  await dp.locator('#detalle-envio').filter({ hasText: 'Envió una respuesta sugerida' }).waitFor();
  assert.equal(await dp.getByLabel('Respuesta sugerida').inputValue(), '');
  // The filter of consults for her agency shows it too.
  await dp.getByLabel('Cola', { exact: true }).selectOption('consulted');
  assert.deepEqual(await dp.locator('#cola > li:not([hidden])').evaluateAll((lis) => lis.map((li) => Number(li.dataset.question))), [questionId]);

  // The owner reads the suggestion and uses it as the base of her answer.
  const suggested = mp.locator('#consultas-lista .suggestion').filter({ hasText: suggestion });
  await suggested.waitFor();
  assert.match(await suggested.textContent(), /Respuesta sugerida por Moderador de DNP – Servicio al Ciudadano \(demostración\) \(DNP\):/);

  // Until then the official read neither the note nor the suggestion, only that DNP was consulted.
  const card = op.locator(`#pregunta-${questionId}`);
  await card.locator('.question-state').filter({ hasText: 'Consultada con DNP – Servicio al Ciudadano' }).waitFor();
  let seen = await op.locator('main').textContent();
  assert.ok(!seen.includes('7731') && !seen.includes('5512'), 'the official page shows no note and no suggestion');

  await check(mp, 'console with a consult and a suggested answer');
  await suggested.getByRole('button', { name: 'Usar como respuesta' }).click();
  const box = mp.getByLabel('Respuesta', { exact: true });
  assert.equal(await box.inputValue(), suggestion);
  const answer = 'Reporte la meta 3.2 del Plan Nacional de Servicio al Ciudadano, con su indicador.';
  await box.fill(answer);
  await mp.getByLabel('Para toda la sala').check();
  await mp.getByRole('button', { name: 'Enviar respuesta' }).click();
  await mp.locator('#detalle-envio').filter({ hasText: 'Respuesta enviada' }).waitFor();

  await card.locator('.answer-text').filter({ hasText: answer }).waitFor();
  seen = await op.locator('main').textContent();
  assert.ok(!seen.includes('7731') && !seen.includes('5512') && !/Respuesta sugerida|Consulta a/.test(seen),
    'after the answer the official page still shows no note and no suggestion');
  // The moderators' activity log has both.
  const activity = await mp.locator('#actividad').textContent();
  assert.match(activity, /consultó a DNP – Servicio al Ciudadano sobre la pregunta/);
  assert.match(activity, /Respuesta sugerida por Moderador de DNP/);

  for (const [label, p] of [['official', official], ['owner', owner], ['DNP', dnp]]) assertNoProblems(p.problems, `${label} page`);
});

test('a blocked official is told so and stops; their question leaves the room, the queue and the archive', { timeout: 180000 }, async (t) => {
  const { server, browser } = env;
  const keep = closeAtEnd(t);
  const ana = keep(await newPage(browser));
  const luis = keep(await newPage(browser));
  await joinAsOfficial(ana.page, server, { name: 'Ana Ofensiva', dept: '05', muni: '05001' });
  await joinAsOfficial(luis.page, server, { name: 'Luis Pérez', dept: '76', muni: '76001' });
  const offensive = '¿Por qué nadie contesta en esta sesión tan lenta? Texto 9034.';
  const fair = '¿Cuándo se cierra la recepción del plan anticorrupción?';
  await ask(ana.page, 'general', offensive);
  await ask(luis.page, 'general', fair);
  const offensiveCard = luis.page.locator('#preguntas .question').filter({ hasText: offensive });
  await offensiveCard.waitFor();
  const offensiveId = Number(await offensiveCard.getAttribute('data-question'));
  const luisCard = luis.page.locator('#preguntas .question-mine');
  // General support questions wait (the demo admin takes none automatically): Ana's goes first.
  await luisCard.locator('.queue-position').filter({ hasText: 'posición 2 de 2' }).waitFor();

  const moderator = keep(await newPage(browser));
  const mp = moderator.page;
  await loginModerator(mp, server);
  await openQuestion(mp, offensive);
  await mp.getByRole('button', { name: 'Bloquear a quien preguntó…' }).click();
  assert.match(await mp.locator('#bloquear-pregunta').textContent(), /¿Bloquear a Ana Ofensiva/);
  // The reason is required: nothing is sent without it.
  await mp.getByRole('button', { name: 'Sí, bloquear' }).click();
  await mp.locator('#bloqueo-motivo-error').filter({ hasText: 'Escriba el motivo del bloqueo.' }).waitFor();
  await mp.getByLabel('Motivo del bloqueo').fill('Mensajes ofensivos');
  await mp.getByRole('button', { name: 'Sí, bloquear' }).click();
  await mp.locator('#detalle-envio').filter({ hasText: 'Bloqueó a quien hizo la pregunta' }).waitFor();
  await mp.locator('#bloqueado').filter({ hasText: 'La participación de Ana Ofensiva en esta sesión está bloqueada' }).waitFor();
  assert.match(await mp.locator('#bloqueado').textContent(), /Motivo: Mensajes ofensivos/);
  await mp.locator('#detalle .question-notes').filter({ hasText: 'Oculta: participante bloqueado' }).waitFor();
  assert.match(await mp.locator('#detalle .question-state').textContent(), /Descartada/);
  await mp.locator('#desbloquear').waitFor(); // the demo moderator is an admin
  await check(mp, 'console with a blocked official and a hidden question');

  // The blocked official is told, in an alert, and the page does not reconnect.
  const alert = ana.page.locator('#error-pagina[role="alert"]');
  await alert.filter({ hasText: BLOCKED_LIVE }).waitFor();
  assert.equal(await ana.page.locator('#sala').isHidden(), true);

  // The other official's page drops the question, and their own moves up.
  await luis.page.locator(`#pregunta-${offensiveId}`).waitFor({ state: 'detached' });
  await luisCard.locator('.queue-position').filter({ hasText: 'posición 1 de 1' }).waitFor();
  await luis.page.reload();
  await waitConnected(luis.page);
  await luisCard.locator('.queue-position').filter({ hasText: 'posición 1 de 1' }).waitFor();
  await luis.page.locator('#preguntas .question-mine').filter({ hasText: fair }).waitFor();
  assert.equal(await luis.page.locator(`#pregunta-${offensiveId}`).count(), 0);
  assert.ok(!(await luis.page.locator('main').textContent()).includes('9034'));

  // The blocked official reloads: the stored token is refused, the message shows, and no second socket is opened.
  let sockets = 0;
  ana.page.on('websocket', () => { sockets += 1; });
  await ana.page.reload();
  await alert.filter({ hasText: BLOCKED_REJOIN }).waitFor();
  assert.equal(await ana.page.locator('#ingreso').isHidden(), true, 'no join form to come back as someone else');
  await ana.page.waitForTimeout(3000);
  assert.equal(sockets, 1, 'the refused page does not try again');

  // The public archive leaves the question out.
  const reader = keep(await newPage(browser));
  await reader.page.goto(`${server.url}/archivo?id=${server.sessionId}`);
  await reader.page.locator('#archivo-eventos li').first().waitFor();
  const archive = await reader.page.locator('main').textContent();
  assert.ok(!archive.includes('9034') && !archive.includes(`n.º ${offensiveId}`), 'the archive does not show the hidden question');
  assert.match(archive, /Cuándo se cierra la recepción del plan anticorrupción/);

  // An admin unblocks: the console offers "Bloquear" again; the hidden question stays closed.
  await mp.locator('#desbloquear').click();
  await mp.locator('#detalle-envio').filter({ hasText: 'Desbloqueó a quien hizo la pregunta' }).waitFor();
  await mp.getByRole('button', { name: 'Bloquear a quien preguntó…' }).waitFor();
  assert.match(await mp.locator('#detalle .question-state').textContent(), /Descartada/);

  for (const [label, p] of [['Ana', ana], ['Luis', luis], ['console', moderator], ['archive', reader]]) assertNoProblems(p.problems, `${label}'s page`);
});

test('the console passes axe with the consult form and the block confirmation open', { timeout: 120000 }, async (t) => {
  const { server, browser } = env;
  const keep = closeAtEnd(t);
  const officials = keep(await socketDriver(browser, server));
  await openOfficial(officials, server, 'o1', { name: 'Rosa Díaz' });
  const text = '¿El plan de acción se publica en la página web de la alcaldía?';
  await command(officials, 'o1', { type: 'ask', field: 'general', text });

  const moderator = keep(await newPage(browser));
  const mp = moderator.page;
  await loginModerator(mp, server);
  await openQuestion(mp, text);
  await mp.locator('#consultar-abrir').click();
  assert.equal(await mp.locator('#consultar-abrir').getAttribute('aria-expanded'), 'true');
  await mp.getByLabel('Qué necesita saber').waitFor();
  // A note is required: the form says so next to the field.
  await mp.getByRole('button', { name: 'Enviar la consulta' }).click();
  await mp.locator('#consulta-nota-error').filter({ hasText: 'Escriba qué necesita saber' }).waitFor();
  await mp.getByLabel('Qué necesita saber').fill('¿Esto lo exige la ley de transparencia?');
  await mp.getByRole('button', { name: 'Bloquear a quien preguntó…' }).click();
  await mp.getByLabel('Motivo del bloqueo').waitFor();
  await check(mp, 'console with the consult form and the block confirmation open');
  // Escape closes each, back to the button that opened it.
  await mp.getByLabel('Motivo del bloqueo').press('Escape');
  await mp.locator('#form-bloquear').waitFor({ state: 'hidden' });
  assert.equal(await mp.evaluate(() => document.activeElement.id), 'bloquear-abrir');
  await mp.getByLabel('Qué necesita saber').press('Escape');
  await mp.locator('#form-consultar').waitFor({ state: 'hidden' });
  assert.equal(await mp.evaluate(() => document.activeElement.id), 'consultar-abrir');

  assertNoProblems(moderator.problems, 'console');
});
