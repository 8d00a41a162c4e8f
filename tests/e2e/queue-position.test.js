// The official's place in the queue and estimated wait (web-client/js/queue-position.js), computed from events folded
// by web-client/js/questions.js. Pure node tests: no server, no browser, fixed times.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { QuestionBook } from '../../web-client/js/questions.js';
import { AFTER_SESSION_NOTE, answerPace, estimate, formatRangeMinutes, meaningfulChange, nowOf, positionOf, queueOf,
  queueStatus, statusText } from '../../web-client/js/queue-position.js';

const T0 = Date.parse('2026-05-29T14:00:00Z');
const iso = (min) => new Date(T0 + min * 60000).toISOString();
const minutes = (m) => m * 60000;

const MOD = { participant: 900, name: 'Marta Ruiz', agency: 'mintic-gel' };
const MOD2 = { participant: 901, name: 'Luis Pérez', agency: 'mintic-gel' };
const ADMIN = { participant: 1, name: 'Moderador de demostración', agency: 'triage' };

// Tiny event builders; `seq` is filled in by book().
const asked = (id, min, agency = 'mintic-gel') => ({ type: 'question_asked', at: iso(min),
  question: { id, field: 'gel_fase', section: 'gel', agency, text: `Pregunta ${id}`, asker: { participant: 100 + id, name: `Oficial ${id}` } } });
const claimed = (id, min, moderator = MOD) => ({ type: 'question_claimed', at: iso(min), question: id, moderator });
const released = (id, min, moderator = MOD) => ({ type: 'question_released', at: iso(min), question: id, moderator, reason: 'moderator_left' });
const answered = (id, min, moderator = MOD) => ({ type: 'question_answered', at: iso(min), question: id, answer: 1000 + id,
  visibility: 'public', asker: 100 + id, text: 'Respuesta', moderator });
const transferred = (id, min, from, to) => ({ type: 'question_transferred', at: iso(min), question: id, from, to, moderator: MOD, reason: 'No es de aquí' });
const merged = (id, into, min) => ({ type: 'question_merged', at: iso(min), question: id, into, moderator: MOD });
const dismissed = (id, min) => ({ type: 'question_dismissed', at: iso(min), question: id, reason: '', moderator: MOD });
const joined = (id, min, participant) => ({ type: 'question_joined', at: iso(min), question: id, asker: { participant, name: `Oficial ${participant}` } });
const reopened = (id, min) => ({ type: 'question_reopened', at: iso(min), question: id, moderator: MOD });

function book(...events) {
  const b = new QuestionBook();
  events.forEach((ev, i) => b.apply({ seq: i + 1, ...ev }));
  return b.all();
}

const ids = (questions) => questions.map((q) => q.id);

describe('queueOf: the order of server/chat/question_queue.hpp', () => {
  const cases = [
    { name: 'earlier asked first', events: [asked(2, 1), asked(1, 2), asked(3, 0)], want: [3, 2, 1] },
    { name: 'same time: more askers first (merged askers count)',
      events: [asked(1, 0), asked(2, 0), asked(3, 0), asked(4, 0), merged(4, 3, 1)], want: [3, 1, 2] },
    { name: 'askers add up through merged questions', events: [asked(1, 0), asked(2, 0), asked(3, 5), asked(4, 5),
      asked(5, 0), merged(3, 2, 6), merged(4, 1, 6), merged(5, 1, 6)], want: [1, 2] },
    { name: 'same time and askers: lower id first', events: [asked(7, 0), asked(5, 0), asked(6, 0)], want: [5, 6, 7] },
    { name: 'other agencies are not in the queue', events: [asked(1, 0), asked(2, 1, 'dafp'), asked(3, 2)], want: [1, 3] },
    { name: 'claimed, answered and dismissed questions leave the queue',
      events: [asked(1, 0), asked(2, 1), asked(3, 2), asked(4, 3), claimed(1, 4), answered(2, 5), dismissed(3, 6)], want: [4] },
    { name: 'a transfer in keeps the original asking time',
      events: [asked(1, 0, 'triage'), asked(2, 1), asked(3, 2), transferred(1, 10, 'triage', 'mintic-gel')], want: [1, 2, 3] },
    { name: 'a transfer out leaves the queue', events: [asked(1, 0), asked(2, 1), transferred(1, 3, 'mintic-gel', 'dafp')], want: [2] },
    { name: 'same time: "Yo también" askers count like merged ones',
      events: [asked(1, 0), asked(2, 0), joined(2, 1, 500), joined(2, 2, 501), asked(3, 0), asked(4, 0), merged(4, 3, 1)], want: [2, 3, 1] },
    { name: 'the same official joining twice counts once', events: [asked(1, 0), asked(2, 0), joined(2, 1, 500), joined(2, 2, 500),
      asked(3, 0), asked(4, 0), merged(4, 3, 1)], want: [2, 3, 1] },
    { name: 'a reopened question goes back to its place', events: [asked(1, 0), asked(2, 1), dismissed(1, 2), reopened(1, 3)], want: [1, 2] },
    { name: 'a released question goes back to its place', events: [asked(1, 0), asked(2, 1), asked(3, 2), claimed(1, 3), released(1, 5)],
      want: [1, 2, 3] },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(ids(queueOf(book(...c.events), 'mintic-gel')), c.want));
  }
});

