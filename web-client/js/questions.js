// The questions of one help session rebuilt from its events (pure state, no DOM), for the official and moderator pages.

// Question lifecycle as the events tell it (DESIGN.md):
//   question_asked{resolved_by_faq} ──▶ answered_by_faq (the official said an FAQ entry answered it; never queued)
//   queued ──question_claimed{automatic?}──▶ assigned ──question_answered──▶ answered
//     ▲  ▲                                     │
//     │  └──────question_released──────────────┘ (the holder left and their grace period ended; same agency)
//     │  └──question_answered_by_faq──▶ answered_by_faq
//     └──question_transferred{reason}── (from queued or assigned, to another agency's queue)
//   any open state ──question_merged──▶ merged      ──question_dismissed──▶ dismissed ──question_reopened──▶ queued
//   question_joined: another official says "Yo también" (one more asker; state unchanged)
//   answer_corrected: a sent answer's text replaced; the answer keeps its corrections (latest last)
// Queues are ordered by when a question was asked, so a released or transferred question keeps its place in `order`.
// `moderator_paused` names no question: the book ignores it (the console keeps the pause itself).

export const OPEN_STATES = new Set(['queued', 'assigned']);

/**
 * Every question seen so far, by id and in the order asked. `apply(ev)` returns the ids of the questions the event
 * changed (empty when it changed none), so a view can update only those.
 */
export class QuestionBook {
  constructor() {
    this.byId = new Map();
    this.order = [];
  }

  get(id) {
    return this.byId.get(id);
  }

  all() {
    return this.order.map((id) => this.byId.get(id));
  }

  apply(ev) {
    if (ev.type === 'question_asked') {
      const src = ev.question || {};
      if (typeof src.id !== 'number' || this.byId.has(src.id)) return [];
      this.byId.set(src.id, {
        id: src.id,
        index: this.order.length, // place in the order asked (queues and lists sort by it)
        seq: ev.seq,
        at: ev.at,
        field: src.field,
        section: src.section,
        agency: src.agency,
        text: src.text ?? '',
        asker: src.asker || {},
        state: src.resolved_by_faq ? 'answered_by_faq' : 'queued',
        holder: null,
        automatic: false, // the holder got it from automatic routing, not by claiming it
        released: null, // {moderator, reason, at} while queued again after its holder left
        transfer: null, // the latest transfer: {from, to, reason, moderator, at}
        answers: [],
        mergedInto: null,
        mergedFrom: [],
        dismissReason: null,
        reopened: null, // {moderator, at} after a dismissal was undone
        joined: [], // askers who said "Yo también", in order
        faq: src.resolved_by_faq || null,
        history: [],
      });
      this.order.push(src.id);
      return [src.id];
    }
    const q = this.byId.get(ev.question);
    if (!q) return [];
    q.history.push(ev);
    switch (ev.type) {
      case 'question_claimed':
        q.state = 'assigned';
        q.holder = ev.moderator || null;
        q.automatic = ev.automatic === true;
        q.released = null;
        return [q.id];
      case 'question_released':
        // Only an open question has a holder to lose; a release racing a close changes nothing.
        if (!OPEN_STATES.has(q.state)) return [];
        q.state = 'queued';
        q.holder = null;
        q.automatic = false;
        q.released = { moderator: ev.moderator || null, reason: ev.reason || '', at: ev.at };
        return [q.id];
      case 'question_answered':
        q.state = 'answered';
        q.answers.push({
          id: ev.answer,
          seq: ev.seq,
          at: ev.at,
          visibility: ev.visibility,
          text: typeof ev.text === 'string' ? ev.text : null,
          moderator: ev.moderator || {},
          corrections: [], // {text (null when withheld), at, moderator}
        });
        return [q.id, ...q.mergedFrom];
      case 'answer_corrected': {
        const a = q.answers.find((x) => x.id === ev.answer);
        if (!a) return [];
        const text = typeof ev.text === 'string' ? ev.text : null;
        a.corrections.push({ text, at: ev.at, moderator: ev.moderator || {} });
        if (text !== null) a.text = text;
        return [q.id, ...q.mergedFrom];
      }
      case 'question_joined':
        if (ev.asker && !q.joined.some((j) => j.participant === ev.asker.participant)) q.joined.push(ev.asker);
        return [q.id];
      case 'question_reopened':
        q.state = 'queued';
        q.dismissReason = null;
        q.reopened = { moderator: ev.moderator || null, at: ev.at };
        return [q.id];
      case 'question_answered_by_faq':
        q.state = 'answered_by_faq';
        q.faq = ev.faq;
        return [q.id];
      case 'question_transferred':
        q.state = 'queued';
        q.agency = ev.to;
        q.holder = null;
        q.automatic = false;
        q.released = null;
        q.transfer = {
          from: ev.from,
          to: ev.to,
          reason: typeof ev.reason === 'string' ? ev.reason : '', // absent in transcripts older than routing
          moderator: ev.moderator || null,
          at: ev.at,
        };
        return [q.id];
      case 'question_merged': {
        q.state = 'merged';
        q.mergedInto = ev.into;
        const target = this.byId.get(ev.into);
        if (target && !target.mergedFrom.includes(q.id)) target.mergedFrom.push(q.id);
        return target ? [q.id, target.id] : [q.id];
      }
      case 'question_dismissed':
        q.state = 'dismissed';
        q.dismissReason = ev.reason ?? '';
        return [q.id];
      default:
        return [];
    }
  }
}
