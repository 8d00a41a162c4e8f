// The moderator console in a busy help session: 300 open questions from 60 officials (raw WebSocket, five each: the
// rate limit is 10 a minute, 5 at once). An agency moderator (Función Pública) opens the console: the list, the
// summary of the queues and the counts are right; general support questions show by default; her automatic
// assignments are pinned first; the text, field and section filters narrow the list to exactly the right rows. Then,
// from the keyboard alone, she takes the next question ("n"), answers it ("r", Ctrl+Enter); she transfers one with a
// reason ("t"), merges two duplicates picked at once from the search picker ("m") and dismisses one only after the
// inline confirmation ("d"); axe finds nothing on the console in that state. The time to render the list and to apply
// a filter are printed, not asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from './support/axe.js';
import { assertNoProblems, loginModerator, newPage, showQueue, waitConnected } from './support/browser.js';
import { serverAndBrowser } from './support/fixture.js';
import { addModerator } from './support/server.js';
import { command, socketDriver } from './support/sockets.js';

const env = serverAndBrowser();

const OFFICIALS = 60;
const EACH = 5; // the burst an official may ask at once
// Question i is about FIELDS[i % 6]: three Función Pública sections, MinTIC, DNP and general support (triage).
const FIELDS = [
  { field: 'tramite_nombre', agency: 'dafp', section: 'racionalizacion_tramites' },
  { field: 'rc_espacio', agency: 'dafp', section: 'rendicion_cuentas' },
  { field: 'cualif_tema', agency: 'dafp', section: 'cualificacion_servidores' },
  { field: 'gel_fase', agency: 'mintic-gel', section: 'gel_fases' },
  { field: 'canal_tipo', agency: 'dnp-pnsc', section: 'canales_atencion' },
  { field: 'general', agency: 'triage', section: '' },
];
const ENTITIES = ['05001', '76001', '08001', '68001', '73001', '11001'];
const SIGNED = 'firma digital'; // in the text of every 25th question, from the 6th on
const DUPLICATE = 'licencia de construcción'; // in questions 7, 13 and 19 (i = 6, 12, 18: all about a trámite)

function questionText(i) {
  if ([6, 12, 18].includes(i)) return `Pregunta ${i + 1}: ¿la ${DUPLICATE} va como trámite priorizado (variante ${i})?`;
  if (i % 25 === 5) return `Pregunta ${i + 1}: ¿sirve la ${SIGNED} para enviar el plan (caso ${i})?`;
  return `Pregunta ${i + 1}: duda de carga número ${i} sobre el campo ${FIELDS[i % 6].field}`;
}

/** The ids of the rows shown in the main list (not hidden), in order. */
const shownIds = (page) => page.locator('#cola > li:not([hidden])').evaluateAll((lis) => lis.map((li) => Number(li.dataset.question)));
const summaryRow = (page, key) => page.locator(`#colas-tabla tr[data-key="${key}"]`);
async function summaryCounts(page, key) {
  const cells = await summaryRow(page, key).locator('td').allTextContents();
  return { queued: Number(cells[0]), assigned: Number(cells[1]), oldest: cells[2] };
}

