// Automatic routing (issue 13) seen from both sides: a question about a field of Función Pública's section goes by
// itself to the connected Función Pública moderator (the official reads "Asignada a Función Pública (…)", the console
// "Asignada automáticamente a …"); a paused moderator gets nothing new until they resume (the pause survives a
// reload); a transfer needs a reason, which the receiving agency's moderator reads on the question (officials and
// the archive never get it); axe finds nothing on the console with these controls. A moderator who leaves keeps their questions for the grace period, then they go
// back to the queue (a server of its own with a one-second grace).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from './support/axe.js';
import { addModerator, startServer } from './support/server.js';
import { ask, assertNoProblems, joinAsOfficial, launchBrowser, loginModerator, newPage, openQuestion, queueItem, showQueue,
  waitConnected } from './support/browser.js';

let server;
let browser;
let luisa; // Función Pública (dafp): racionalizacion_tramites, cualificacion_servidores, rendicion_cuentas
let carlos; // MinTIC – Gobierno en línea (mintic-gel): gel_fases

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  luisa = await addModerator(server, { username: 'lmartinez', name: 'Luisa Martínez', agency: 'dafp' });
  carlos = await addModerator(server, { username: 'cgarcia', name: 'Carlos García', agency: 'mintic-gel' });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const pauseButton = (page) => page.locator('#pausa');

