// The Notifications list (seed guide, section 3.1): name, document type, event, channel, enabled.
import {h} from '../dom.js';
import {t, doctypeLabel, optionLabel} from '../i18n.js';
import {getMeta, selectOptions} from '../meta.js';
import {path} from '../router.js';
import {cellValue, listView} from './doc_list.js';

export async function notificationListView(main, params, query) {
  const meta = await getMeta('Notification');
  const field = (name) => (meta.fields || []).find((f) => f.fieldname === name) || {};
  return listView(main, 'Notification', query, {
    title: t('nav.notifications'),
    intro: h('p', {class: 'intro', text: t('notifications.intro')}),
    fields: ['name', 'document_type', 'event', 'channel', 'enabled', 'modified'],
    columns: [
      {label: t('notifications.name'), render: (r) => h('a', {href: path('app', 'notification',
                                                                         r.name), text: r.name})},
      {label: t('notifications.document_type'), render: (r) => doctypeLabel(r.document_type || '')},
      {label: t('notifications.event'), render: (r) => optionLabel(r.event)},
      {label: t('notifications.channel'), render: (r) => optionLabel(r.channel)},
      {label: t('notifications.enabled'), render: (r) => cellValue({fieldtype: 'Check'},
                                                                   r.enabled)},
    ],
    filters: [
      {fieldname: 'name', label: t('notifications.name'), type: 'text'},
      {fieldname: 'document_type', label: t('notifications.document_type'), type: 'text'},
      {fieldname: 'event', label: t('notifications.event'), type: 'select',
       options: selectOptions(field('event'))},
      {fieldname: 'channel', label: t('notifications.channel'), type: 'select',
       options: selectOptions(field('channel'))},
      {fieldname: 'enabled', label: t('notifications.enabled'), type: 'check'},
    ],
  });
}
