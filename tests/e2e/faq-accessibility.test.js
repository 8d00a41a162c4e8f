// WCAG 2.1 AA in the FAQ states of every page: the FAQ page (loaded, searching, at a deep link), the official room
// with suggestions open and after "Esto resolvió mi duda", the moderator console with the canned-answer list open and
// with the "Propuestas de FAQ" panel holding an editable and a published proposal. axe finds nothing at 1280 and
// 320 px, nothing scrolls sideways at 320 px, and the new controls are reached by keyboard with a visible focus.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from './support/axe.js';
import { startServer } from './support/server.js';
import { ask, assertNoProblems, claimAndAnswer, joinAsOfficial, launchBrowser, loginModerator, newPage, showState, takeQuestion } from './support/browser.js';

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

/** Presses Tab until the focus is on `selector` (at most `max` times) and checks the focus is visible there. */
async function tabTo(page, selector, max = 60) {
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

test('the FAQ page passes axe loaded, searching and at a deep link', { timeout: 120000 }, async () => {
  const { context, page, problems } = await newPage(browser);
  await page.goto(`${server.url}/faq`);
  await page.locator('body[data-faq="ready"]').waitFor();
  await check(page, 'faq page');

  await page.getByRole('searchbox', { name: 'Buscar en las preguntas frecuentes' }).fill('rendición de cuentas');
  await page.locator('#faq-resultados-lista > li').first().waitFor();
  await check(page, 'faq page with search results');

  await page.goto(`${server.url}/faq#campo-gel_fase`);
  await page.locator('body[data-faq="ready"]').waitFor();
  await page.locator('#campo-gel_fase.is-target').waitFor();
  await check(page, 'faq page at a deep link');

  // Skip link first, then the search box, from the keyboard.
  await page.goto(`${server.url}/faq`);
  await page.locator('body[data-faq="ready"]').waitFor();
  await tabTo(page, '.skip-link');
  await tabTo(page, '#faq-q');
  assertNoProblems(problems, 'faq page');
  await context.close();
});

test('the official room passes axe with suggestions open and after resolving by the FAQ', { timeout: 120000 }, async () => {
  const { context, page, problems } = await newPage(browser);
  await joinAsOfficial(page, server, { name: 'Accesible Uno', dept: '05', muni: '05001' });
  await page.getByLabel('Campo del formato').selectOption('gel_fase');
  await page.getByRole('textbox', { name: 'Su pregunta' }).pressSequentially('cuales son las fases de gobierno en linea', { delay: 10 });
  await page.locator('#sugerencias-lista > li').first().waitFor();
  await page.locator('#sugerencias-lista summary').first().click();
  await check(page, 'room with suggestions open');

  // From the keyboard: the box, the submit, then the first suggestion and its button.
  await page.getByRole('textbox', { name: 'Su pregunta' }).focus();
  await tabTo(page, '#enviar');
  await tabTo(page, '#sugerencias-lista summary');
  await tabTo(page, '#sugerencias-lista button');
  await page.keyboard.press('Enter');
  await page.locator('#preguntas .question[data-state="answered_by_faq"]').waitFor();
  await check(page, 'room after "Esto resolvió mi duda"');
  assertNoProblems(problems, 'official');
  await context.close();
});

test('the moderator console passes axe with the canned-answer list and the proposals panel open', { timeout: 180000 }, async () => {
  const official = await newPage(browser);
  const moderator = await newPage(browser);
  const op = official.page;
  const mp = moderator.page;
  await joinAsOfficial(op, server, { name: 'Accesible Dos', dept: '05', muni: '05001' });
  await ask(op, 'rc_fecha_evento', '¿Cuándo hacemos la audiencia pública de rendición de cuentas?');
  await ask(op, 'general', '¿A qué correo se envía el plan diligenciado?');
  await loginModerator(mp, server);

  // Canned answers: "/" in the empty composer, list open with an active option.
  await takeQuestion(mp, 'audiencia pública');
  await mp.getByRole('textbox', { name: 'Respuesta', exact: true }).focus();
  await mp.keyboard.press('/');
  await mp.getByRole('listbox', { name: 'Respuestas del FAQ' }).getByRole('option').first().waitFor();
  await check(mp, 'console with the canned-answer list open');
  // The active option is marked for the eyes too (the DOM focus stays in the search box).
  const marked = await mp.locator('#faq-opciones [aria-selected="true"]').evaluate((el) => getComputedStyle(el).outlineStyle);
  assert.notEqual(marked, 'none');
  await mp.keyboard.press('Enter');

  // Proposals: one published, one open for editing, with its discard confirmation showing.
  await mp.getByRole('button', { name: 'Enviar respuesta' }).click();
  await mp.locator('#detalle-envio').filter({ hasText: 'Respuesta enviada' }).waitFor();
  await mp.locator('#detalle .answer').getByRole('button', { name: 'Proponer como FAQ' }).click();
  const first = mp.locator('#propuestas-lista > li.draft').first();
  await first.waitFor();
  await first.getByLabel('Identificador de la entrada', { exact: true }).fill('rc-audiencia-cuando-propuesta');
  await first.getByRole('button', { name: 'Publicar en el FAQ' }).click();
  await mp.locator('#propuestas-lista > li.draft[data-status="published"]').waitFor();

  await claimAndAnswer(mp, 'A qué correo', 'Al correo que indica la circular de MinTIC; guarde la constancia de envío.');
  await mp.locator('#detalle .answer').getByRole('button', { name: 'Proponer como FAQ' }).click();
  const open = mp.locator('#propuestas-lista > li.draft[data-status="draft"]');
  await open.waitFor();
  await open.getByRole('button', { name: 'Descartar' }).click();
  await open.getByRole('button', { name: 'No, conservarla' }).waitFor();
  await showState(mp, 'any');
  await check(mp, 'console with the proposals panel open');
  await open.getByRole('button', { name: 'No, conservarla' }).click();

  assertNoProblems(official.problems, 'official');
  assertNoProblems(moderator.problems, 'moderator');
  await official.context.close();
  await moderator.context.close();
});
