// The moderator console's "Propuestas de FAQ" panel: answers proposed as FAQ entries (GET/POST /api/faq/drafts),
// edited (PUT …/ID) and published or discarded (POST …/ID/publish|discard) by the owning agency's moderators or an
// admin. The server decides who may act; the panel only hides the tools from those it would refuse, and shows the
// server's own (Spanish) message when it refuses anyway.
import { discardFaqDraft, getFaqDrafts, proposeFaqDraft, publishFaqDraft, updateFaqDraft } from './api.js';
import { $, announce, fill, focusTo, h, setError, show } from './dom.js';
import { agencyLabel, formatDateTime } from './format.js';
import { fieldLabel, fillFieldPicker } from './form-model.js';
import { faqEntryHref, faqLink, faqLinkTargets } from './faq-text.js';

const ENTRY_ID = /^[a-z0-9-]{1,80}$/;
const STATUS_LABELS = { draft: 'Por revisar', published: 'Publicada', discarded: 'Descartada' };

// A draft's `answer` is the proposed text; `answer_seq` the chat answer it came from (protocol.md).
const answerSeqOf = (d) => (typeof d.answer_seq === 'number' ? d.answer_seq : null);

export class FaqDrafts {
  /**
   * @param {object} o
   * @param {HTMLElement} o.list      <ul> of drafts
   * @param {HTMLElement} o.status    role=status line of the panel
   * @param {HTMLElement} o.heading   the panel's heading (focus goes there when a draft disappears)
   * @param {() => object} o.form     the indexed form model (labels, the field picker)
   * @param {() => ({role: string, agency: string} | null)} o.who  the moderator
   * @param {() => string} o.timeZone
   * @param {() => void} o.onChange   the drafts changed (the console re-renders its "Proponer como FAQ" buttons)
   * @param {(id: string) => boolean} o.entryExists  whether a published FAQ entry has that id (to check links)
   */
  constructor({ list, status, heading, form, who, timeZone, onChange, entryExists }) {
    Object.assign(this, { list, status, heading, form, who, timeZone, onChange, entryExists });
    this.drafts = new Map(); // id → draft, as the server last returned it
    this.loading = null;
  }

  /** The live draft (not discarded) made from answer `answer` of help session `session`, if any. */
  forAnswer(session, answer) {
    for (const d of this.drafts.values()) {
      if (d.session === session && answerSeqOf(d) === answer && d.status !== 'discarded') return d;
    }
    return null;
  }

  /** The draft's answer text, as the server has it. */
  answerText(d) {
    return { text: d.answer ?? '' };
  }

  mayEdit(draft) {
    const me = this.who();
    if (!me) return false;
    return me.role === 'admin' || draft.agency === me.agency || draft.agency === 'triage';
  }

