// The form of any document, generated from its DocType: every visible field in order, Section
// Breaks as headed groups, a Name field first when the DocType names by prompt.
import {getDoc} from '../api.js';
import {h} from '../dom.js';
import {labelFor} from '../i18n.js';
import {DocForm} from '../doc_form.js';
import {getMeta} from '../meta.js';
import {formPage} from './form_page.js';

// Lays out `form`'s fields (all value fields, or `fieldnames`) into a node.
export function layoutFields(form, fieldnames = null) {
  const container = h('div', {class: 'form-sections'});
  let section = h('section', {class: 'form-section'});
  let grid = h('div', {class: 'form-grid'});
  section.append(grid);
  container.append(section);
  if (form.needsName()) grid.append(form.nameControl().el);
  for (const f of form.meta.fields || []) {
    if (f.fieldtype === 'Section Break') {
      section = h('section', {class: 'form-section'},
                  f.label ? h('h2', {text: labelFor(f)}) : null);
      grid = h('div', {class: 'form-grid'});
      section.append(grid);
      container.append(section);
      continue;
    }
    if (['Column Break', 'Tab Break', 'HTML', 'Button'].includes(f.fieldtype)) continue;
    if (Number(f.hidden)) continue;
    if (fieldnames && !fieldnames.includes(f.fieldname)) continue;
    const c = form.control(f.fieldname);
    if (['Table', 'Code', 'JSON', 'Long Text', 'Text Editor', 'Markdown Editor',
         'Text'].includes(f.fieldtype)) {
      c.el.classList.add('wide');
    }
    grid.append(c.el);
  }
  return container;
}

export async function genericFormView(main, doctype, name, {prefill = null} = {}) {
  const meta = await getMeta(doctype);
  const doc = name === null ? null : await getDoc(doctype, name);
  const form = new DocForm(meta, doc);
  await form.loadChildMetas();
  const body = layoutFields(form);
  if (!doc && prefill) {
    for (const [k, v] of prefill) {
      if (form.controls.has(k)) form.controls.get(k).set(v);
    }
  }
  return formPage(main, form, body);
}
