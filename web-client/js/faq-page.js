// FAQ page (/faq): a guide to the form built from GET /api/form: each section, who answers it, and its fields.
import { getForm } from './api.js';
import { fill, h } from './dom.js';
import { agencyLabel } from './format.js';
import { indexForm } from './form-model.js';

async function main() {
  const status = document.getElementById('guia-estado');
  try {
    const form = indexForm(await getForm());
    fill(document.getElementById('guia'), form.sections.map((s) => h('section', { className: 'guide-section', 'aria-labelledby': `guia-${s.id}` },
      h('h2', { id: `guia-${s.id}` }, s.title),
      s.description ? h('p', {}, s.description) : null,
      h('p', {}, 'Responde: ', h('strong', {}, agencyLabel(s.agency || 'triage'))),
      s.fields.length ? h('ul', {}, s.fields.map((f) => h('li', {}, f.label, f.help ? ` — ${f.help}` : ''))) : null,
      s.rowFields.length ? h('p', { className: 'muted' }, `Además, filas de actividades (${s.rowFields.map((f) => f.label.toLowerCase()).join(', ')}).`) : null)));
    status.textContent = '';
    status.hidden = true;
  } catch (e) {
    status.className = 'alert';
    status.textContent = `No fue posible cargar la guía del formato. ${e.message}`;
  }
}

main();
