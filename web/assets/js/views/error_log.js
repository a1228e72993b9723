// The Error Log: what went wrong outside a request (a condition that failed on a document, a
// template error, a webhook disabled after repeated "gone"), newest first, and each entry in full.
import {getDoc} from '../api.js';
import {h} from '../dom.js';
import {t, doctypeLabel, formatDateTime} from '../i18n.js';
import {slug} from '../meta.js';
import {path} from '../router.js';
import {pageHeader} from '../ui.js';
import {listView} from './doc_list.js';

const DOCTYPE = 'Error Log';

function reference(row) {
  if (!row.reference_doctype) return '';
  const label = `${doctypeLabel(row.reference_doctype)} ${row.reference_name || ''}`.trim();
  if (!row.reference_name) return label;
  return h('a', {href: path('app', slug(row.reference_doctype), row.reference_name), text: label});
}

export async function errorLogListView(main, params, query) {
  return listView(main, DOCTYPE, query, {
    title: t('nav.error_log'),
    canCreate: false,
    order_by: 'creation desc',
    fields: ['name', 'method', 'reference_doctype', 'reference_name', 'seen', 'creation'],
    columns: [
      {label: t('errors.title'), render: (r) => h('a', {href: path('app', 'error-log', r.name),
                                                        text: r.method || r.name})},
      {label: t('errors.reference'), render: reference},
      {label: t('errors.when'), class: 'nowrap', render: (r) => formatDateTime(r.creation)},
    ],
    filters: [
      {fieldname: 'method', label: t('errors.title'), type: 'text'},
      {fieldname: 'reference_doctype', label: t('errors.reference_doctype'), type: 'text'},
      {fieldname: 'reference_name', label: t('errors.reference_name'), type: 'text'},
    ],
  });
}

export async function errorLogDetailView(main, name) {
  const e = await getDoc(DOCTYPE, name);
  main.append(
      h('nav', {class: 'breadcrumb', 'aria-label': t('nav.breadcrumb')},
        h('a', {href: '/app/error-log', text: t('nav.error_log')})),
      pageHeader(e.method || e.name),
      h('dl', {class: 'doc-info wide'},
        h('dt', {text: t('errors.when')}), h('dd', {text: formatDateTime(e.creation)}),
        h('dt', {text: t('errors.reference')}), h('dd', {}, reference(e) || '—'),
        e.trace_id ? [h('dt', {text: 'Trace'}), h('dd', {class: 'mono', text: e.trace_id})] : null),
      h('h2', {text: t('errors.error')}),
      h('pre', {class: 'code-block error-text', text: e.error || ''}));
}