  async load() {
    if (this.loading) return this.loading;
    this.status.textContent = 'Cargando las propuestas…';
    this.loading = (async () => {
      try {
        const data = await getFaqDrafts();
        this.drafts = new Map((Array.isArray(data) ? data : []).filter((d) => d && d.status !== 'discarded').map((d) => [d.id, d]));
        this.renderAll();
        this.status.textContent = '';
      } catch (e) {
        this.status.textContent = `No fue posible cargar las propuestas. ${e.message}`;
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }

  /** POSTs a proposal for `answer` (its id, which is its seq) of `session`; resolves with the draft or throws ApiError. */
  async propose(session, answer) {
    const draft = await proposeFaqDraft(session, answer);
    this.drafts.set(draft.id, draft);
    this.renderAll();
    this.onChange();
    this.focusDraft(draft.id);
    announce(`Propuesta de FAQ n.º ${draft.id} creada. Revísela y publíquela aquí, en «Propuestas de FAQ».`);
    return draft;
  }

  focusDraft(id) {
    const heading = document.getElementById(`propuesta-${id}-titulo`);
    if (!heading) return;
    heading.scrollIntoView({ block: 'start' });
    heading.focus({ preventScroll: true });
  }

  renderAll() {
    const all = [...this.drafts.values()].sort((a, b) => (a.status === b.status ? b.id - a.id : a.status === 'draft' ? -1 : 1));
    fill(this.list, all.length ? all.map((d) => this.card(d)) : h('li', { className: 'empty' }, 'No hay propuestas.'));
  }

  replaceCard(draft) {
    const old = document.getElementById(`propuesta-${draft.id}`);
    const card = this.card(draft);
    if (old) old.replaceWith(card);
    else this.renderAll();
  }

  card(d) {
    const base = `propuesta-${d.id}`;
    const seq = answerSeqOf(d);
    const meta = h('p', { className: 'muted draft-meta' },
      h('span', { className: `badge badge-draft-${d.status}` }, STATUS_LABELS[d.status] || d.status), ' · ',
      `Entidad: ${agencyLabel(d.agency)}`,
      seq ? ` · de la respuesta n.º ${seq}${d.session ? ` (sesión ${d.session})` : ''}` : '',
      d.updated_at ? [' · actualizada: ', h('time', { datetime: d.updated_at }, formatDateTime(d.updated_at, this.timeZone()))] : '');
    const head = h('h3', { id: `${base}-titulo`, tabindex: '-1' }, `Propuesta n.º ${d.id}: ${d.question || 'sin pregunta'}`);
    const body = [head, meta];
    if (d.status === 'published') {
      body.push(h('p', {}, 'Publicada como ', h('code', {}, d.entry_id), '. ',
        faqLink(faqEntryHref(d.entry_id), 'Ver la entrada en el FAQ', { newTab: true })));
    } else if (!this.mayEdit(d)) {
      body.push(h('p', { className: 'answer-text' }, this.answerText(d).text),
        h('p', { className: 'notice' }, `Solo ${agencyLabel(d.agency)} o un administrador puede editarla y publicarla.`));
    } else {
      body.push(this.editor(d, base));
    }
    return h('li', { className: 'draft', id: base, dataset: { draft: String(d.id), status: d.status } },
      h('article', { 'aria-labelledby': `${base}-titulo` }, body));
  }

  editor(d, base) {
    const form = this.form();
    const fields = [...(Array.isArray(d.fields) ? d.fields : [])];
    const chips = h('ul', { className: 'chips', 'aria-label': 'Campos escogidos' });
    const renderChips = () => fill(chips, fields.length ? fields.map((f) => h('li', { className: 'chip' },
      h('span', {}, fieldLabel(form, f)),
      h('button', {
        type: 'button',
        className: 'chip-remove',
        'aria-label': `Quitar el campo ${fieldLabel(form, f)}`,
        onclick: () => {
          fields.splice(fields.indexOf(f), 1);
          renderChips();
          focusTo(add);
        },
      }, '×'))) : h('li', { className: 'empty' }, 'Ningún campo: agregue al menos uno.'));
    const picker = h('select', { id: `${base}-campo` });
    fillFieldPicker(picker, form);
    const add = h('button', {
      type: 'button',
      className: 'secondary small',
      onclick: () => {
        if (picker.value && !fields.includes(picker.value)) fields.push(picker.value);
        renderChips();
      },
    }, 'Agregar el campo');
    renderChips();

    const error = h('div', { className: 'alert', role: 'alert', hidden: true });
    const progress = h('p', { className: 'muted', role: 'status' });
    const input = (suffix, label, value, hint, attrs = {}) => {
      const id = `${base}-${suffix}`;
      const control = attrs.rows
        ? h('textarea', { id, rows: String(attrs.rows), 'aria-describedby': hint ? `${id}-ayuda` : null })
        : h('input', { id, type: 'text', autocomplete: 'off', 'aria-describedby': hint ? `${id}-ayuda` : null, ...attrs });
      control.value = value ?? '';
      return {
        control,
        node: h('div', { className: 'field' }, h('label', { for: id }, label),
          hint ? h('span', { id: `${id}-ayuda`, className: 'hint' }, hint) : null, control),
      };
    };
    const entry = input('id', 'Identificador de la entrada', d.entry_id,
      'Minúsculas, números y guiones (por ejemplo gel-fases-orden). No lo cambie después de publicar: los enlaces lo usan.',
      { spellcheck: 'false', maxlength: '80' });
    const question = input('pregunta', 'Pregunta', d.question, 'Como la haría un funcionario, sin datos de quien preguntó.', { rows: 3 });
    const shown = this.answerText(d);
    const answer = input('respuesta', 'Respuesta', shown.text,
      `Texto simple, trato de «usted». Enlaces: `
      + '[texto](/faq#campo-ID), [texto](/faq#entrada-ID) o [texto](https://…). Una línea que empieza con «- » es un '
      + 'elemento de lista.', { rows: 7 });
    const tags = input('etiquetas', 'Palabras clave', (Array.isArray(d.tags) ? d.tags : []).join(', '),
      'Separadas por comas: las palabras que usan los funcionarios y el texto no dice (siglas, palabras coloquiales).');
    const legal = input('norma', 'Norma o fundamento legal (opcional)', d.legal_reference ?? '', 'Varias normas, separadas por punto y coma.');

    // The answer is sent only when it was edited here: a text rebuilt from the chat must not overwrite an edit the
    // server kept but did not send back.
    const read = () => {
      const changes = {
        entry_id: entry.control.value.trim(),
        question: question.control.value.trim(),
        fields: [...fields],
        tags: tags.control.value.split(',').map((t) => t.trim()).filter(Boolean),
        legal_reference: legal.control.value.trim() || null,
      };
      if (answer.control.value.trim() !== shown.text.trim()) changes.answer = answer.control.value.trim();
      return changes;
    };
    const check = (changes) => {
      const problems = [];
      if (!ENTRY_ID.test(changes.entry_id)) problems.push([entry.control, 'El identificador solo puede tener minúsculas, números y guiones.']);
      if (!changes.question) problems.push([question.control, 'Escriba la pregunta.']);
      if (!answer.control.value.trim()) problems.push([answer.control, 'Escriba la respuesta.']);
      // The server publishes links as they are; a link to nothing would only be caught later by `helpchat faq check`.
      const broken = faqLinkTargets(answer.control.value).filter((t) => (t.kind === 'campo'
        ? !this.form().fields.has(t.id) : !this.entryExists(t.id) && t.id !== changes.entry_id));
      if (broken.length) {
        problems.push([answer.control, `La respuesta enlaza a ${broken.map((t) => `«${t.kind}-${t.id}»`).join(', ')}, que no `
          + 'existe en el FAQ ni en el formato. Corrija el enlace.']);
      }
      if (!changes.fields.length) problems.push([picker, 'Agregue al menos un campo del formato.']);
      for (const c of [entry.control, question.control, answer.control, picker]) c.removeAttribute('aria-invalid');
      for (const [c] of problems) c.setAttribute('aria-invalid', 'true');
      if (problems.length) {
        setError(error, problems.map(([, m]) => m).join(' '));
        focusTo(problems[0][0]);
      }
      return problems.length === 0;
    };

    let busy = false;
    const run = async (kind, work) => {
      if (busy) return;
      busy = true;
      for (const b of buttons) b.disabled = true;
      setError(error, '');
      progress.textContent = { save: 'Guardando…', publish: 'Publicando…', discard: 'Descartando…' }[kind];
      try {
        await work();
      } catch (e) {
        progress.textContent = '';
        setError(error, e.message);
        focusTo(error);
      } finally {
        busy = false;
        for (const b of buttons) if (b.isConnected) b.disabled = false;
      }
    };

    const save = h('button', {
      type: 'submit',
    }, 'Guardar cambios');
    const publish = h('button', {
      type: 'button',
      onclick: () => {
        const changes = read();
        if (!check(changes)) return;
        run('publish', async () => {
          this.drafts.set(d.id, await updateFaqDraft(d.id, changes));
          const published = await publishFaqDraft(d.id);
          this.drafts.set(d.id, published);
          this.replaceCard(published);
          this.onChange();
          this.focusDraft(d.id);
          announce(`Propuesta n.º ${d.id} publicada en el FAQ como «${published.entry_id}».`);
        });
      },
    }, 'Publicar en el FAQ');
    const confirm = h('div', { className: 'confirm', hidden: true },
      h('p', {}, '¿Descartar esta propuesta? No se puede deshacer.'),
      h('div', { className: 'actions' },
        h('button', {
          type: 'button',
          className: 'danger small',
          onclick: () => run('discard', async () => {
            await discardFaqDraft(d.id);
            this.drafts.delete(d.id);
            this.renderAll();
            this.onChange();
            focusTo(this.heading);
            announce(`Propuesta n.º ${d.id} descartada.`);
          }),
        }, 'Sí, descartarla'),
        h('button', {
          type: 'button',
          className: 'secondary small',
          onclick: () => {
            show(confirm, false);
            discard.focus();
          },
        }, 'No, conservarla')));
    const discard = h('button', {
      type: 'button',
      className: 'secondary',
      onclick: () => {
        show(confirm, true);
        confirm.querySelector('button').focus();
      },
    }, 'Descartar');
    const buttons = [save, publish, discard];

    const formEl = h('form', { className: 'draft-form', novalidate: true, 'aria-labelledby': `${base}-titulo` },
      error,
      entry.node,
      question.node,
      answer.node,
      h('fieldset', {},
        h('legend', {}, 'Campos del formato'),
        chips,
        h('div', { className: 'field add-field' },
          h('label', { for: `${base}-campo` }, 'Agregar un campo'),
          picker),
        add),
      tags.node,
      legal.node,
      h('div', { className: 'actions' }, save, publish, discard),
      confirm,
      progress);
    formEl.addEventListener('submit', (e) => {
      e.preventDefault();
      const changes = read();
      if (!check(changes)) return;
      run('save', async () => {
        const saved = await updateFaqDraft(d.id, changes);
        this.drafts.set(d.id, saved);
        shown.text = saved.answer ?? shown.text;
        fill(document.getElementById(`${base}-titulo`), `Propuesta n.º ${d.id}: ${saved.question || 'sin pregunta'}`);
        progress.textContent = 'Cambios guardados.';
      });
    });
    return formEl;
  }
}
