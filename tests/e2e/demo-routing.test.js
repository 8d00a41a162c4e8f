// The demo as the README tells it: `serve --demo` prints one moderator for each agency; with the three connected,
// questions about each section of the form are assigned automatically to the agency that owns it, nobody claims,
// and each official's page says which agency has their question.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ask, assertNoProblems, joinAsOfficial, newPage } from './support/browser.js';
import { serverAndBrowser } from './support/fixture.js';
import { eventsOf, openModerator, socketDriver } from './support/sockets.js';

const env = serverAndBrowser();

// A field of a section of each agency's (faq/form.json), and what the official's page calls the agency.
const QUESTIONS = [
  { agency: 'mintic-gel', field: 'gel_criterio', text: '¿Qué criterio de la fase de Información reporto?', label: 'MinTIC' },
  { agency: 'dnp-pnsc', field: 'canal_tipo', text: '¿La línea gratuita cuenta como canal de atención?', label: 'DNP' },
  { agency: 'dafp', field: 'tramite_nombre', text: '¿Qué trámites del SUIT debo priorizar?', label: 'Función Pública' },
];

test('with the demo\'s three agency moderators connected, each section\'s question reaches its agency unclaimed', { timeout: 180000 }, async () => {
  const { server, browser } = env;
  assert.deepEqual(Object.keys(server.agencyModerators).sort(), ['dafp', 'dnp-pnsc', 'mintic-gel']);
  const consoles = {};
  for (const agency of Object.keys(server.agencyModerators)) {
    consoles[agency] = await socketDriver(browser, server);
    await openModerator(consoles[agency], server, agency, server.agencyModerators[agency]);
  }

  const official = await newPage(browser);
  await joinAsOfficial(official.page, server, { name: 'Ana Gómez', dept: '05', muni: '05001' });
  for (const q of QUESTIONS) {
    await ask(official.page, q.field, q.text);
    const card = official.page.locator('#preguntas .question-mine').filter({ hasText: q.text });
    await card.locator('.question-state').filter({ hasText: `Asignada a ${q.label}` }).waitFor();
  }

  // Each agency's moderator received, as an automatic assignment, exactly its own question.
  const assigned = {};
  for (const [agency, driver] of Object.entries(consoles)) {
    const events = await eventsOf(driver, agency);
    const asked = new Map(events.filter((e) => e.type === 'question_asked').map((e) => [e.question.id, e.question]));
    for (const e of events.filter((x) => x.type === 'question_claimed')) {
      assert.equal(e.automatic, true, 'nobody claimed by hand');
      assigned[asked.get(e.question).text] = e.moderator.agency;
    }
  }
  assert.deepEqual(assigned, Object.fromEntries(QUESTIONS.map((q) => [q.text, q.agency])));

  assertNoProblems(official.problems, 'official page');
  await official.context.close();
  for (const driver of Object.values(consoles)) await driver.context.close();
});
