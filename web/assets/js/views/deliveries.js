// The delivery log (Webhook Delivery, read-only): status, attempts, last error and latency of each
// message sent to a chat service; filtered by webhook or by document; failed ones can be queued
// again (delivery.retry), one or all of a webhook.
import {call, getDoc, listDocs} from '../api.js';
import {h} from '../dom.js';
import {t, doctypeLabel, formatDateTime, formatNumber, labelFor} from '../i18n.js';
import {getMeta, selectOptions, slug} from '../meta.js';
import {path, render} from '../router.js';
import {button, dataTable, errorText, pageHeader, statusBadge, toast} from '../ui.js';
import {listView} from './doc_list.js';

const DOCTYPE = 'Webhook Delivery';
const RETRYABLE = new Set(['Failed', 'Retrying']);

async function retry(args, reload) {
  try {
    const answer = await call('delivery.retry', args);
    const n = typeof answer === 'number' ? answer : (answer && (answer.count ?? answer.retried));
    toast(n !== undefined && n !== null ? t('deliveries.retried_n', {n}) : t('deliveries.retried'),
          'success');
    await reload();
  } catch (err) {
    toast(errorText(err), 'error');
  }
}

function documentLink(row) {
  if (!row.reference_doctype || !row.reference_name) return '';
  return h('a', {href: path('app', slug(row.reference_doctype), row.reference_name)},
           `${doctypeLabel(row.reference_doctype)} ${row.reference_name}`);
}

function latency(row) {
  return row.latency_ms === null || row.latency_ms === undefined || row.latency_ms === '' ?
      '' : `${formatNumber(row.latency_ms, {maximumFractionDigits: 1})} ms`;
}

export async function deliveryListView(main, params, query) {
  const meta = await getMeta(DOCTYPE);
  const field = (name) => (meta.fields || []).find((f) => f.fieldname === name) || {};
  let webhooks = [];
  try {
    webhooks = (await listDocs('Incoming Webhook URL', {fields: ['name'], order_by: 'name asc',
                                                         limit_page_length: 500}))
        .map((w) => w.name);
  } catch {
    webhooks = [];
  }
  let list = null;
  const reload = () => list.reload();
  const retryAll = button(t('deliveries.retry_webhook'), () => {
    const webhook = new URLSearchParams(location.search).get('webhook');
    if (!webhook) {
      toast(t('deliveries.pick_webhook'), 'error');
      return;
    }
    retry({webhook}, reload);
  }, {'data-action': 'retry-webhook'});
  list = await listView(main, DOCTYPE, query, {
    title: t('nav.deliveries'),
    canCreate: false,
    headerActions: [retryAll],
    intro: h('p', {class: 'intro', text: t('deliveries.intro')}),
    fields: ['name', 'status', 'webhook', 'service', 'notification', 'reference_doctype',
             'reference_name', 'attempts', 'last_status', 'last_error', 'latency_ms',
             'next_attempt', 'creation'],
    order_by: 'creation desc',
    columns: [
      {label: t('deliveries.status'), render: (r) => h('a', {href: path('app', slug(DOCTYPE),
                                                                        r.name)},
                                                       statusBadge(r.status))},
      {label: t('deliveries.webhook'), render: (r) => r.webhook || ''},
      {label: t('deliveries.document'), render: documentLink},
      {label: t('deliveries.attempts'), class: 'num', render: (r) => formatNumber(r.attempts)},
      {label: t('deliveries.last_error'), class: 'error-cell',
       render: (r) => [r.last_status ? `HTTP ${r.last_status} ` : '', r.last_error || '']},
      {label: t('deliveries.latency'), class: 'num nowrap', render: latency},
      {label: t('deliveries.created'), class: 'nowrap', render: (r) => formatDateTime(r.creation)},
      {label: t('deliveries.actions'), render: (r) => (RETRYABLE.has(r.status) ? button(
          t('deliveries.retry'), () => retry({name: r.name}, reload),
          {kind: 'small', 'aria-label': t('deliveries.retry_one', {name: r.name}),
           'data-action': 'retry'}) : '')},
    ],
    filters: [
      {fieldname: 'webhook', label: t('deliveries.webhook'), type: 'select', options: webhooks},
      {fieldname: 'status', label: t('deliveries.status'), type: 'select',
       options: selectOptions(field('status'))},
      {fieldname: 'reference_doctype', label: t('deliveries.document_type'), type: 'text'},
      {fieldname: 'reference_name', label: t('deliveries.document_name'), type: 'text'},
    ],
  });
  return list;
}

// One delivery: every recorded detail, the message sent, and Retry when it failed.
export async function deliveryDetailView(main, name) {
  const meta = await getMeta(DOCTYPE);
  const d = await getDoc(DOCTYPE, name);
  const rows = (meta.fields || []).filter((f) => f.fieldname !== 'message')
      .map((f) => ({label: labelFor(f), fieldname: f.fieldname}));
  const retryButton = RETRYABLE.has(d.status) ?
      button(t('deliveries.retry'), () => retry({name}, () => render()), {kind: 'primary',
                                                                          'data-action': 'retry'}) :
      null;
  main.append(
      h('nav', {class: 'breadcrumb', 'aria-label': t('nav.breadcrumb')},
        h('a', {href: '/app/webhook-delivery', text: t('nav.deliveries')})),
      pageHeader(`${t('deliveries.one')} ${d.name}`, retryButton),
      h('div', {class: 'title-row'}, statusBadge(d.status)),
      dataTable(t('deliveries.one'), [
        {label: t('deliveries.field'), render: (r) => r.label},
        {label: t('deliveries.value'), render: (r) => {
          if (r.fieldname === 'status') return statusBadge(d.status);
          if (r.fieldname === 'latency_ms') return latency(d);
          if (/^(next_attempt|delivered_at)$/.test(r.fieldname)) return formatDateTime(d[r.fieldname]);
          return d[r.fieldname] === null || d[r.fieldname] === undefined ? '' : String(d[r.fieldname]);
        }},
      ], rows),
      h('h2', {text: t('deliveries.message')}),
      h('pre', {class: 'code-block', text: d.message || ''}));
}
