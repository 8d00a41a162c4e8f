// The moderator's FAQ tools: a canned answer inserted from the keyboard ("/" in the empty composer, arrows, Enter)
// and sent; an answer proposed as an FAQ entry, corrected (the server's refusals shown inline) and published, after
// which the official's suggestions and the FAQ page find it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.js';
import { ask, assertNoProblems, joinAsOfficial, launchBrowser, loginModerator, newPage, takeQuestion } from './support/browser.js';

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

test('a moderator inserts an FAQ answer with "/" and Enter, edits it and sends it', { timeout: 120000 }, async () => {
  const official = await newPage(browser);
  const moderator = await newPage(browser);
  const op = official.page;
  const mp = moderator.page;
  const faq = await (await fetch(`${server.url}/api/faq`)).json();

  await joinAsOfficial(op, server, { name: 'Jorge Ruiz', dept: '73', muni: '73001' });
  const question = '¿Qué canales de atención debo incluir en el plan?';
  await ask(op, 'canal_tipo', question);
  await loginModerator(mp, server);
  await takeQuestion(mp, question);

  // "/" in the empty composer opens the search, prefilled with the question; the best match is already active.
  const composer = mp.getByRole('textbox', { name: 'Respuesta', exact: true });
  await composer.focus();
  await mp.keyboard.press('/');
  const combo = mp.getByRole('combobox', { name: 'Buscar en el FAQ' });
  await combo.waitFor();
  assert.equal(await combo.evaluate((el) => el === document.activeElement), true, 'the search box has the focus');
  assert.equal(await combo.inputValue(), question);
  assert.equal(await composer.inputValue(), '', 'the "/" was not typed into the answer');
  const options = mp.getByRole('listbox', { name: 'Respuestas del FAQ' }).getByRole('option');
  await options.first().waitFor();
  assert.equal(await combo.getAttribute('aria-expanded'), 'true');
  const activeId = () => combo.getAttribute('aria-activedescendant');
  assert.equal(await activeId(), await options.first().getAttribute('id'));
  assert.equal(await options.first().getAttribute('aria-selected'), 'true');
  // Arrows move the active option (the focus stays in the search box); Escape goes back to the composer.
  await mp.keyboard.press('ArrowDown');
  assert.equal(await activeId(), await options.nth(1).getAttribute('id'));
  await mp.keyboard.press('ArrowUp');
  assert.equal(await activeId(), await options.first().getAttribute('id'));
  await mp.keyboard.press('Escape');
  await combo.waitFor({ state: 'hidden' });
  assert.equal(await composer.evaluate((el) => el === document.activeElement), true);

  // Open again and take the second match with the keyboard alone.
  await mp.keyboard.press('/');
  await options.first().waitFor();
  await mp.keyboard.press('ArrowDown');
  const chosen = await mp.locator(`#${await activeId()}`).getAttribute('data-faq');
  await mp.keyboard.press('Enter');
  await combo.waitFor({ state: 'hidden' });
  assert.equal(await composer.evaluate((el) => el === document.activeElement), true, 'back in the composer');
  const entry = faq.entries.find((e) => e.id === chosen);
  const inserted = await composer.inputValue();
  const plainStart = entry.answer.split('[')[0].slice(0, 60);
  assert.ok(inserted.startsWith(plainStart), `the composer holds the entry's answer: ${inserted.slice(0, 80)}`);
  assert.ok(inserted.includes(`/faq#entrada-${chosen}`), 'with the address of the entry');
  assert.ok(!/\]\(/.test(inserted), 'link syntax spelled out for the plain-text chat');

  // The moderator edits it before sending.
  await mp.keyboard.type(' Cualquier duda, escríbanos.');
  await mp.getByRole('button', { name: 'Enviar respuesta' }).click();
  await mp.locator('#detalle-envio').filter({ hasText: 'Respuesta enviada' }).waitFor();
  const card = op.locator('#preguntas .question').filter({ hasText: question });
  await card.locator('.answer-text').filter({ hasText: plainStart }).waitFor();
  assert.match(await card.locator('.answer-text').textContent(), /Cualquier duda, escríbanos\.$/);

  assertNoProblems(official.problems, 'official');
  assertNoProblems(moderator.problems, 'moderator');
  await official.context.close();
  await moderator.context.close();
});

