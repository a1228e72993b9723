// The list of any DocType's documents: filters (kept in the URL, so a filtered list can be linked
// to), a page of rows from GET /api/resource/{doctype}, and paging. Screens pass their own columns,
// filters and row actions; without them the columns and filters come from the DocType.
import {listDocs} from '../api.js';
import {h, append, clear, debounce, uid} from '../dom.js';
import {t, labelFor, doctypeLabel, optionLabel, formatDateTime, formatNumber} from '../i18n.js';
import {getMeta, listFields, selectOptions, slug} from '../meta.js';
import {path} from '../router.js';
import {dataTable, errorBanner, pageHeader} from '../ui.js';
import {fillSelect} from '../controls.js';

// How a list cell shows a value of a field.
export function cellValue(field, value) {
  if (value === null || value === undefined || value === '') return '';
  switch (field.fieldtype) {
    case 'Check':
      return Number(value) ? t('common.yes') : t('common.no');
    case 'Select':
      return optionLabel(value);
    case 'Datetime':
      return formatDateTime(value);
    case 'Int':
    case 'Float':
    case 'Currency':
    case 'Percent':
      return formatNumber(value);
    default:
      return String(value);
  }
}

// A filter input for a field: Select and Check as a choice, the rest as text ("like").
function filterControl(filter, value, onChange) {
  const id = uid(`filter-${filter.fieldname}`);
  let input;
  if (filter.type === 'select' || filter.type === 'check') {
    input = h('select', {id, name: filter.fieldname});
    const options = filter.type === 'check' ?
        [{value: '', label: t('filter.any')}, {value: '1', label: t('common.yes')},
         {value: '0', label: t('common.no')}] :
        [{value: '', label: t('filter.any')},
         ...filter.options.filter((o) => o !== '').map((o) => (
             typeof o === 'object' ? o : {value: o, label: optionLabel(o)}))];
    fillSelect(input, options, value || '');
    input.addEventListener('change', () => onChange(input.value));
  } else {
    input = h('input', {id, name: filter.fieldname, type: 'search', value: value || '',
                        autocomplete: 'off'});
    const changed = debounce(() => onChange(input.value), 300);
    input.addEventListener('input', changed);
  }
  return h('div', {class: 'filter'}, h('label', {for: id, text: filter.label}), input);
}

// The API filter for one filter input's value.
function apiFilter(filter, value) {
  if (filter.type === 'text') return [filter.fieldname, 'like', `%${value}%`];
  return [filter.fieldname, '=', filter.type === 'check' ? Number(value) : value];
}

export function defaultListOptions(meta) {
  const fields = listFields(meta);
  return {
    fields: ['name', ...fields.map((f) => f.fieldname), 'modified', 'docstatus'],
    columns: [
      {label: t('form.name'), render: (row) => h('a', {href: path('app', slug(meta.name), row.name),
                                                        text: row.name})},
      ...fields.map((f) => ({label: labelFor(f), render: (row) => cellValue(f, row[f.fieldname])})),
      {label: t('form.modified'), class: 'nowrap', render: (row) => formatDateTime(row.modified)},
    ],
    filters: [
      {fieldname: 'name', label: t('form.name'), type: 'text'},
      ...fields.filter((f) => ['Select', 'Check', 'Link', 'Data'].includes(f.fieldtype))
          .map((f) => ({fieldname: f.fieldname, label: labelFor(f),
                        type: f.fieldtype === 'Select' ? 'select' :
                              f.fieldtype === 'Check' ? 'check' : 'text',
                        options: f.fieldtype === 'Select' ? selectOptions(f) : []})),
    ],
  };
}

// Renders the list page. options: {title, fields, columns, filters, order_by, pageSize,
// canCreate, headerActions, newUrl, intro}.
export async function listView(main, doctype, query, options = {}) {
  const meta = await getMeta(doctype);
  const o = {...defaultListOptions(meta), ...options};
  const pageSize = o.pageSize || 20;
  const state = {};
  for (const f of o.filters) state[f.fieldname] = query.get(f.fieldname) || '';
  let start = Number(query.get('start') || 0);

  const canCreate = o.canCreate ?? (!Number(meta.read_only) && !Number(meta.istable));
  const newUrl = o.newUrl || path('app', slug(doctype), 'new');
  const actions = [...(o.headerActions || [])];
  if (canCreate) {
    actions.push(h('a', {class: 'btn primary', href: newUrl, 'data-action': 'new'},
                   t('list.new', {doctype: doctypeLabel(doctype)})));
  }
  const results = h('div', {class: 'list-results', 'aria-live': 'polite'});
  const pager = h('div', {class: 'pager'});
  const filterBar = h('form', {class: 'filters', role: 'search',
                               'aria-label': t('filter.label'),
                               onsubmit: (e) => e.preventDefault()},
                      o.filters.map((f) => filterControl(f, state[f.fieldname], (v) => {
                        state[f.fieldname] = v;
                        start = 0;
                        load();
                      })));
  append(main, [pageHeader(o.title || doctypeLabel(doctype), actions), o.intro, filterBar,
                results, pager]);

  let token = 0;
  async function load() {
    const mine = ++token;
    const filters = [...(o.baseFilters || [])];
    const q = new URLSearchParams();
    for (const f of o.filters) {
      if (state[f.fieldname] !== '') {
        filters.push(apiFilter(f, state[f.fieldname]));
        q.set(f.fieldname, state[f.fieldname]);
      }
    }
    if (start) q.set('start', String(start));
    history.replaceState(null, '', location.pathname + (q.toString() ? `?${q}` : ''));
    main.setAttribute('aria-busy', 'true');
    try {
      const rows = await listDocs(doctype, {fields: o.fields, filters,
                                            order_by: o.order_by || 'modified desc',
                                            limit_start: start, limit_page_length: pageSize + 1});
      if (mine !== token) return;
      const more = rows.length > pageSize;
      const page = rows.slice(0, pageSize);
      clear(results).append(dataTable(o.title || doctypeLabel(doctype), o.columns, page));
      clear(pager);
      if (start > 0) {
        pager.append(h('button', {type: 'button', class: 'btn', text: t('list.previous'),
                                  onclick: () => {
                                    start = Math.max(0, start - pageSize);
                                    load();
                                  }}));
      }
      if (page.length) {
        pager.append(h('span', {class: 'muted', text: t('list.range', {from: start + 1,
                                                                     to: start + page.length})}));
      }
      if (more) {
        pager.append(h('button', {type: 'button', class: 'btn', text: t('list.next'),
                                  onclick: () => {
                                    start += pageSize;
                                    load();
                                  }}));
      }
    } catch (err) {
      if (mine === token) clear(results).append(errorBanner(err));
    } finally {
      if (mine === token) main.removeAttribute('aria-busy');
    }
  }
  await load();
  return {reload: load};
}
