// The Plan de Acción form model from GET /api/form: field ids → labels, and the field picker (<select>) for questions.
import { h } from './dom.js';
import { agencyLabel } from './format.js';

export const GENERAL_FIELD = 'general';
export const GENERAL_LABEL = 'Pregunta general';

const text = (obj, ...keys) => {
  for (const k of keys) if (obj && typeof obj[k] === 'string' && obj[k]) return obj[k];
  return '';
};

function normalizeField(f) {
  if (typeof f === 'string') return { id: f, label: f };
  return { id: f.id, label: text(f, 'label', 'title', 'name') || f.id, help: text(f, 'help', 'description', 'hint') };
}

/**
 * Indexes the form: `sections` [{id, title, agency, fields:[{id,label}], rowFields:[{id,label}]}] and `fields`
 * Map id → {id, label, sectionId, sectionTitle, agency, kind:'general'|'section'|'field'|'row'}.
 * Row field ids are `<section>.<row_field>` (protocol.md: a section's activity rows).
 */
export function indexForm(form) {
  const rowFields = (Array.isArray(form && form.row_fields) ? form.row_fields : []).map(normalizeField);
  const fields = new Map();
  fields.set(GENERAL_FIELD, { id: GENERAL_FIELD, label: GENERAL_LABEL, sectionId: GENERAL_FIELD, sectionTitle: '', agency: 'triage', kind: 'general' });
  const sections = [];
  for (const s of Array.isArray(form && form.sections) ? form.sections : []) {
    if (!s || typeof s.id !== 'string') continue;
    const title = text(s, 'title', 'label', 'name') || s.id;
    const agency = text(s, 'agency', 'owner');
    const section = {
      id: s.id,
      title,
      agency,
      fields: (Array.isArray(s.fields) ? s.fields : []).map(normalizeField).filter((f) => f.id),
      description: text(s, 'description', 'help'),
      rowFields: s.has_rows ? rowFields.map((r) => ({ id: `${s.id}.${r.id}`, label: r.label, help: r.help })) : [],
    };
    sections.push(section);
    fields.set(s.id, { id: s.id, label: title, help: section.description, sectionId: s.id, sectionTitle: title, agency, kind: 'section' });
    for (const f of section.fields) fields.set(f.id, { ...f, sectionId: s.id, sectionTitle: title, agency, kind: 'field' });
    for (const f of section.rowFields) fields.set(f.id, { ...f, sectionId: s.id, sectionTitle: title, agency, kind: 'row' });
  }
  return { sections, fields };
}

/** "Fase de Gobierno en línea — Implementación de las fases…" for a field id; the id itself when unknown. */
export function fieldLabel(index, fieldId) {
  const f = index && index.fields.get(fieldId);
  if (!f) return fieldId || '';
  if (f.kind === 'general') return GENERAL_LABEL;
  if (f.kind === 'section') return `${f.sectionTitle} (toda la sección)`;
  if (f.kind === 'row') return `${f.label} (fila de actividades) — ${f.sectionTitle}`;
  return `${f.label} — ${f.sectionTitle}`;
}

/** Fills `select` with "Pregunta general" and one <optgroup> per section (the section, its fields, its row fields). */
export function fillFieldPicker(select, index) {
  const options = [h('option', { value: GENERAL_FIELD }, GENERAL_LABEL)];
  for (const s of index.sections) {
    const group = h('optgroup', { label: s.title });
    group.append(h('option', { value: s.id }, `Toda la sección: ${s.title}`));
    for (const f of s.fields) group.append(h('option', { value: f.id }, f.label));
    for (const f of s.rowFields) group.append(h('option', { value: f.id }, `Fila de actividades: ${f.label}`));
    options.push(group);
  }
  select.replaceChildren(...options);
}

/** The form's own explanation of a field or section (may be empty). */
export function fieldHelp(index, fieldId) {
  const f = index && index.fields.get(fieldId);
  return (f && f.help) || '';
}

/** Who will answer a question about `fieldId`: "Función Pública", "Soporte general"… */
export function fieldAgencyLabel(index, fieldId) {
  const f = index && index.fields.get(fieldId);
  return agencyLabel((f && f.agency) || 'triage');
}
