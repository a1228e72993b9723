// The control for a Table field: its rows, each a group of the child DocType's controls, with
// buttons to add and remove rows. Rows keep their stored properties (name, idx) so a save updates
// them rather than replacing them.
import {h, clear, uid} from './dom.js';
import {t, labelFor} from './i18n.js';
import {createControl} from './controls.js';
import {valueFields} from './meta.js';
import {button} from './ui.js';

const ROW_SKIP = new Set(['name', 'parent', 'parenttype', 'parentfield', 'idx', 'doctype']);

export function createTableControl(field, childMeta, {value = [], readOnly = false,
                                                       onChange = null} = {}) {
  const id = uid(`t-${field.fieldname}`);
  const fields = valueFields(childMeta).filter((f) => !ROW_SKIP.has(f.fieldname) && !f.hidden);
  const rowsBox = h('div', {class: 'child-rows'});
  const error = h('p', {class: 'field-error', id: `${id}-err`, role: 'alert'});
  const addButton = button(t('table.add_row'), () => {
    addRow({}, true);
    changed();
  }, {kind: 'small'});
  const el = h('fieldset', {class: 'field field-table', dataset: {fieldname: field.fieldname},
                            'aria-describedby': `${id}-err`},
               h('legend', {class: 'field-label', text: labelFor(field)}),
               rowsBox, h('div', {class: 'child-actions'}, addButton), error);
  let rows = [];  // {data, controls, el}
  let isReadOnly = readOnly;
  const extraOptions = {};

  function changed() {
    renumber();
    if (onChange) onChange(get());
  }

  // Rows of wide child DocTypes (a DocType's fields) fold into a summary of their first values.
  const foldable = fields.length > 6;

  function rowTitle(row, i) {
    const title = t('table.row', {n: i + 1});
    if (!foldable) return title;
    const values = row.controls.slice(0, 3).map((c) => c.get())
        .filter((v) => v !== null && v !== undefined && v !== '' && typeof v !== 'number');
    return values.length ? `${title}: ${values.join(' · ')}` : title;
  }

  function renumber() {
    rows.forEach((row, i) => {
      row.legend.textContent = rowTitle(row, i);
      row.remove.setAttribute('aria-label', t('table.remove_row_n', {n: i + 1}));
    });
    if (!rows.length) {
      clear(rowsBox).append(h('p', {class: 'empty', text: t('table.no_rows')}));
    } else if (rowsBox.querySelector(':scope > .empty')) {
      rowsBox.querySelector(':scope > .empty').remove();
    }
  }

  function addRow(data, focus) {
    const row = {data: {...data}, controls: []};
    row.legend = h('legend', {});
    row.remove = button('×', () => {
      rows = rows.filter((r) => r !== row);
      row.el.remove();
      changed();
      addButton.focus();
    }, {kind: 'icon danger-text'});
    const grid = h('div', {class: 'child-grid'});
    for (const f of fields) {
      const c = createControl(f, {value: data[f.fieldname], readOnly: isReadOnly,
                                  idPrefix: `${field.fieldname}-r`, onChange: () => changed()});
      if (c.setOptions && extraOptions[f.fieldname]) c.setOptions(extraOptions[f.fieldname]);
      row.controls.push(c);
      grid.append(c.el);
    }
    row.remove.hidden = isReadOnly;
    if (foldable) {
      row.legend = h('summary', {class: 'child-row-summary'});
      row.el = h('details', {class: 'child-row', open: focus},
                 row.legend, grid, h('div', {class: 'child-row-head'}, row.remove));
    } else {
      row.el = h('fieldset', {class: 'child-row'}, h('div', {class: 'child-row-head'}, row.legend,
                                                       row.remove), grid);
    }
    rows.push(row);
    rowsBox.append(row.el);
    renumber();
    if (focus && row.controls[0]) row.controls[0].focus();
  }

  function get() {
    return rows.map((row) => {
      const out = {...row.data};
      for (const c of row.controls) out[c.field.fieldname] = c.get();
      return out;
    });
  }

  function set(list) {
    rows = [];
    clear(rowsBox);
    for (const data of list || []) addRow(data, false);
    renumber();
  }

  set(value);
  return {
    field, el, input: addButton, get, set,
    // `path` is the rest of the server's field path, "[2].receiver_by_role" (rows from 1): the
    // message is then shown at that row's control too, with the row unfolded. Returns that
    // control, if any.
    setError: (message, path = '') => {
      error.textContent = message || '';
      el.classList.toggle('has-error', Boolean(message));
      for (const row of rows) for (const c of row.controls) c.setError('');
      const m = /^\[(\d+)\]\.?(\w*)/.exec(path || '');
      const row = m ? rows[Number(m[1]) - 1] : null;
      if (!message || !row) return null;
      if (row.el.tagName === 'DETAILS') row.el.open = true;
      const target = row.controls.find((c) => c.field.fieldname === m[2]) || null;
      if (target) target.setError(message);
      return target;
    },
    setReadOnly: (ro) => {
      isReadOnly = ro;
      addButton.hidden = ro;
      for (const row of rows) {
        row.remove.hidden = ro;
        for (const c of row.controls) c.setReadOnly(ro || Number(c.field.read_only) === 1);
      }
    },
    setHidden: (hidden) => {
      el.hidden = hidden;
    },
    // Options for a Select column that depend on the parent (e.g. the document's fields).
    setFieldOptions: (fieldname, options) => {
      extraOptions[fieldname] = options;
      for (const row of rows) {
        for (const c of row.controls) {
          if (c.field.fieldname === fieldname && c.setOptions) c.setOptions(options);
        }
      }
    },
    focus: () => addButton.focus(),
  };
}