test('"Proponer como FAQ" → edit → publish: the official\'s suggestions then find the new entry', { timeout: 120000 }, async () => {
  const official = await newPage(browser);
  const moderator = await newPage(browser);
  const reader = await newPage(browser);
  const op = official.page;
  const mp = moderator.page;

  await joinAsOfficial(op, server, { name: 'Lucía Mesa', type: 'gobernacion', dept: '91' });
  const question = '¿Podemos mandar el plan escaneado en PDF con las firmas?';
  await ask(op, 'general', question);
  await loginModerator(mp, server);
  await takeQuestion(mp, question);
  const answer = 'Sí. Envíe el PDF escaneado con las firmas del gobernador y del jefe de planeación, y guarde el original firmado en el archivo de la entidad.';
  await mp.getByRole('textbox', { name: 'Respuesta', exact: true }).fill(answer);
  await mp.getByRole('button', { name: 'Enviar respuesta' }).click();
  await mp.locator('#detalle-envio').filter({ hasText: 'Respuesta enviada' }).waitFor();

  // Propose it: the draft appears in "Propuestas de FAQ" with the focus on it, already filled in.
  await mp.locator('#detalle .answer').getByRole('button', { name: 'Proponer como FAQ' }).click();
  const draft = mp.locator('#propuestas-lista > li.draft').first();
  await draft.waitFor();
  await mp.waitForFunction(() => document.activeElement && document.activeElement.closest('#propuestas-lista .draft'));
  const field = (label) => draft.getByLabel(label, { exact: true });
  assert.equal(await field('Pregunta').inputValue(), question);
  assert.equal(await field('Respuesta').inputValue(), answer);
  assert.match(await field('Identificador de la entrada').inputValue(), /^propuesta-/);
  // The answer now links to its proposal instead of offering to propose it again.
  await mp.locator('#detalle .answer').getByRole('link', { name: /Ver la propuesta de FAQ/ }).waitFor();

  // Refusals are shown inline: a malformed id (checked here) and an id already taken (the server's message).
  await field('Identificador de la entrada').fill('Envío PDF');
  await draft.getByRole('button', { name: 'Publicar en el FAQ' }).click();
  await draft.getByRole('alert').filter({ hasText: 'minúsculas, números y guiones' }).waitFor();
  await field('Identificador de la entrada').fill('gel-fases-cinco');
  await draft.getByRole('button', { name: 'Publicar en el FAQ' }).click();
  await draft.getByRole('alert').filter({ hasText: /Ya existe una entrada del FAQ/ }).waitFor();
  // A link to an entry that does not exist is caught before it reaches the server.
  await field('Respuesta').fill(`${answer} Vea [las fases](/faq#entrada-no-existe).`);
  await draft.getByRole('button', { name: 'Publicar en el FAQ' }).click();
  await draft.getByRole('alert').filter({ hasText: /«entrada-no-existe».*no existe/ }).waitFor();
  await field('Respuesta').fill(`${answer} Vea [las cinco fases](/faq#entrada-gel-fases-cinco).`);

  // Edit everything and publish.
  await field('Identificador de la entrada').fill('envio-pdf-escaneado');
  await field('Pregunta').fill('¿Se puede enviar el plan escaneado en PDF?');
  await draft.getByLabel('Agregar un campo').selectOption('fecha_envio');
  await draft.getByRole('button', { name: 'Agregar el campo' }).click();
  await draft.locator('.chip').filter({ hasText: 'Fecha de envío' }).waitFor();
  await field('Palabras clave').fill('escaneado, pdf, firmas, digitalizado');
  await field('Norma o fundamento legal (opcional)').fill('Ley 962 de 2005');
  await draft.getByRole('button', { name: 'Guardar cambios' }).click();
  await draft.getByRole('status').filter({ hasText: 'Cambios guardados' }).waitFor();
  await draft.getByRole('button', { name: 'Publicar en el FAQ' }).click();
  const published = mp.locator('#propuestas-lista > li.draft[data-status="published"]');
  await published.waitFor();
  assert.equal(await published.getByRole('link', { name: /Ver la entrada en el FAQ/ }).getAttribute('href'), '/faq#entrada-envio-pdf-escaneado');
  const drafts = await mp.evaluate(async () => (await fetch('/api/faq/drafts')).json());
  const saved = drafts.find((d) => d.entry_id === 'envio-pdf-escaneado');
  assert.equal(saved.status, 'published');
  assert.deepEqual(saved.fields, ['general', 'fecha_envio']);
  assert.deepEqual(saved.tags, ['escaneado', 'pdf', 'firmas', 'digitalizado']);
  assert.equal(saved.legal_reference, 'Ley 962 de 2005');

  // The official's suggestions find the new entry at once.
  const box = op.getByRole('textbox', { name: 'Su pregunta' });
  await op.getByLabel('Campo del formato').selectOption('fecha_envio');
  await box.pressSequentially('se puede mandar escaneado en pdf', { delay: 20 });
  const suggestion = op.locator('#sugerencias-lista > li[data-faq="envio-pdf-escaneado"]');
  await suggestion.waitFor();
  await suggestion.locator('summary').click();
  await suggestion.locator('.faq-answer').filter({ hasText: 'guarde el original firmado' }).waitFor();

  // And so does the FAQ page, under its fields.
  await reader.page.goto(`${server.url}/faq#entrada-envio-pdf-escaneado`);
  await reader.page.locator('body[data-faq="ready"]').waitFor();
  await reader.page.waitForFunction(() => document.activeElement && document.activeElement.closest('#entrada-envio-pdf-escaneado'));
  assert.match(await reader.page.locator('#entrada-envio-pdf-escaneado .faq-legal').textContent(), /Ley 962 de 2005/);
  assert.equal(await reader.page.locator('#entrada-envio-pdf-escaneado .faq-answer a').getAttribute('href'), '/faq#entrada-gel-fases-cinco');

  assertNoProblems(official.problems, 'official');
  // The 409 of the taken id was provoked on purpose (Chromium logs every failed request).
  assertNoProblems(moderator.problems.filter((p) => !/status of 409/.test(p)), 'moderator');
  assertNoProblems(reader.problems, 'reader');
  for (const p of [official, moderator, reader]) await p.context.close();
});
