// One labelled input per DocType field type (DESIGN.md section 1): what a form is generated from.
// Each control reads and writes the value in the API's JSON shape (numbers as numbers, Check as
// 0/1, Datetime as "YYYY-MM-DD HH:MM:SS") and shows the server's error for its field.
import {listDocs} from './api.js';
import {h, clear, uid, debounce} from './dom.js';
import {labelFor, optionLabel} from './i18n.js';
import {createCodeEditor} from './code_editor.js';
import {selectOptions} from './meta.js';

const TEXTAREA_TYPES = new Set(['Small Text', 'Text', 'Long Text', 'Text Editor',
                                'Markdown Editor']);
const CODE_TYPES = new Set(['Code', 'JSON']);
const NUMBER_TYPES = new Set(['Int', 'Float', 'Currency', 'Percent']);

function toInputDatetime(v) {
  if (!v) return '';
  return String(v).replace(' ', 'T').slice(0, 19);
}

function fromInputDatetime(v) {
  if (!v) return null;
  const s = v.replace('T', ' ');
  return s.length === 16 ? `${s}:00` : s;
}

// A <select>'s options from values or {value, label}; labels of plain values are translated.
export function fillSelect(select, options, current) {
  clear(select);
  const values = [];
  for (const o of options) {
    const value = typeof o === 'object' ? o.value : o;
    const label = typeof o === 'object' ? o.label : (optionLabel(o) || '');
    values.push(value);
    select.append(h('option', {value, text: label || (value === '' ? '—' : value)}));
  }
  if (current !== undefined && current !== null && current !== '' && !values.includes(current)) {
    select.append(h('option', {value: current, text: optionLabel(current)}));
  }
  select.value = current ?? '';
}

// The input element for a field, without its label. Returns {input, get, set, setReadOnly,
// widget} where widget is what goes in the page.
function makeInput(field, id, describedBy) {
  const type = field.fieldtype;
  const common = {id, name: field.fieldname, 'aria-describedby': describedBy || null};
  if (type === 'Check') {
    const input = h('input', {type: 'checkbox', ...common});
    return {input, widget: input, get: () => (input.checked ? 1 : 0),
            set: (v) => { input.checked = Boolean(Number(v)); },
            setReadOnly: (ro) => { input.disabled = ro; }};
  }
  if (type === 'Select') {
    const input = h('select', common);
    let options = selectOptions(field);
    const control = {input, widget: input, get: () => input.value,
                     set: (v) => fillSelect(input, options, v ?? ''),
                     setReadOnly: (ro) => { input.disabled = ro; },
                     setOptions: (list) => {
                       options = list;
                       fillSelect(input, options, input.value);
                     }};
    return control;
  }
  if (CODE_TYPES.has(type)) {
    const editor = createCodeEditor({id, rows: type === 'JSON' ? 6 : 5, describedBy});
    return {input: editor.textarea, widget: editor.el, editor,
            get: () => {
              const v = editor.get();
              if (type !== 'JSON') return v;
              try {
                return v.trim() ? JSON.parse(v) : null;
              } catch {
                return v;  // The server names the field and the position.
              }
            },
            set: (v) => editor.set(type === 'JSON' && v !== null && typeof v === 'object' ?
                                   JSON.stringify(v, null, 2) : v),
            setReadOnly: (ro) => editor.setReadOnly(ro)};
  }
  if (TEXTAREA_TYPES.has(type)) {
    const rows = type === 'Small Text' ? 3 : 6;
    const input = h('textarea', {rows, ...common});
    return {input, widget: input, get: () => input.value,
            set: (v) => { input.value = v ?? ''; },
            setReadOnly: (ro) => { input.readOnly = ro; }};
  }
  const attrs = {...common, type: 'text'};
  if (NUMBER_TYPES.has(type)) {
    Object.assign(attrs, {type: 'number', step: type === 'Int' ? '1' : 'any',
                          inputmode: type === 'Int' ? 'numeric' : 'decimal'});
  } else if (type === 'Date') {
    attrs.type = 'date';
  } else if (type === 'Datetime') {
    Object.assign(attrs, {type: 'datetime-local', step: '1'});
  } else if (type === 'Time') {
    Object.assign(attrs, {type: 'time', step: '1'});
  } else if (type === 'Password') {
    Object.assign(attrs, {type: 'password', autocomplete: 'new-password'});
  } else if (field.options === 'Email') {
    Object.assign(attrs, {type: 'email', autocomplete: 'email'});
  }
  const input = h('input', attrs);
  const control = {input, widget: input, setReadOnly: (ro) => { input.readOnly = ro; }};
  if (NUMBER_TYPES.has(type)) {
    control.get = () => (input.value === '' ? null : Number(input.value));
    control.set = (v) => { input.value = v === null || v === undefined ? '' : String(v); };
  } else if (type === 'Datetime') {
    // The input shows seconds; an untouched value keeps its stored fraction of a second, so
    // saving a form never changes a Datetime nobody edited.
    let stored = null;
    control.get = () => {
      const v = fromInputDatetime(input.value);
      return stored && v === fromInputDatetime(toInputDatetime(stored)) ? stored : v;
    };
    control.set = (v) => {
      stored = v || null;
      input.value = toInputDatetime(v);
    };
  } else if (type === 'Date' || type === 'Time') {
    control.get = () => input.value || null;
    control.set = (v) => { input.value = v ?? ''; };
  } else {
    control.get = () => input.value;
    control.set = (v) => { input.value = v ?? ''; };
  }
  if (type === 'Link' && field.options) {
    control.widget = [input, attachLinkSuggestions(input, field.options, id)];
  }
  return control;
}