describe('positionOf', () => {
  const qs = book(asked(1, 0), asked(2, 1), asked(3, 2), asked(4, 3), claimed(2, 4), answered(4, 5));
  const cases = [
    { name: 'first in the queue', id: 1, want: { state: 'queued', agency: 'mintic-gel', position: 1, total: 2 } },
    { name: 'a claimed question ahead does not count', id: 3, want: { state: 'queued', agency: 'mintic-gel', position: 2, total: 2 } },
    { name: 'an assigned question has no position', id: 2, want: { state: 'assigned', agency: 'mintic-gel', holder: MOD } },
    { name: 'an answered question is closed', id: 4, want: { state: 'closed' } },
    { name: 'an unknown question', id: 99, want: null },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(positionOf(qs, c.id), c.want));

  test('release puts a question back ahead of those asked after it', () => {
    const before = book(asked(1, 0), asked(2, 1), claimed(1, 2));
    assert.deepEqual(positionOf(before, 2), { state: 'queued', agency: 'mintic-gel', position: 1, total: 1 });
    const after = book(asked(1, 0), asked(2, 1), claimed(1, 2), released(1, 4));
    assert.deepEqual(positionOf(after, 2), { state: 'queued', agency: 'mintic-gel', position: 2, total: 2 });
  });
});

describe('answerPace', () => {
  test('enough answers: the observed time per answer over the window', () => {
    // Asked from minute 0; answers at 10, 20 and 30: 40 minutes observed at minute 40 / 3 answers... but the window is
    // the last 30 minutes (10 → 40), holding the answers at 10, 20 and 30: 10 minutes each.
    const qs = book(asked(1, 0), asked(2, 0), asked(3, 0), asked(4, 0), answered(1, 10), answered(2, 20), answered(3, 30));
    const pace = answerPace(qs, 'mintic-gel', T0 + minutes(40));
    assert.equal(pace.rough, false);
    assert.equal(pace.answers, 3);
    assert.equal(pace.msPerAnswer, minutes(10));
  });

  test('a session younger than the window counts from its first question', () => {
    const qs = book(asked(1, 0), asked(2, 0), asked(3, 1), answered(1, 4), answered(2, 6));
    assert.equal(answerPace(qs, 'mintic-gel', T0 + minutes(8)).msPerAnswer, minutes(4));
  });

  test('answers older than the window and answers of other agencies do not count', () => {
    const qs = book(asked(1, 0), asked(2, 0), asked(3, 0, 'dafp'), answered(1, 5), answered(2, 50), answered(3, 51, { ...MOD, agency: 'dafp' }));
    const pace = answerPace(qs, 'mintic-gel', T0 + minutes(60));
    assert.equal(pace.answers, 1);
    assert.equal(pace.rough, true);
  });

  test('too few answers: 3 minutes per question per moderator seen acting in the last 15 minutes', () => {
    const cases = [
      { name: 'nobody seen: one', events: [asked(1, 0)], now: 5, want: minutes(3) },
      { name: 'two moderators of the agency', events: [asked(1, 0), asked(2, 0), claimed(1, 1, MOD), claimed(2, 2, MOD2)], now: 5, want: minutes(1.5) },
      { name: 'an admin acting on the agency counts', events: [asked(1, 0), asked(2, 0), claimed(1, 1, MOD), dismissed(2, 2)], now: 5, want: minutes(3) },
      { name: 'admin answering', events: [asked(1, 0), asked(2, 0), claimed(1, 1, MOD), answered(2, 2, ADMIN)], now: 5, want: minutes(1.5) },
      { name: 'moderators older than 15 minutes are forgotten', events: [asked(1, 0), asked(2, 0), claimed(1, 1, MOD), claimed(2, 10, MOD2)], now: 20, want: minutes(3) },
    ];
    for (const c of cases) {
      const pace = answerPace(book(...c.events), 'mintic-gel', T0 + minutes(c.now));
      assert.equal(pace.rough, true, c.name);
      assert.equal(pace.msPerAnswer, c.want, c.name);
    }
  });

  test('a burst of quick answers does not promise an instant reply', () => {
    const qs = book(asked(1, 0), asked(2, 0), answered(1, 0), answered(2, 0));
    assert.equal(answerPace(qs, 'mintic-gel', T0 + 1000).msPerAnswer, 30000);
  });
});