test('routing assigns, pausing holds back, a transfer carries its reason', { timeout: 180000 }, async () => {
  const official = await newPage(browser);
  const dafp = await newPage(browser);
  const gel = await newPage(browser);
  const op = official.page;
  const mp = dafp.page;
  const gp = gel.page;
  const card = (text) => op.locator('#preguntas .question').filter({ hasText: text });

  await loginModerator(mp, server, luisa);
  assert.equal(await pauseButton(mp).getAttribute('aria-pressed'), 'false');
  assert.equal((await pauseButton(mp).textContent()).trim(), 'Pausar asignación automática');
  await joinAsOfficial(op, server, { name: 'Marta Rincón', dept: '68', muni: '68001' });

  // Nobody claims: routing gives it to the one Función Pública moderator connected.
  const first = '¿Cómo registro en el plan un trámite que todavía no está en el SUIT?';
  await ask(op, 'tramite_nombre', first);
  await card(first).locator('.question-state').filter({ hasText: 'Asignada a Función Pública (Luisa Martínez)' }).waitFor();
  // Hers: pinned in "Mis preguntas asignadas", and the detail says how it came.
  const firstItem = mp.locator('#mias > .queue-item').filter({ hasText: first });
  await firstItem.filter({ hasText: '→ Luisa Martínez (automática)' }).waitFor();
  assert.equal(await firstItem.getAttribute('data-state'), 'assigned');
  await openQuestion(mp, first);
  await mp.locator('#detalle .question-state').filter({ hasText: 'Asignada automáticamente a Luisa Martínez (Función Pública)' }).waitFor();
  assert.equal(await mp.locator('#tomar').isVisible(), false, 'nothing to take: it is hers already');
  await mp.locator('#actividad > li').filter({ hasText: 'se asignó automáticamente a Luisa Martínez' }).waitFor();

  // Paused: a new question for her agency waits in the queue.
  await pauseButton(mp).click();
  await mp.locator('#pausa[aria-pressed="true"]').filter({ hasText: 'Reanudar asignación automática' }).waitFor();
  await mp.locator('#actividad > li').filter({ hasText: 'pausó su asignación automática' }).waitFor();
  const second = '¿La audiencia de rendición de cuentas puede ser virtual?';
  await ask(op, 'rc_espacio', second);
  await card(second).locator('.question-state').filter({ hasText: 'En cola · Función Pública' }).waitFor();
  await queueItem(mp, second).and(mp.locator('#cola > [data-state="queued"]')).waitFor();

  // A reload replays the pause; the question is still waiting (routing would have acted at once).
  await mp.reload();
  await waitConnected(mp);
  await mp.locator('#pausa[aria-pressed="true"]').filter({ hasText: 'Reanudar asignación automática' }).waitFor();
  await mp.locator('body[data-console="ready"]').waitFor({ state: 'attached' });
  await showQueue(mp, 'all');
  await queueItem(mp, second).waitFor();
  assert.equal(await queueItem(mp, second).getAttribute('data-state'), 'queued');
  assert.equal(await card(second).getAttribute('data-state'), 'queued');

  // Resumed: she has a free slot, so the waiting question comes to her.
  await pauseButton(mp).click();
  await mp.locator('#pausa[aria-pressed="false"]').filter({ hasText: 'Pausar asignación automática' }).waitFor();
  await mp.locator('#mias > .queue-item').filter({ hasText: second }).filter({ hasText: '→ Luisa Martínez (automática)' }).waitFor();
  await card(second).locator('.question-state').filter({ hasText: 'Asignada a Función Pública (Luisa Martínez)' }).waitFor();

  // A transfer needs a reason: without one the console says so and sends nothing.
  await loginModerator(gp, server, carlos);
  await showQueue(gp, 'mine');
  await openQuestion(mp, first);
  await mp.getByLabel('Agencia que debe responder').selectOption('mintic-gel');
  await mp.getByRole('button', { name: 'Trasladar' }).click();
  await mp.locator('#traslado-motivo-error').filter({ hasText: 'Escriba el motivo del traslado' }).waitFor();
  assert.equal(await mp.getByLabel('Motivo del traslado').getAttribute('aria-invalid'), 'true');
  assert.equal(await mp.evaluate(() => document.activeElement.id), 'traslado-motivo');
  await check(mp, 'console: transfer reason missing');

  const reason = 'Pregunta por el trámite en línea: es de Gobierno en línea';
  await mp.getByLabel('Motivo del traslado').fill(reason);
  await mp.getByRole('button', { name: 'Trasladar' }).click();
  await mp.locator('#detalle-envio').filter({ hasText: 'Trasladó la pregunta' }).waitFor();
  assert.equal(await mp.getByLabel('Motivo del traslado').inputValue(), '', 'the reason was for that transfer only');

  // The receiving agency's moderator reads why; routing gives it to him (the only MinTIC moderator connected).
  const received = gp.locator('#mias > .queue-item').filter({ hasText: first });
  await received.filter({ hasText: '→ Carlos García (automática)' }).waitFor();
  await openQuestion(gp, first);
  await gp.locator('#detalle .note-transfer').filter({ hasText: `Transferida desde Función Pública: ${reason}` }).waitFor();
  await gp.locator('#detalle .question-state').filter({ hasText: 'Asignada automáticamente a Carlos García' }).waitFor();
  await card(first).locator('.question-state').filter({ hasText: 'Asignada a MinTIC – Gobierno en línea (Carlos García)' }).waitFor();
  await gp.locator('#actividad > li').filter({ hasText: `Motivo: ${reason}` }).waitFor();
  // The room is not told about the moderators' pauses.
  assert.equal(await op.getByText('asignación automática').count(), 0);

  // axe on the console with the new controls: the pause toggle, the reason field, the transfer note.
  await check(gp, 'console of the receiving agency with the transfer note');
  await pauseButton(gp).click();
  await gp.locator('#pausa[aria-pressed="true"]').waitFor();
  await check(gp, 'console with automatic assignment paused');

  // Routing never assigns admins (the demo moderator is one): no toggle for them, a sentence instead.
  const admin = await newPage(browser);
  await loginModerator(admin.page, server);
  await admin.page.locator('#pausa-estado').filter({ hasText: 'Como administrador no recibe preguntas automáticamente' }).waitFor();
  assert.equal(await admin.page.locator('#pausa').isVisible(), false);

  assert.equal(await official.page.getByText(reason).count(), 0, 'the official never receives the transfer reason');

  // The archive tells the same story, without the moderators' note: a transfer's reason is for them alone.
  const reader = await newPage(browser);
  await reader.page.goto(`${server.url}/archivo?id=${server.sessionId}`);
  await reader.page.locator('#archivo-eventos li').filter({ hasText: 'trasladó la' }).first().waitFor();
  assert.equal(await reader.page.locator('#archivo-eventos li').filter({ hasText: reason }).count(), 0,
    'the public archive does not carry the transfer reason');
  await reader.page.locator('#archivo-eventos li').filter({ hasText: 'se asignó automáticamente a Luisa Martínez' }).first().waitFor();

  for (const [p, label] of [[official, 'official'], [dafp, 'Función Pública moderator'], [gel, 'MinTIC moderator'], [admin, 'admin'],
    [reader, 'reader']]) {
    assertNoProblems(p.problems, label);
    await p.context.close();
  }
});

