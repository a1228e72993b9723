// A document's form state: one control per field of its DocType, the values as the API wants them,
// what changed since load, docstatus-driven read-only rules, and the server's errors placed at the
// field they name. Screens lay the controls out (generic form, Notification, webhook) and call
// save/submit/cancel here, so every screen saves the same way.
import {ApiError, insertDoc, updateDoc} from './api.js';
import {h} from './dom.js';
import {t} from './i18n.js';
import {createControl} from './controls.js';
import {createTableControl} from './child_table.js';
import {getMeta, valueFields} from './meta.js';
import {errorText} from './ui.js';
import {parseLineColumn} from './code_editor.js';

const STANDARD = ['name', 'owner', 'creation', 'modified', 'modified_by', 'docstatus', 'doctype',
                  'idx'];

export class DocForm {
  // meta: the DocType; doc: the stored document, or null for a new one.
  constructor(meta, doc, {onChange = null} = {}) {
    this.meta = meta;
    this.doc = doc;
    this.isNew = !doc;
    this.controls = new Map();
    this.childMetas = new Map();
    this.onChange = onChange;
    this.banner = h('div', {class: 'form-banner', 'aria-live': 'assertive'});
    this.snapshot = null;
  }

  // Loads the child DocTypes of Table fields; call before building Table controls.
  async loadChildMetas() {
    for (const f of valueFields(this.meta)) {
      if (f.fieldtype === 'Table' && f.options && !this.childMetas.has(f.options)) {
        this.childMetas.set(f.options, await getMeta(f.options));
      }
    }
  }

  field(fieldname) {
    return valueFields(this.meta).find((f) => f.fieldname === fieldname);
  }

  // The control for a field of the DocType (created once). `overrides` adjust the field
  // definition (label, options) for this screen only.
  control(fieldname, overrides = {}) {
    if (this.controls.has(fieldname)) return this.controls.get(fieldname);
    const base = this.field(fieldname);
    if (!base) throw new Error(`${this.meta.name} has no field ${fieldname}`);
    const field = {...base, ...overrides};
    const value = this.doc ? this.doc[fieldname] : undefined;
    const onChange = () => this.changed(fieldname);
    let control;
    if (field.fieldtype === 'Table') {
      control = createTableControl(field, this.childMetas.get(field.options), {value, onChange});
    } else {
      control = createControl(field, {value, onChange});
    }
    this.controls.set(fieldname, control);
    return control;
  }

  // A control for the document name of a new document whose DocType names by prompt.
  nameControl() {
    if (!this.controls.has('__newname')) {
      const c = createControl({fieldname: '__newname', fieldtype: 'Data', reqd: 1,
                               label: t('form.name')}, {onChange: () => this.changed('name')});
      this.controls.set('__newname', c);
    }
    return this.controls.get('__newname');
  }

  needsName() {
    return this.isNew && String(this.meta.autoname || '').toLowerCase() === 'prompt';
  }

  changed(fieldname) {
    const c = this.controls.get(fieldname === 'name' ? '__newname' : fieldname);
    if (c) c.setError('');
    if (this.onChange) this.onChange(fieldname);
  }

  // The values of every control, as the API takes them.
  values() {
    const out = {};
    for (const [fieldname, c] of this.controls) {
      if (fieldname === '__newname') {
        const name = c.get().trim();
        if (name) out.name = name;
      } else if (!STANDARD.includes(fieldname)) {
        const value = c.get();
        // An empty box that held nothing stays None, as in Frappe's desk: a condition such as
        // `doc.customer.upper()` then fails on a document without a customer instead of
        // comparing "" (and `doc.customer is None` stays true).
        const stored = this.doc ? this.doc[fieldname] : undefined;
        out[fieldname] = value === '' && (stored === null || stored === undefined) ? null : value;
      }
    }
    return out;
  }

  // Only what differs from the stored document (a partial update).
  changes() {
    const values = this.values();
    if (this.isNew) return values;
    const out = {};
    for (const [k, v] of Object.entries(values)) {
      if (JSON.stringify(normalize(this.doc[k])) !== JSON.stringify(normalize(v))) out[k] = v;
    }
    return out;
  }

