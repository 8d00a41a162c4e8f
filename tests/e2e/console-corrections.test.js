// The console's undo and corrections: a dismissal, confirmed, can be undone with "Reabrir la pregunta" (the question
// is back in its place, for the official too); a sent answer is corrected inline ("Corregir", Escape cancels), the
// official sees the new text marked "Corregida", and the moderators' activity keeps the original. axe on the console
// with the correction form open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from './support/axe.js';
import { ask, assertNoProblems, claimAndAnswer, joinAsOfficial, loginModerator, moderatorHistory, newPage, openQuestion } from './support/browser.js';
import { serverAndBrowser } from './support/fixture.js';

const env = serverAndBrowser();

test('a dismissal is undone with "Reabrir" and a sent answer is corrected in place', { timeout: 180000 }, async () => {
  const { server, browser } = env;
  const official = await newPage(browser);
  const op = official.page;
  await joinAsOfficial(op, server, { name: 'Ana Gómez', dept: '05', muni: '05001' });
  const dismissedText = '¿El plan se envía firmado por el alcalde?';
  const answeredText = '¿Cuántas fases de Gobierno en línea reporto?';
  await ask(op, 'general', dismissedText);
  await ask(op, 'gel_fase', answeredText);

  const moderator = await newPage(browser);
  const mp = moderator.page;
  await loginModerator(mp, server);

  // Dismiss (confirmed), then undo.
  await openQuestion(mp, dismissedText);
  await mp.getByRole('button', { name: 'Descartar la pregunta…' }).click();
  await mp.getByLabel('Motivo (opcional)').fill('Por error');
  await mp.getByRole('button', { name: 'Sí, descartar la pregunta' }).click();
  const reopen = mp.getByRole('button', { name: 'Reabrir la pregunta' });
  await reopen.waitFor();
  const officialCard = op.locator('#preguntas .question').filter({ hasText: dismissedText });
  await officialCard.locator('.badge-dismissed').waitFor();
  await reopen.click();
  await mp.locator('#detalle-envio').filter({ hasText: 'Reabrió la pregunta' }).waitFor();
  await mp.locator('#detalle .question-state').filter({ hasText: 'En espera' }).waitFor();
  assert.match(await mp.locator('#detalle .question-notes').textContent(), /Reabierta por Moderador de demostración/);
  await reopen.waitFor({ state: 'hidden' });
  await officialCard.locator('.question-state').filter({ hasText: 'En cola' }).waitFor();

  // Answer, then correct: Escape cancels the first attempt, the second is saved.
  await claimAndAnswer(mp, answeredText, 'Reporte tres fases.');
  const answer = mp.locator('#detalle .answer');
  await answer.getByRole('button', { name: 'Corregir' }).click();
  const box = mp.getByLabel(/Texto corregido de la respuesta/);
  assert.equal(await box.inputValue(), 'Reporte tres fases.');
  await box.press('Escape');
  await answer.getByRole('button', { name: 'Corregir' }).waitFor();
  await answer.getByRole('button', { name: 'Corregir' }).click();
  await box.fill('Reporte las cinco fases, cada una con sus criterios.');
  await check(mp, 'console with the correction form open');
  await mp.getByRole('button', { name: 'Guardar la corrección' }).click();
  await mp.locator('#detalle-envio').filter({ hasText: 'Corrigió la respuesta' }).waitFor();
  await answer.locator('.answer-text').filter({ hasText: 'Reporte las cinco fases' }).waitFor();
  assert.match(await answer.textContent(), /Corregida/);

  const officialAnswer = op.locator('#preguntas .question').filter({ hasText: answeredText }).locator('.answer');
  await officialAnswer.locator('.answer-text').filter({ hasText: 'Reporte las cinco fases, cada una con sus criterios.' }).waitFor();
  assert.equal(await officialAnswer.count(), 1);
  assert.match(await officialAnswer.textContent(), /Corregida/);

  // The activity log keeps the original and the correction.
  const activity = (await moderatorHistory(mp)).map((e) => e.text).join('\n');
  assert.match(activity, /Reporte tres fases\./);
  assert.match(activity, /Corrección de Moderador de demostración/);
  assert.match(activity, /reabrió la pregunta/);

  assertNoProblems(official.problems, 'official page');
  assertNoProblems(moderator.problems, 'console');
  await official.context.close();
  await moderator.context.close();
});
