// A private answer: the asker sees its text marked "Respuesta privada"; another official sees only "Respondida en
// privado"; the public archive withholds the text too.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.js';
import { ask, assertNoProblems, claimAndAnswer, joinAsOfficial, launchBrowser, loginModerator, newPage } from './support/browser.js';

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

test('a private answer is shown to the asker only', { timeout: 120000 }, async () => {
  const asker = await newPage(browser);
  const other = await newPage(browser);
  const moderator = await newPage(browser);

  await joinAsOfficial(asker.page, server, { name: 'Marta Ruiz', position: 'Jefe de Control Interno', dept: '76', muni: '76001' });
  await joinAsOfficial(other.page, server, { name: 'Jorge Díaz', position: 'Gobernador (e)', type: 'gobernacion', dept: '15' });
  await loginModerator(moderator.page, server);

  const question = 'Nuestro municipio tiene un caso particular con la oficina de quejas, ¿cómo lo reporto?';
  const secret = 'Respuesta solo para la Alcaldía de Cali: escriba la dependencia que hoy recibe las quejas.';
  await ask(asker.page, 'canales_atencion.responsable_dependencia', question);
  await claimAndAnswer(moderator.page, question, secret, 'private');

  const mine = asker.page.locator('#preguntas .question').filter({ hasText: question });
  await mine.locator('.answer-text').filter({ hasText: secret }).waitFor();
  assert.match(await mine.locator('.answer').textContent(), /Respuesta privada/);

  const theirs = other.page.locator('#preguntas .question').filter({ hasText: question });
  await theirs.locator('.answer').filter({ hasText: 'Respondida en privado' }).waitFor();
  assert.equal(await theirs.locator('.answer-text').count(), 0);
  assert.ok(!(await other.page.content()).includes('escriba la dependencia'), 'the other official must not receive the text');

  // After a reload the asker still sees it (same participant through the stored token), the other still does not.
  await asker.page.reload();
  await mine.locator('.answer-text').filter({ hasText: secret }).waitFor();
  await other.page.reload();
  await theirs.locator('.answer').filter({ hasText: 'Respondida en privado' }).waitFor();
  assert.ok(!(await other.page.content()).includes('escriba la dependencia'));

  // The public archive shows the fact, not the text.
  const reader = await newPage(browser);
  await reader.page.goto(`${server.url}/archivo?id=${server.sessionId}`);
  await reader.page.locator('#archivo-eventos li').filter({ hasText: 'respondida en privado' }).waitFor();
  assert.ok(!(await reader.page.content()).includes('escriba la dependencia'));

  for (const [p, label] of [[asker, 'asker'], [other, 'other official'], [moderator, 'moderator'], [reader, 'archive']]) {
    assertNoProblems(p.problems, label);
    await p.context.close();
  }
});