test('a console with 300 open questions: counts, filters, keyboard, transfer, merge, dismiss', { timeout: 420000 }, async () => {
  const { server, browser } = env;
  const luisa = await addModerator(server, { username: 'lmartinez', name: 'Luisa Martínez', agency: 'dafp' });

  // 300 questions, ten officials at a time; `asked[i]` is question i's {id, text, ...FIELDS[i % 6]}.
  const officials = await socketDriver(browser, server);
  const asked = [];
  const started = Date.now();
  for (let batch = 0; batch < OFFICIALS; batch += 10) {
    await Promise.all(Array.from({ length: 10 }, async (_, b) => {
      const o = batch + b;
      const key = `o${o}`;
      await officials.page.evaluate(([k, s, d]) => window.hc.open(k, { session: s, as: 'official',
        official: { name: `Funcionaria ${k}`, position: 'Jefe de planeación', entity_type: 'alcaldia', dane_code: d } }),
      [key, server.sessionId, ENTITIES[o % ENTITIES.length]]);
      for (let n = 0; n < EACH; n++) {
        const i = n * OFFICIALS + o; // official o asks questions o, o + 60, …: the asking order interleaves them
        asked[i] = { i, text: questionText(i), ...FIELDS[i % 6] };
      }
      // One official's five go together: they may be recorded in any order, so ids are read from the acks.
      await Promise.all(Array.from({ length: EACH }, async (__, n) => {
        const i = n * OFFICIALS + o;
        const ack = await command(officials, key, { type: 'ask', field: asked[i].field, text: asked[i].text });
        asked[i].id = ack.event.question.id;
      }));
    }));
  }
  console.log(`console: 300 questions asked in ${Date.now() - started} ms`);
  const byId = new Map(asked.map((q) => [q.id, q]));
  const inAskingOrder = [...asked].sort((a, b) => a.id - b.id);

  // Luisa (Función Pública) logs in; routing gives her the three oldest Función Pública questions at once.
  const moderator = await newPage(browser);
  const mp = moderator.page;
  await loginModerator(mp, server, luisa, { queue: null });
  const mine = mp.locator('#mias > li');
  await mp.waitForFunction(() => document.querySelectorAll('#mias > li').length === 3);
  const oldestDafp = inAskingOrder.filter((q) => q.agency === 'dafp').slice(0, 3).map((q) => q.id);
  assert.deepEqual(await mine.evaluateAll((lis) => lis.map((li) => Number(li.dataset.question))), oldestDafp,
    'her automatic assignments are pinned first, oldest first');

  // A reload measures the render: from navigation to the 300 rows in place (the page marks it).
  await mp.reload();
  await waitConnected(mp);
  await mp.locator('body[data-console="ready"]').waitFor({ state: 'attached' });
  const renderMs = await mp.evaluate(() => performance.getEntriesByName('helpchat-console-ready')[0].startTime);
  assert.equal(await mp.locator('#mias > li, #cola > li').count(), 300);

  // Default view: her agency and general support, open questions. 297 in the list (3 pinned), 147 + 50 shown.
  assert.equal(await mp.getByLabel('Cola', { exact: true }).inputValue(), 'mine');
  const countLine = mp.locator('#cola-resumen');
  assert.equal(await countLine.textContent(), 'Mostrando 197 de 297 preguntas.');
  const triage = asked.find((q) => q.agency === 'triage');
  assert.ok(await mp.locator(`#cola > li[data-question="${triage.id}"]`).isVisible(), 'general support questions show by default');
  const mintic = asked.find((q) => q.agency === 'mintic-gel');
  assert.equal(await mp.locator(`#cola > li[data-question="${mintic.id}"]`).isVisible(), false);
  assert.deepEqual(await summaryCounts(mp, 'dafp'), { queued: 147, assigned: 3, oldest: (await summaryCounts(mp, 'dafp')).oldest });
  assert.match((await summaryCounts(mp, 'dafp')).oldest, /min/);
  assert.equal((await summaryCounts(mp, 'mintic-gel')).queued, 50);
  assert.equal((await summaryCounts(mp, 'triage')).queued, 50);
  const heldInSection = oldestDafp.filter((id) => byId.get(id).section === 'racionalizacion_tramites').length;
  assert.deepEqual(await summaryCounts(mp, 'dafp|racionalizacion_tramites'),
    { queued: 50 - heldInSection, assigned: heldInSection, oldest: (await summaryCounts(mp, 'dafp|racionalizacion_tramites')).oldest });
  // Every open row shows its wait.
  assert.match(await mp.locator(`#cola > li[data-question="${triage.id}"] .qrow-age`).textContent(), /espera (< 1 min|\d+ min)/);

  // Text filter, timed in the page from the input event to the frame after the rows flipped.
  const filterMs = await mp.evaluate(async (text) => {
    const input = document.getElementById('filtro-texto');
    const t0 = performance.now();
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((resolve) => { requestAnimationFrame(() => requestAnimationFrame(resolve)); });
    return performance.now() - t0;
  }, SIGNED);
  console.log(`console 300 questions: render ${Math.round(renderMs)} ms, filter ${Math.round(filterMs)} ms`);
  const signed = inAskingOrder.filter((q) => q.text.includes(SIGNED) && ['dafp', 'triage'].includes(q.agency)
    && !oldestDafp.includes(q.id)).map((q) => q.id);
  assert.ok(signed.length >= 5);
  assert.deepEqual(await shownIds(mp), signed, 'the text filter shows exactly the matching rows of her queues');
  assert.equal(await countLine.textContent(), `Mostrando ${signed.length} de 297 preguntas.`);

  // A live question among the 300: from the ask to its row in the console (one row added, nothing rebuilt).
  const liveText = `Pregunta en vivo: ¿la ${SIGNED} sirve también para el acta?`;
  await officials.page.evaluate((session) => window.hc.open('live', { session, as: 'official',
    official: { name: 'Funcionaria en vivo', position: 'Secretaria general', entity_type: 'gobernacion', dane_code: '05' } }),
  server.sessionId); // a fresh official: the others spent their burst of five
  const t0 = Date.now();
  const live = await command(officials, 'live', { type: 'ask', field: 'general', text: liveText });
  await mp.locator(`#cola > li[data-question="${live.event.question.id}"]:not([hidden])`).waitFor();
  console.log(`console 300 questions: a new question shown ${Date.now() - t0} ms after it was asked (round trip included)`);
  assert.equal(await countLine.textContent(), `Mostrando ${signed.length + 1} de 298 preguntas.`, 'the live row obeys the filter');
  await mp.locator(`#cola > li[data-question="${live.event.question.id}"]`).evaluate((li) => { li.dataset.marked = 'yes'; });

  // Field and section filters (text cleared), on every queue.
  await mp.getByLabel('Buscar', { exact: true }).fill('');
  await showQueue(mp, 'all');
  await mp.getByLabel('Campo', { exact: true }).selectOption('gel_fase');
  assert.deepEqual(await shownIds(mp), inAskingOrder.filter((q) => q.field === 'gel_fase').map((q) => q.id));
  await mp.getByLabel('Campo', { exact: true }).selectOption('');
  await mp.getByLabel('Sección', { exact: true }).selectOption('racionalizacion_tramites');
  assert.deepEqual(await shownIds(mp),
    inAskingOrder.filter((q) => q.section === 'racionalizacion_tramites' && !oldestDafp.includes(q.id)).map((q) => q.id));
  await mp.getByLabel('Sección', { exact: true }).selectOption('');
  await showQueue(mp, 'mine');
  assert.equal(await mp.locator('#cola > li[data-marked="yes"]').count(), 1, 'filters toggle rows; they do not rebuild them');

  // Keyboard only from here: "n" takes the oldest waiting question she may take (general support: MinTIC and DNP
  // are not hers), "r" goes to the answer box, Ctrl+Enter sends.
  await mp.locator('#colas-titulo').click(); // a neutral place for the focus, outside any field
  const next = inAskingOrder.find((q) => q.agency === 'triage' || (q.agency === 'dafp' && !oldestDafp.includes(q.id)));
  await mp.keyboard.press('n');
  await mp.locator('#detalle .question-text').filter({ hasText: next.text }).waitFor();
  await mp.locator('#detalle .question-state').filter({ hasText: 'Tomada por Luisa Martínez' }).waitFor();
  await mp.locator(`#mias > li[data-question="${next.id}"]`).waitFor();
  assert.equal(await mp.evaluate(() => document.activeElement.dataset.focus), `row:${next.id}`, 'the focus is on its row');
  assert.match(await mp.locator('#contexto-entidad').textContent(), /Alcaldía|Bogotá/);
  // j and k move the selection through the rows shown (pinned first) and k comes back; p toggles the audience.
  const shown = [...(await mp.locator('#mias > li').evaluateAll((lis) => lis.map((li) => Number(li.dataset.question)))),
    ...(await shownIds(mp))];
  await mp.keyboard.press('j');
  const after = shown[shown.indexOf(next.id) + 1];
  await mp.locator('#detalle-titulo').filter({ hasText: `Pregunta n.º ${after}` }).waitFor();
  assert.equal(await mp.evaluate(() => document.activeElement.dataset.focus), `row:${after}`);
  await mp.keyboard.press('k');
  await mp.locator('#detalle-titulo').filter({ hasText: `Pregunta n.º ${next.id}` }).waitFor();
  await mp.keyboard.press('p');
  assert.equal(await mp.locator('#visibilidad-privada').isChecked(), true);
  await mp.keyboard.press('p');
  assert.equal(await mp.locator('#visibilidad-publica').isChecked(), true);
  await mp.keyboard.press('r');
  assert.equal(await mp.evaluate(() => document.activeElement.id), 'respuesta');
  await mp.keyboard.type('Sí: la firma digital sirve para enviar el plan.');
  await mp.keyboard.press('Control+Enter');
  await mp.locator('#detalle-envio').filter({ hasText: `Respuesta enviada a la pregunta n.º ${next.id}` }).waitFor();
  await mp.locator(`#cola > li[data-question="${next.id}"][data-state="answered"]`).waitFor({ state: 'attached' });

  // Transfer one of hers to MinTIC with a reason: MinTIC's queue counts it at once.
  const moved = oldestDafp[0];
  await mp.locator(`#mias > li[data-question="${moved}"] button`).click();
  await mp.keyboard.press('t');
  assert.equal(await mp.evaluate(() => document.activeElement.id), 'agencia-destino');
  await mp.getByLabel('Agencia que debe responder').selectOption('mintic-gel');
  await mp.getByLabel('Motivo del traslado').fill('Pregunta por el trámite en línea: es de Gobierno en línea');
  await mp.getByRole('button', { name: 'Trasladar' }).click();
  await mp.locator('#detalle-envio').filter({ hasText: `Trasladó la pregunta n.º ${moved}` }).waitFor();
  await summaryRow(mp, 'mintic-gel').locator('td').first().filter({ hasText: /^51$/ }).waitFor();
  await mp.locator(`#cola > li[data-question="${moved}"]`).filter({ hasText: 'trasladada' }).waitFor({ state: 'attached' });

  // Merge two duplicates into question 7, both ticked in one search of the picker ("m").
  const [target, dupA, dupB] = [6, 12, 18].map((i) => asked[i].id);
  await showQueue(mp, 'all');
  const targetRow = mp.locator(`#mias > li[data-question="${target}"], #cola > li[data-question="${target}"]`);
  await targetRow.locator('button').click();
  // Its context lists the earlier questions of the same entity (same DANE code), the latest first, at most eight.
  const entityOf = (q) => ENTITIES[(q.i % OFFICIALS) % ENTITIES.length];
  const earlier = inAskingOrder.filter((q) => entityOf(q) === entityOf(asked[6]) && q.id < target).map((q) => q.id).reverse().slice(0, 8);
  await mp.locator('#detalle-titulo').filter({ hasText: `Pregunta n.º ${target}` }).waitFor();
  assert.deepEqual(await mp.locator('#contexto-anteriores button').evaluateAll((bs) => bs.map((b) => Number(b.dataset.focus.split(':')[1]))),
    earlier);
  await mp.keyboard.press('m');
  assert.equal(await mp.evaluate(() => document.activeElement.id), 'unir-consulta');
  await mp.keyboard.type(DUPLICATE);
  const option = (id) => mp.locator(`#unir-opciones li[data-question="${id}"]`);
  await mp.locator('#unir-estado').filter({ hasText: '2 preguntas abiertas coinciden' }).waitFor();
  assert.deepEqual(await mp.locator('#unir-opciones li').evaluateAll((lis) => lis.map((li) => Number(li.dataset.question))),
    [dupA, dupB], 'the open duplicates, never the target itself');
  await option(dupA).getByRole('checkbox').check();
  await option(dupB).getByRole('checkbox').check();
  await mp.locator('#unir-estado').filter({ hasText: '2 marcadas para unir' }).waitFor();

  // Dismiss asks first: the confirmation opens, Escape keeps the question, only "Sí, descartar" closes it.
  await mp.getByRole('button', { name: 'Descartar la pregunta…' }).click();
  await mp.locator('#form-descartar').waitFor();
  await check(mp, 'console with 300 questions, the merge picker and the dismiss confirmation open');
  await mp.keyboard.press('Escape');
  await mp.locator('#form-descartar').waitFor({ state: 'hidden' });
  await mp.getByRole('button', { name: 'Unir las 2 marcadas a esta pregunta' }).click();
  for (const id of [dupA, dupB]) await mp.locator(`#cola > li[data-question="${id}"][data-state="merged"]`).waitFor({ state: 'attached' });
  await mp.locator('#unir-buscador').waitFor({ state: 'hidden' });

  const dropped = inAskingOrder.find((q) => q.agency === 'triage' && q.id !== next.id);
  await mp.locator(`#cola > li[data-question="${dropped.id}"] button`).click();
  await mp.keyboard.press('d');
  assert.equal(await mp.evaluate(() => document.activeElement.id), 'motivo');
  await mp.keyboard.type('Prueba de carga');
  await mp.keyboard.press('Escape');
  await mp.locator('#form-descartar').waitFor({ state: 'hidden' });
  await mp.waitForTimeout(300);
  assert.equal(await mp.locator(`#cola > li[data-question="${dropped.id}"]`).getAttribute('data-state'), 'queued', 'not dismissed without confirming');
  await mp.keyboard.press('d');
  await mp.keyboard.type('Prueba de carga');
  await mp.keyboard.press('Enter');
  await mp.locator(`#cola > li[data-question="${dropped.id}"][data-state="dismissed"]`).waitFor({ state: 'attached' });

  assert.equal(byId.size, 300);
  assertNoProblems(moderator.problems, 'moderator');
  await moderator.context.close();
  await officials.context.close();
});
