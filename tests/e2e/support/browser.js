// Launches Debian's headless Chromium through playwright-core, and the page steps the browser tests share (join as an
// official, ask, log in as a moderator, answer), each bounded in time.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
export const STEP_TIMEOUT_MS = 15000;

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 30000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A fresh context (its own cookies and localStorage) and page with bounded waits. Page errors, console errors and
 * CSP violations are collected in `problems` so a test can assert there were none.
 */
export async function newPage(browser, { viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport, locale: 'es-CO', timezoneId: 'America/Bogota' });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
  return { context, page, problems };
}

/**
 * Console errors that are expected rather than client bugs: the 401 of GET /api/me before login (the protocol's way
 * of saying "not logged in", which Chromium logs), and refused connection attempts while a test cuts the link.
 */
export function realProblems(problems) {
  return problems.filter((p) => !/status of 401/.test(p) && !/WebSocket connection to .* failed/.test(p)
    && !/ERR_INTERNET_DISCONNECTED/.test(p));
}

export async function waitConnected(page) {
  await page.locator('#conexion[data-state="live"]').waitFor({ state: 'visible' });
}

/** Fills the official join form and enters the room. */
export async function joinAsOfficial(page, server, { name, position = 'Secretaria de Planeación', type = 'alcaldia', dept = '05', muni = '05001' }) {
  await page.goto(`${server.url}/sesion?id=${server.sessionId}`);
  await page.getByLabel('Nombre completo').fill(name);
  await page.getByLabel('Cargo').fill(position);
  await page.getByLabel(type === 'alcaldia' ? 'Alcaldía' : 'Gobernación', { exact: true }).check();
  await page.locator(`#departamento option[value="${dept}"]`).waitFor({ state: 'attached' });
  await page.getByLabel('Departamento').selectOption(dept);
  if (type === 'alcaldia') {
    await page.locator(`#municipio option[value="${muni}"]`).waitFor({ state: 'attached' });
    await page.getByLabel('Municipio').selectOption(muni);
  }
  await page.getByRole('button', { name: 'Entrar a la sesión' }).click();
  await page.locator('#sala').waitFor({ state: 'visible' });
  await waitConnected(page);
}

/** Asks `text` about `field` and waits until the server acknowledged it and it shows in the list. */
export async function ask(page, field, text) {
  await page.getByLabel('Campo del formato').selectOption(field);
  await page.getByRole('textbox', { name: 'Su pregunta' }).fill(text);
  await page.getByRole('button', { name: 'Enviar a un moderador' }).click();
  await page.locator('#preguntas .question').filter({ hasText: text }).waitFor();
  await page.locator('#pendientes-bloque').waitFor({ state: 'hidden' });
}

/**
 * Logs in on the console as `account` (default: the demo moderator, an admin of general support) and shows all queues
 * (`queue`: another choice of the "Cola" filter, or null to keep the page's default).
 */
export async function loginModerator(page, server, account = server.moderator, { queue = 'all' } = {}) {
  await page.goto(`${server.url}/moderacion?id=${server.sessionId}`);
  await page.getByLabel('Usuario').fill(account.username);
  await page.getByLabel('Contraseña').fill(account.password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.locator('#consola').waitFor({ state: 'visible' });
  await waitConnected(page);
  await page.locator('body[data-console="ready"]').waitFor({ state: 'attached' });
  if (queue) await showQueue(page, queue);
}

/** Sets the console's "Cola" filter: 'all', 'mine' (own agency and general support) or an agency id. */
export async function showQueue(page, queue) {
  await page.getByLabel('Cola', { exact: true }).selectOption(queue);
}

/** Sets the console's "Estado" filter: 'open' (the default), 'queued', 'assigned', 'closed' or 'any'. */
export async function showState(page, state) {
  await page.getByLabel('Estado', { exact: true }).selectOption(state);
}

/** The moderator's list row (pinned "Mis preguntas asignadas" or the main list) for the question containing `text`. */
export function queueItem(page, text) {
  return page.locator('#mias > .queue-item, #cola > .queue-item').filter({ hasText: text });
}

/** Selects the question in the console's list and waits until the detail pane shows it. */
export async function openQuestion(page, questionText) {
  const item = queueItem(page, questionText);
  await item.waitFor();
  await item.locator('button.qrow').click();
  await page.locator('#detalle .question-text').filter({ hasText: questionText }).waitFor();
}

/**
 * Opens the question in the detail panel and makes sure it is in progress: "Tomar la pregunta" while it waits; nothing
 * more when automatic routing already gave it to this moderator (routing never assigns admins such as the demo
 * moderator, but does assign the accounts of addModerator).
 */
export async function takeQuestion(page, questionText) {
  await openQuestion(page, questionText);
  const inProgress = page.locator('#detalle .question-state').filter({ hasText: 'En atención' });
  const take = page.locator('#tomar'); // "Tomar la pregunta", shown only while the question waits
  await inProgress.or(take).first().waitFor();
  if (!(await inProgress.isVisible())) await take.click();
  await inProgress.waitFor();
}

/** Takes the question (see takeQuestion) and answers it with `visibility` 'public' or 'private'. */
export async function claimAndAnswer(page, questionText, answerText, visibility = 'public') {
  await takeQuestion(page, questionText);
  await page.getByLabel('Respuesta', { exact: true }).fill(answerText);
  await page.getByLabel(visibility === 'public' ? 'Para toda la sala' : 'Solo para quien pregunta').check();
  await page.getByRole('button', { name: 'Enviar respuesta' }).click();
  await page.locator('#detalle-envio').filter({ hasText: 'Respuesta enviada' }).waitFor();
}

/** The official list as plain data, in display order: [{text, answers: [text...]}]. */
export async function officialHistory(page) {
  return page.locator('#preguntas > .question').evaluateAll((items) => items.map((li) => ({
    id: li.dataset.question,
    state: li.dataset.state,
    text: li.querySelector('.question-text').textContent,
    answers: [...li.querySelectorAll('.answer')].map((a) => (a.querySelector('.answer-text') || a).textContent),
  })));
}

export async function moderatorHistory(page) {
  return page.locator('#actividad > li').evaluateAll((items) => items.map((li) => ({ seq: li.dataset.seq, text: li.textContent })));
}

/** Fails when the page logged errors, threw, or opened a dialog. */
export function assertNoProblems(problems, label) {
  assert.deepEqual(realProblems(problems), [], `${label}: the page reported problems`);
}