  // Remembers the current values as "clean" (after building the controls or saving).
  markClean() {
    this.snapshot = JSON.stringify(this.values());
  }

  isDirty() {
    return this.snapshot !== null && this.snapshot !== JSON.stringify(this.values());
  }

  docstatus() {
    return this.doc ? Number(this.doc.docstatus || 0) : 0;
  }

  // Read-only rules that follow the server's: a read-only DocType or field never changes; a
  // submitted document only in allow_on_submit fields; a cancelled one not at all.
  applyReadOnly() {
    const ds = this.docstatus();
    for (const [fieldname, c] of this.controls) {
      if (fieldname === '__newname') continue;
      const f = c.field;
      let ro = Number(this.meta.read_only) === 1 || Number(f.read_only) === 1;
      if (ds === 1 && !Number(f.allow_on_submit)) ro = true;
      if (ds === 2) ro = true;
      if (!this.isNew && Number(f.set_only_once) && this.doc[fieldname]) ro = true;
      c.setReadOnly(ro);
    }
  }

  // Fields a submitted document may still change.
  hasEditableAfterSubmit() {
    return [...this.controls.values()].some((c) => c.field && Number(c.field.allow_on_submit));
  }

  clearErrors() {
    this.banner.replaceChildren();
    for (const c of this.controls.values()) {
      c.setError('');
      if (c.editor) c.editor.setError(null);
    }
  }

  // Shows a failed save: at the field the server named when there is one (and focuses it), and
  // always in the banner.
  showError(err) {
    this.clearErrors();
    const message = errorText(err);
    let control = null;
    let focusTarget = null;
    // The server names a field, or a child row's field: "recipients[1].receiver_by_role".
    const path = err instanceof ApiError && err.field ? String(err.field) : '';
    const fieldname = path.split(/[.[]/)[0];
    if (fieldname) control = this.controls.get(fieldname === 'name' ? '__newname' : fieldname);
    const banner = h('div', {class: 'banner error', role: 'alert'}, message);
    if (control) {
      focusTarget = control.setError(message, path.slice(fieldname.length));
      if (control.editor) {
        control.editor.setError({message, ...(lineColumnOf(err) || {})});
      }
      const label = control.el.querySelector('.field-label');
      const target = focusTarget || control;
      banner.append(' ', h('button', {type: 'button', class: 'link-button',
                                      onclick: () => target.focus()},
                           t('form.go_to_field', {field: label ? label.textContent : err.field})));
    }
    this.banner.append(banner);
    if (control) (focusTarget || control).focus();
    return control;
  }

  // Inserts or updates; resolves to the stored document. Updates carry `modified`, so a write
  // over someone else's newer version is refused (409) instead of overwriting it.
  async save() {
    this.clearErrors();
    let saved;
    if (this.isNew) {
      saved = await insertDoc(this.meta.name, this.values());
    } else {
      const changes = this.changes();
      if (!Object.keys(changes).length) return this.doc;
      saved = await updateDoc(this.meta.name, this.doc.name, {...changes,
                                                               modified: this.doc.modified});
    }
    this.setDoc(saved);
    return saved;
  }

  // docstatus 0 -> 1 (submit) or 1 -> 2 (cancel), with any pending changes.
  async transition(docstatus) {
    this.clearErrors();
    const changes = docstatus === 1 ? this.changes() : {};
    const saved = await updateDoc(this.meta.name, this.doc.name,
                                  {...changes, docstatus, modified: this.doc.modified});
    this.setDoc(saved);
    return saved;
  }

  setDoc(doc) {
    this.doc = doc;
    this.isNew = false;
    for (const [fieldname, c] of this.controls) {
      if (fieldname !== '__newname') c.set(doc[fieldname]);
    }
    this.applyReadOnly();
    this.markClean();
  }
}

// The line and column an error names: as fields of the answer, or in its message.
export function lineColumnOf(err) {
  const body = (err && err.body) || {};
  if (body.line) return {line: Number(body.line), column: Number(body.column || 1)};
  return parseLineColumn(err && err.message);
}

function normalize(v) {
  if (v === undefined || v === '') return null;
  return v;
}