test('a question goes back to the queue when its moderator leaves, and to them again when they return', { timeout: 120000 }, async () => {
  const quick = await startServer({ extraArgs: ['--assignment-grace-seconds', '1'] });
  try {
    const leaver = await addModerator(quick, { username: 'lmartinez', name: 'Luisa Martínez', agency: 'dafp' });
    const watcher = await addModerator(quick, { username: 'cgarcia', name: 'Carlos García', agency: 'mintic-gel' });
    const official = await newPage(browser);
    const gel = await newPage(browser);
    let dafp = await newPage(browser);
    const op = official.page;
    const card = (text) => op.locator('#preguntas .question').filter({ hasText: text });

    await loginModerator(dafp.page, quick, leaver);
    await loginModerator(gel.page, quick, watcher); // sees every queue ("Todas"); routing gives him no dafp question
    await joinAsOfficial(op, quick, { name: 'Pedro Salas', dept: '05', muni: '05001' });
    const question = '¿Qué temas de capacitación cuentan para el plan de cualificación?';
    await ask(op, 'cualif_tema', question);
    await card(question).locator('.question-state').filter({ hasText: 'Asignada a Función Pública (Luisa Martínez)' }).waitFor();

    // Her last connection closes; a second later the question waits again, in the same queue.
    assertNoProblems(dafp.problems, 'Función Pública moderator');
    await dafp.context.close();
    await card(question).locator('.question-state').filter({ hasText: 'En cola · Función Pública' }).waitFor();
    const item = queueItem(gel.page, question);
    await item.filter({ hasText: 'devuelta a la cola' }).waitFor();
    assert.equal(await item.getAttribute('data-state'), 'queued');
    await openQuestion(gel.page, question);
    const note = gel.page.locator('#detalle .note-released');
    await note.filter({ hasText: 'Devuelta a la cola: el moderador se desconectó (Luisa Martínez, Función Pública)' }).waitFor();
    await gel.page.locator('#actividad > li').filter({ hasText: 'volvió a la cola: Luisa Martínez (Función Pública) se desconectó' }).waitFor();

    // She comes back: routing gives it to her again, and the note is gone.
    dafp = await newPage(browser);
    await loginModerator(dafp.page, quick, leaver);
    await dafp.page.locator('#mias > .queue-item').filter({ hasText: question }).filter({ hasText: '→ Luisa Martínez (automática)' }).waitFor();
    await card(question).locator('.question-state').filter({ hasText: 'Asignada a Función Pública (Luisa Martínez)' }).waitFor();
    await item.filter({ hasText: '→ Luisa Martínez (automática)' }).waitFor();
    await gel.page.locator('#detalle .question-state').filter({ hasText: 'Asignada automáticamente a Luisa Martínez' }).waitFor();
    assert.equal(await note.count(), 0);

    for (const [p, label] of [[official, 'official'], [dafp, 'Función Pública moderator'], [gel, 'MinTIC moderator']]) {
      assertNoProblems(p.problems, label);
      await p.context.close();
    }
  } finally {
    await quick.stop();
  }
});