// Suggests the names of the Link's target documents as the user types (a <datalist>).
function attachLinkSuggestions(input, target, id) {
  const list = h('datalist', {id: `${id}-options`});
  input.setAttribute('list', list.id);
  input.setAttribute('autocomplete', 'off');
  let loaded = null;
  const load = debounce(async () => {
    const text = input.value.trim();
    if (loaded === text) return;
    loaded = text;
    try {
      const filters = text ? [['name', 'like', `%${text}%`]] : [];
      const rows = await listDocs(target, {fields: ['name'], filters, limit_page_length: 20,
                                           order_by: 'modified desc'});
      clear(list);
      for (const r of rows) list.append(h('option', {value: r.name}));
    } catch {
      loaded = null;  // No permission or a network error: the field still takes typed text.
    }
  }, 200);
  input.addEventListener('focus', load);
  input.addEventListener('input', load);
  return list;
}

// A labelled control for `field`: {field, el, input, get, set, setError, setReadOnly, setOptions?,
// setHidden}. Mandatory fields are marked (and aria-required) but the server decides.
export function createControl(field, {value, readOnly = false, label = null, onChange = null,
                                      idPrefix = 'f'} = {}) {
  const id = uid(`${idPrefix}-${field.fieldname}`);
  const helpId = field.description ? `${id}-help` : '';
  const errorId = `${id}-err`;
  const control = makeInput(field, id, [helpId, errorId].filter(Boolean).join(' '));
  const required = Number(field.reqd) === 1;
  if (required) control.input.setAttribute('aria-required', 'true');
  const labelText = label ?? labelFor(field);
  // The mandatory mark stays outside the <label> so the input's accessible name is the label
  // alone; aria-required says it to assistive technology.
  const labelEl = h('label', {for: id, class: 'field-label'}, labelText);
  const mark = required ? h('span', {class: 'reqd', 'aria-hidden': 'true', text: '*'}) : null;
  const error = h('p', {class: 'field-error', id: errorId});
  const help = field.description ?
      h('p', {class: 'help', id: helpId, text: field.description}) :
      null;
  const isCheck = field.fieldtype === 'Check';
  const el = h('div', {class: `field field-${field.fieldtype.toLowerCase().replace(/\s+/g, '-')}`,
                       dataset: {fieldname: field.fieldname}},
               isCheck ? h('div', {class: 'check-row'}, control.widget, labelEl, mark) :
                         [h('div', {class: 'label-row'}, labelEl, mark), control.widget],
               help, error);
  const result = {
    field, el, input: control.input, editor: control.editor,
    get: control.get,
    set: control.set,
    setReadOnly: (ro) => {
      control.setReadOnly(ro);
      el.classList.toggle('readonly', ro);
    },
    setError: (message) => {
      error.textContent = message || '';
      control.input.setAttribute('aria-invalid', message ? 'true' : 'false');
      el.classList.toggle('has-error', Boolean(message));
    },
    setHidden: (hidden) => {
      el.hidden = hidden;
    },
    setOptions: control.setOptions,
    focus: () => control.input.focus(),
  };
  result.set(value ?? (field.default !== undefined ? defaultValue(field) : null));
  if (readOnly || Number(field.read_only)) result.setReadOnly(true);
  if (onChange) {
    control.input.addEventListener(isCheck || field.fieldtype === 'Select' ? 'change' : 'input',
                                   () => onChange(result.get(), result));
  }
  return result;
}

// A new document's initial value for a field: its default, cast like the server casts it.
export function defaultValue(field) {
  const d = field.default;
  if (d === undefined || d === null || d === '') {
    return field.fieldtype === 'Check' ? 0 : null;
  }
  if (field.fieldtype === 'Check' || field.fieldtype === 'Int') return Number.parseInt(d, 10) || 0;
  if (NUMBER_TYPES.has(field.fieldtype)) return Number(d);
  return d;
}
