// DocTypes (System Manager only; the server refuses others): the list, and the generic form of a
// DocType, whose Fields table is where fields are added.
import {h} from '../dom.js';
import {t} from '../i18n.js';
import {path} from '../router.js';
import {cellValue, listView} from './doc_list.js';

export async function doctypeListView(main, params, query) {
  const check = (v) => cellValue({fieldtype: 'Check'}, v);
  return listView(main, 'DocType', query, {
    title: t('nav.doctypes'),
    intro: h('p', {class: 'intro', text: t('doctypes.intro')}),
    order_by: 'name asc',
    fields: ['name', 'module', 'is_submittable', 'istable', 'custom', 'modified'],
    columns: [
      {label: t('form.name'), render: (r) => h('a', {href: path('app', 'doctype', r.name),
                                                     text: r.name})},
      {label: t('doctypes.module'), render: (r) => r.module || ''},
      {label: t('doctypes.submittable'), render: (r) => check(r.is_submittable)},
      {label: t('doctypes.child_table'), render: (r) => check(r.istable)},
      {label: t('doctypes.custom'), render: (r) => check(r.custom)},
      {label: t('doctypes.documents'), render: (r) => (Number(r.istable) ? '' : h('a', {
        href: path('app', r.name.toLowerCase().replace(/[\s_]+/g, '-')),
        text: t('doctypes.see_documents')}))},
    ],
    filters: [
      {fieldname: 'name', label: t('form.name'), type: 'text'},
      {fieldname: 'module', label: t('doctypes.module'), type: 'text'},
      {fieldname: 'custom', label: t('doctypes.custom'), type: 'check'},
    ],
  });
}
