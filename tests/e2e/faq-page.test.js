// The FAQ page (/faq) lists every published entry by section and field with its legal reference, searches as the
// reader types, and deep links (/faq#campo-ID, /faq#entrada-ID) scroll to and focus their target, also on a hash
// change within the page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.js';
import { assertNoProblems, launchBrowser, newPage } from './support/browser.js';

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

const ready = (page) => page.locator('body[data-faq="ready"]').waitFor();

/** Whether the element is (at least partly) inside the viewport, and whether the focus is on it or within it. */
async function landing(page, selector) {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return {
      inView: r.top < window.innerHeight && r.bottom > 0 && r.top >= -2,
      focused: el.contains(document.activeElement),
      top: Math.round(r.top),
    };
  }, selector);
}

test('the FAQ page lists the entries by section and field, with headings and legal references', { timeout: 60000 }, async () => {
  const { context, page, problems } = await newPage(browser);
  const api = await (await fetch(`${server.url}/api/faq`)).json();
  await page.goto(`${server.url}/faq`);
  await ready(page);

  assert.equal(await page.locator('html').getAttribute('lang'), 'es-CO');
  assert.equal(await page.locator('h1').count(), 1);
  // Every published entry is on the page exactly once, under an id other pages can link to.
  assert.equal(await page.locator('article.faq-entry').count(), api.entries.length);
  for (const e of api.entries) assert.equal(await page.locator(`[id="entrada-${e.id}"]`).count(), 1, e.id);
  // Sections are h2, fields h3, entries h4 (general entries h3): no level skipped.
  const levels = await page.locator('main h1, main h2, main h3, main h4').evaluateAll((hs) => hs.map((x) => Number(x.tagName[1])));
  for (let i = 1; i < levels.length; i++) assert.ok(levels[i] <= levels[i - 1] + 1, `heading h${levels[i]} after h${levels[i - 1]}`);
  assert.match(await page.locator('#campo-gel_fases > h2').textContent(), /Gobierno en línea/);
  assert.match(await page.locator('#campo-gel_fase > h3').textContent(), /Fase de Gobierno en línea/);
  // Legal references are shown; links inside answers are real links to other entries.
  const withNorm = api.entries.find((e) => e.legal_reference);
  assert.match(await page.locator(`[id="entrada-${withNorm.id}"] .faq-legal`).textContent(), new RegExp(withNorm.legal_reference.split(';')[0].trim()));
  const link = page.locator('[id="entrada-gel-fases-todas"] .faq-answer a');
  assert.equal(await link.getAttribute('href'), '/faq#entrada-gel-fases-cinco');
  assert.equal(await link.textContent(), 'las cinco fases');
  // A link inside the page moves the focus to its target (hashchange).
  await link.click();
  await page.waitForFunction(() => document.activeElement && document.activeElement.closest('#entrada-gel-fases-cinco'));
  assert.deepEqual(await landing(page, '#entrada-gel-fases-cinco').then((l) => [l.inView, l.focused]), [true, true]);

  assertNoProblems(problems, 'faq page');
  await context.close();
});

test('searching shows matching entries with links that land on them', { timeout: 60000 }, async () => {
  const { context, page, problems } = await newPage(browser);
  await page.goto(`${server.url}/faq`);
  await ready(page);
  const searches = [];
  page.on('request', (r) => { if (r.url().includes('/api/faq/search')) searches.push(r.url()); });

  await page.getByRole('searchbox', { name: 'Buscar en las preguntas frecuentes' }).pressSequentially('quejas y reclamos', { delay: 40 });
  const results = page.locator('#faq-resultados-lista > li');
  await results.first().waitFor();
  assert.ok(searches.length <= 2, `debounced: ${searches.length} requests`);
  assert.match(await page.locator('#faq-resultados-estado').textContent(), /resultados? para «quejas y reclamos»/);
  const first = results.first().getByRole('link');
  const href = await first.getAttribute('href');
  assert.match(href, /^#entrada-[a-z0-9-]+$/);
  await first.click();
  await page.waitForFunction((id) => document.activeElement && document.activeElement.closest(id), href);
  assert.equal((await landing(page, href)).inView, true);

  // Nothing found: said plainly.
  await page.getByRole('searchbox').fill('xqzw vbnmk');
  await page.getByRole('searchbox').press('Enter');
  await page.locator('#faq-resultados-estado').filter({ hasText: 'Ninguna pregunta frecuente coincide' }).waitFor();
  assert.equal(await results.count(), 0);

  assertNoProblems(problems, 'faq search');
  await context.close();
});

test('a deep link to a field or an entry lands on it, in view and focused', { timeout: 60000 }, async () => {
  const { context, page, problems } = await newPage(browser);
  await page.goto(`${server.url}/faq#campo-gel_fase`);
  await ready(page);
  await page.waitForFunction(() => document.activeElement && document.activeElement.closest('#campo-gel_fase'));
  const field = await landing(page, '#campo-gel_fase');
  assert.ok(field.inView && field.focused, `field: ${JSON.stringify(field)}`);
  assert.ok(field.top < 100, `the field starts at the top of the window (${field.top}px)`);

  // Changing the hash on the same page moves there too.
  await page.evaluate(() => { window.location.hash = '#entrada-gel-fases-cinco'; });
  await page.waitForFunction(() => document.activeElement && document.activeElement.closest('#entrada-gel-fases-cinco'));
  assert.equal((await landing(page, '#entrada-gel-fases-cinco')).inView, true);

  // A field with no entries of its own (a section's copy of a row column) falls back to the shared column.
  await page.goto(`${server.url}/faq#campo-gel_fases.fecha_fin`);
  await ready(page);
  await page.waitForFunction(() => document.activeElement && document.activeElement.closest('#campo-fecha_fin'));

  assertNoProblems(problems, 'faq deep links');
  await context.close();
});
