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
//   question_consulted / answer_suggested: another agency asked for, and gave, a suggested answer (state unchanged;
//     officials receive them without the note and the text)
//   official_blocked{hidden}: the blocked official's open questions ──▶ dismissed and hidden. A book that keeps hidden
//     questions (the console) marks them; one that does not (officials, the archive) forgets them, and every later
//     event about them, as if they had never been asked (so they never count in a queue).
//   official_unblocked: the official may join again; their hidden questions stay closed
// Queues are ordered by when a question was asked, so a released or transferred question keeps its place in `order`.
// `moderator_paused` names no question: the book ignores it (the console keeps the pause itself).
// A hidden question's `question_asked`, as replayed to officials and in the public archive, is a placeholder
// `{id, field, section, agency, hidden: true}` with no text and no asker: a book that does not keep hidden questions
// skips it, and later events about that id find no question and change nothing.

export const OPEN_STATES = new Set(['queued', 'assigned']);

/**
 * Every question seen so far, by id and in the order asked. `apply(ev)` returns the ids of the questions the event
 * changed (empty when it changed none), so a view can update only those.
 */
export class QuestionBook {
  /** keepHidden: keep the questions of blocked officials, marked `hidden` (moderators); otherwise forget them. */
  constructor({ keepHidden = false } = {}) {
    this.keepHidden = keepHidden;
    this.byId = new Map();
    this.order = [];
    this.asked = 0; // questions added so far: `index` stays unique and increasing when hidden ones are removed
    this.blocked = new Map(); // participant id → {official, reason, moderator, at} (full official_blocked events only)
  }

  get(id) {
    return this.byId.get(id);
  }

  all() {
    return this.order.map((id) => this.byId.get(id));
  }

  /** The block of the official who asked `q`, or null. */
  blockOf(q) {
    return (q && q.asker && this.blocked.get(q.asker.participant)) || null;
  }

  /** The official with participant id `participant` as their questions name them, or null. */
  official(participant) {
    for (const q of this.byId.values()) if (q.asker && q.asker.participant === participant) return q.asker;
    const block = this.blocked.get(participant);
    return block ? block.official : null;
  }

  /** The ids of the questions official `participant` asked. */
  askedBy(participant) {
    return this.all().filter((q) => q.asker && q.asker.participant === participant).map((q) => q.id);
  }

  apply(ev) {
    if (ev.type === 'official_blocked') return this.onBlocked(ev);
    if (ev.type === 'official_unblocked') {
      if (typeof ev.official !== 'number') return [];
      this.blocked.delete(ev.official);
      return this.askedBy(ev.official);
    }
    if (ev.type === 'question_asked') {
      const src = ev.question || {};
      if (typeof src.id !== 'number' || this.byId.has(src.id)) return [];
      if (src.hidden === true && !this.keepHidden) return [];
      this.byId.set(src.id, {
        id: src.id,
        index: this.asked++, // place in the order asked (queues and lists sort by it)
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
        hidden: src.hidden === true, // its asker was blocked: closed, and shown to moderators only
        consults: [], // {agency, moderator, note (null when withheld), at, seq}, oldest first
        suggestions: [], // {agency, moderator, text (null when withheld), at, seq}, oldest first
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
      case 'question_consulted':
        q.consults.push({
          agency: ev.agency,
          moderator: ev.moderator || null,
          note: typeof ev.note === 'string' ? ev.note : null,
          at: ev.at,
          seq: ev.seq,
        });
        return [q.id];
      case 'answer_suggested':
        q.suggestions.push({
          agency: ev.agency,
          moderator: ev.moderator || null,
          text: typeof ev.text === 'string' ? ev.text : null,
          at: ev.at,
          seq: ev.seq,
        });
        return [q.id];
      default:
        return [];
    }
  }

  /**
   * official_blocked: the questions in `hidden` are closed (dismissed) and hidden. Kept and marked when this book
   * keeps hidden questions; else removed, so the caller finds no question for the returned ids and drops their views.
   */
  onBlocked(ev) {
    const changed = [];
    const official = ev.official && typeof ev.official === 'object' ? ev.official : null;
    if (official && typeof official.participant === 'number') {
      this.blocked.set(official.participant, { official, reason: ev.reason ?? '', moderator: ev.moderator || null, at: ev.at });
      changed.push(...this.askedBy(official.participant));
    }
    for (const id of Array.isArray(ev.hidden) ? ev.hidden : []) {
      const q = this.byId.get(id);
      if (!q) continue;
      if (this.keepHidden) {
        q.history.push(ev);
        q.state = 'dismissed';
        q.hidden = true;
        q.holder = null;
      } else {
        this.byId.delete(id);
        this.order.splice(this.order.indexOf(id), 1);
        for (const other of this.byId.values()) {
          if (other.mergedInto === id) other.mergedInto = null;
          other.mergedFrom = other.mergedFrom.filter((x) => x !== id);
        }
      }
      if (!changed.includes(id)) changed.push(id);
    }
    return changed;
  }
}
