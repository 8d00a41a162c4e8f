// WCAG 2.1 AA checks: axe-core finds no violation on any page state (index, FAQ, join form, room, login, console,
// archive), pages reflow at 320 px without horizontal scrolling, and the main path works from the keyboard alone
// with a visible focus indicator.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from './support/axe.js';
import { startServer } from './support/server.js';
import { ask, assertNoProblems, claimAndAnswer, joinAsOfficial, launchBrowser, loginModerator, newPage, openQuestion, queueItem,
  showState, waitConnected } from './support/browser.js';

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

test('every page passes axe (WCAG 2.1 A/AA) and reflows at 320 px', { timeout: 180000 }, async () => {
  const official = await newPage(browser);
  const other = await newPage(browser);
  const moderator = await newPage(browser);
  const reader = await newPage(browser);

  await reader.page.goto(`${server.url}/`);
  await reader.page.locator('#sesiones li').first().waitFor();
  await check(reader.page, 'index');

  await reader.page.goto(`${server.url}/faq`);
  await reader.page.locator('body[data-faq="ready"]').waitFor();
  await check(reader.page, 'faq');

  await official.page.goto(`${server.url}/sesion?id=${server.sessionId}`);
  await official.page.locator('#departamento option[value="05"]').waitFor({ state: 'attached' });
  await check(official.page, 'join form');
  // The join form with its error summary showing.
  await official.page.getByRole('button', { name: 'Entrar a la sesión' }).click();
  await official.page.locator('#ingreso-errores').waitFor();
  await check(official.page, 'join form with errors');

  await joinAsOfficial(official.page, server, { name: 'Ana Gómez', dept: '05', muni: '05001' });
  await joinAsOfficial(other.page, server, { name: 'Luis Pérez', type: 'gobernacion', dept: '91' });
  await ask(official.page, 'gel_fase', '¿Debo diligenciar las cinco fases?');
  await ask(other.page, 'racionalizacion_tramites.fecha_fin', '¿Qué plazo pongo a una actividad ya empezada?');
  await ask(official.page, 'general', '¿Cuándo se envía el plan?');

  await moderator.page.goto(`${server.url}/moderacion?id=${server.sessionId}`);
  await moderator.page.locator('#acceso').waitFor();
  await check(moderator.page, 'login');
  await loginModerator(moderator.page, server);
  await claimAndAnswer(moderator.page, 'cinco fases', 'Sí, las cinco.', 'public');
  await claimAndAnswer(moderator.page, 'plazo', 'La fecha en que empezó.', 'private');
  await openQuestion(moderator.page, 'Cuándo');
  await showState(moderator.page, 'any');
  await check(moderator.page, 'moderator console');

  await official.page.locator('.answer-text').first().waitFor();
  await check(official.page, 'room (asker of a public answer)');
  await other.page.locator('.answer-private').first().waitFor();
  await check(other.page, 'room (asker of a private answer)');

  await reader.page.goto(`${server.url}/archivo?id=${server.sessionId}`);
  await reader.page.locator('#archivo-eventos li').first().waitFor();
  await check(reader.page, 'archive');

  for (const [p, label] of [[official, 'official'], [other, 'other'], [moderator, 'moderator'], [reader, 'reader']]) {
    assertNoProblems(p.problems, label);
    await p.context.close();
  }
});

/** Presses Tab until the focused element matches `selector` (at most `max` times); checks its focus is visible. */
async function tabTo(page, selector, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const hit = await page.evaluate((sel) => {
      const el = document.activeElement;
      if (!el || !el.matches(sel)) return null;
      const style = getComputedStyle(el);
      return { outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    }, selector);
    if (hit) {
      assert.ok(hit.outline !== 'none' && hit.width >= 2, `focus on ${selector} is not visible (${JSON.stringify(hit)})`);
      return;
    }
  }
  assert.fail(`Tab never reached ${selector}`);
}

test('an official and a moderator can do everything from the keyboard', { timeout: 120000 }, async () => {
  const official = await newPage(browser);
  const moderator = await newPage(browser);
  const { page } = official;

  await page.goto(`${server.url}/sesion?id=${server.sessionId}`);
  await page.locator('#departamento option[value="05"]').waitFor({ state: 'attached' });
  await tabTo(page, '#nombre');
  await page.keyboard.type('Teclado Solo');
  await tabTo(page, '#cargo');
  await page.keyboard.type('Secretario General');
  await tabTo(page, '#departamento');
  await page.keyboard.type('ANTIOQUIA'); // typeahead on a focused <select>
  await page.locator('#municipio:not([disabled]) option[value="05001"]').waitFor({ state: 'attached' });
  await tabTo(page, '#municipio');
  await page.keyboard.type('MEDELL');
  assert.equal(await page.locator('#municipio').inputValue(), '05001');
  await tabTo(page, '#entrar');
  await page.keyboard.press('Enter');
  await waitConnected(page);

  await tabTo(page, '#campo');
  await tabTo(page, '#pregunta');
  await page.keyboard.type('Pregunta hecha solo con el teclado');
  await tabTo(page, '#enviar');
  await page.keyboard.press('Enter');
  await page.locator('#preguntas .question').filter({ hasText: 'solo con el teclado' }).waitFor();

  const mp = moderator.page;
  await mp.goto(`${server.url}/moderacion?id=${server.sessionId}`);
  await tabTo(mp, '#usuario');
  await mp.keyboard.type(server.moderator.username);
  await tabTo(mp, '#clave');
  await mp.keyboard.type(server.moderator.password);
  await mp.keyboard.press('Enter');
  await waitConnected(mp);
  // Search the list, Tab to the one row left (the list's single tab stop), open it, take it with "c".
  await tabTo(mp, '#filtro-texto');
  await mp.keyboard.type('solo con el teclado');
  const id = await queueItem(mp, 'solo con el teclado').getAttribute('data-question');
  await mp.locator('#cola-resumen').filter({ hasText: 'Mostrando 1 de' }).waitFor();
  await tabTo(mp, `button[data-focus="row:${id}"]`);
  await mp.keyboard.press('Enter');
  await mp.locator('#detalle .question-text').filter({ hasText: 'solo con el teclado' }).waitFor();
  await mp.keyboard.press('c');
  await mp.locator('#detalle .question-state').filter({ hasText: 'En atención' }).waitFor();
  await tabTo(mp, '#respuesta');
  await mp.keyboard.type('Respuesta escrita con el teclado');
  await tabTo(mp, '#responder');
  await mp.keyboard.press('Enter');
  await page.locator('.answer-text').filter({ hasText: 'Respuesta escrita con el teclado' }).waitFor();

  assertNoProblems(official.problems, 'official');
  assertNoProblems(moderator.problems, 'moderator');
  await official.context.close();
  await moderator.context.close();
});