describe('estimate', () => {
  const cases = [
    { name: 'position 3, 3 min each', position: 3, per: 3, want: 'entre 5 y 15 minutos' },
    { name: 'first in line, quick pace', position: 1, per: 0.5, want: 'menos de 1 minuto' },
    { name: 'first in line, 3 min each', position: 1, per: 3, want: 'entre 1 y 5 minutos' },
    { name: 'long queue, past an hour', position: 20, per: 4, want: 'entre 45 minutos y 2 h 15 min' },
    { name: 'very long queue', position: 40, per: 5, want: 'entre 2 horas y 5 h 30 min' },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const e = estimate({ position: c.position, msPerAnswer: minutes(c.per), nowMs: T0 });
      assert.equal(e.text, c.want);
      assert.equal(e.afterSession, false, 'no end known: no note');
    });
  }

  test('the note appears only when the low end passes the session end', () => {
    const base = { position: 10, msPerAnswer: minutes(3), nowMs: T0 }; // 18 to 48 minutes
    assert.equal(estimate({ ...base, endsAt: iso(60) }).afterSession, false);
    assert.equal(estimate({ ...base, endsAt: iso(30) }).afterSession, false, 'the high end alone past the end is not enough');
    assert.equal(estimate({ ...base, endsAt: iso(17) }).afterSession, true);
  });

  test('range helpers', () => {
    assert.equal(formatRangeMinutes(0, 2), 'menos de 2 minutos');
    assert.equal(formatRangeMinutes(60, 120), 'entre 1 hora y 2 horas');
  });
});

describe('queueStatus and statusText', () => {
  test('queued, default pace, rough, within the session', () => {
    const qs = book(asked(1, 0), asked(2, 0), asked(3, 0), asked(4, 1), asked(5, 1), asked(6, 1), asked(7, 1));
    const s = queueStatus(qs, 3, { nowMs: T0 + minutes(2), endsAt: iso(120) });
    assert.equal(s.position, 3);
    assert.equal(s.total, 7);
    assert.equal(s.estimate.rough, true);
    assert.equal(statusText(s), 'En cola · posición 3 de 7 en MinTIC – Gobierno en línea · espera estimada: entre 5 y 15 '
      + 'minutos (aproximada: todavía hay pocas respuestas en esta sesión para medir el ritmo).');
  });

  test('observed pace, past the session end', () => {
    const qs = book(asked(1, 0), asked(2, 0), asked(3, 0), asked(4, 0), answered(1, 10), answered(2, 20));
    const s = queueStatus(qs, 4, { nowMs: T0 + minutes(20), endsAt: iso(25) }); // 10 min each, 2nd in line: 12 to 32, shown as 10 to 35
    assert.equal(s.estimate.rough, false);
    assert.equal(statusText(s), `En cola · posición 2 de 2 en MinTIC – Gobierno en línea · espera estimada: entre 10 y 35 minutos. ${AFTER_SESSION_NOTE}`);
  });

  test('assigned and closed', () => {
    const qs = book(asked(1, 0), asked(2, 0), claimed(1, 1), answered(2, 2));
    assert.equal(statusText(queueStatus(qs, 1, { nowMs: T0 })), 'Asignada a Marta Ruiz: ya no está en la cola.');
    assert.equal(statusText(queueStatus(qs, 2, { nowMs: T0 })), '');
  });
});

describe('meaningfulChange', () => {
  const q = (position, bucket = 2, afterSession = false, agency = 'mintic-gel') => ({ state: 'queued', agency, position, total: 9, estimate: { bucket, afterSession } });
  const cases = [
    { name: 'first status', prev: null, next: q(5), want: true },
    { name: 'nothing new', prev: q(5), next: q(5), want: false },
    { name: 'a small step', prev: q(8), next: q(7), want: false },
    { name: 'small steps measured from the announced position', prev: q(8), next: q(6), want: true },
    { name: 'into the top 3', prev: q(4), next: q(3), want: true },
    { name: 'within the top 3', prev: q(3), next: q(2), want: true },
    { name: 'a big step back (a released question ahead)', prev: q(4), next: q(5), want: true },
    { name: 'from 20 to 16', prev: q(20), next: q(16), want: false },
    { name: 'from 20 to 15', prev: q(20), next: q(15), want: true },
    { name: 'estimate bucket changes', prev: q(8, 2), next: q(8, 1), want: true },
    { name: 'the after-session note appears', prev: q(8, 2, false), next: q(8, 2, true), want: true },
    { name: 'transferred to another queue', prev: q(5), next: q(5, 2, false, 'dafp'), want: true },
    { name: 'assigned', prev: q(1), next: { state: 'assigned', agency: 'mintic-gel', holder: MOD }, want: true },
    { name: 'still assigned', prev: { state: 'assigned', agency: 'mintic-gel' }, next: { state: 'assigned', agency: 'mintic-gel' }, want: false },
    { name: 'closed', prev: q(1), next: { state: 'closed' }, want: true },
  ];
  for (const c of cases) test(c.name, () => assert.equal(meaningfulChange(c.prev, c.next), c.want));
});

test('nowOf: the later of the browser clock and the last event', () => {
  assert.equal(nowOf(T0, iso(1)), T0 + minutes(1));
  assert.equal(nowOf(T0 + minutes(2), iso(1)), T0 + minutes(2));
  assert.equal(nowOf(T0, undefined), T0);
});
