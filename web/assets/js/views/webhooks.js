// Incoming Webhook URLs (seed guide, section 2): the list, with URLs masked by the server, and the
// form (name, service, URL, then the options the chosen service understands), with "Send test
// message" showing what the service really answered (webhook.send_test_message).
import {call, getDoc} from '../api.js';
import {h, uid} from '../dom.js';
import {t, optionLabel} from '../i18n.js';
import {DocForm} from '../doc_form.js';
import {getMeta, selectOptions} from '../meta.js';
import {path} from '../router.js';
import {button, errorBanner, openDialog} from '../ui.js';
import {cellValue, listView} from './doc_list.js';
import {formPage} from './form_page.js';
import {outcomeView} from './outcome.js';

const DOCTYPE = 'Incoming Webhook URL';

// The options each service understands (the rest stay hidden for it).
const SERVICE_OPTIONS = {
  'Mattermost': ['channel', 'username', 'icon_url', 'icon_emoji', 'priority'],
  'Slack': ['channel', 'username', 'icon_url', 'icon_emoji'],
  'Rocket.Chat': ['channel', 'username', 'icon_url', 'icon_emoji'],
  'Google Chat': ['thread_key'],
  'Microsoft Teams': ['teams_format'],
  'Generic': ['body_template', 'headers'],
};
const ALL_OPTIONS = ['channel', 'username', 'icon_url', 'icon_emoji', 'priority', 'thread_key',
                     'teams_format', 'body_template', 'headers', 'rate_limit'];

export async function webhookListView(main, params, query) {
  const meta = await getMeta(DOCTYPE);
  const field = (name) => (meta.fields || []).find((f) => f.fieldname === name) || {};
  return listView(main, DOCTYPE, query, {
    title: t('nav.webhooks'),
    intro: h('p', {class: 'intro', text: t('webhooks.intro')}),
    fields: ['name', 'service', 'webhook_url', 'enabled', 'show_document_link', 'modified'],
    columns: [
      {label: t('webhooks.name'), render: (r) => h('a', {href: path('app', 'incoming-webhook-url',
                                                                    r.name), text: r.name})},
      {label: t('webhooks.service'), render: (r) => optionLabel(r.service)},
      {label: t('webhooks.url'), class: 'mono', render: (r) => r.webhook_url || ''},
      {label: t('webhooks.enabled'), render: (r) => cellValue({fieldtype: 'Check'}, r.enabled)},
      {label: t('webhooks.deliveries'), render: (r) => h('a', {
        href: `/app/webhook-delivery?webhook=${encodeURIComponent(r.name)}`,
        text: t('webhooks.see_deliveries')})},
    ],
    filters: [
      {fieldname: 'name', label: t('webhooks.name'), type: 'text'},
      {fieldname: 'service', label: t('webhooks.service'), type: 'select',
       options: selectOptions(field('service'))},
    ],
  });
}

function sendTestDialog(webhook) {
  const id = uid('test-message');
  const message = h('textarea', {id, rows: 4});
  message.value = t('webhooks.test_default');
  const result = h('div', {class: 'test-result', 'aria-live': 'polite'});
  const send = button(t('webhooks.send'), async () => {
    send.disabled = true;
    result.replaceChildren(h('p', {class: 'loading', text: t('status.sending')}));
    try {
      const outcome = await call('webhook.send_test_message', {webhook, message: message.value});
      result.replaceChildren(outcomeView(outcome));
    } catch (err) {
      result.replaceChildren(errorBanner(err));
    } finally {
      send.disabled = false;
    }
  }, {kind: 'primary', 'data-action': 'send-test-message'});
  const d = openDialog(t('webhooks.send_test'),
                       [h('div', {class: 'field'}, h('label', {for: id, class: 'field-label',
                                                               text: t('webhooks.message')}),
                          message),
                        result],
                       [button(t('action.close'), () => d.close()), send]);
  message.focus();
}

export async function webhookFormView(main, name) {
  const meta = await getMeta(DOCTYPE);
  const doc = name === null ? null : await getDoc(DOCTYPE, name);
  const form = new DocForm(meta, doc);
  const has = (f) => Boolean(form.field(f));
  const main_fields = ['webhook_name', 'service', 'webhook_url', 'enabled', 'show_document_link']
      .filter(has).map((f) => form.control(f));
  const url = form.controls.get('webhook_url');
  if (url) {
    url.el.classList.add('wide');
    url.input.setAttribute('inputmode', 'url');
    url.input.setAttribute('autocomplete', 'off');
    url.input.setAttribute('spellcheck', 'false');
  }
  const options = ALL_OPTIONS.filter(has).map((f) => form.control(f));
  for (const c of options) {
    if (['body_template', 'headers'].includes(c.field.fieldname)) c.el.classList.add('wide');
  }
  const service = form.controls.get('service');
  const showOptions = () => {
    const wanted = new Set([...(SERVICE_OPTIONS[service.get()] || []), 'rate_limit']);
    for (const c of options) c.setHidden(!wanted.has(c.field.fieldname));
  };
  service.input.addEventListener('change', showOptions);
  showOptions();
  const body = h('div', {class: 'form-sections'},
                 h('section', {class: 'form-section'}, h('div', {class: 'form-grid'},
                                                         main_fields.map((c) => c.el))),
                 h('details', {class: 'form-section options'},
                   h('summary', {text: t('webhooks.options')}),
                   h('div', {class: 'form-grid'}, options.map((c) => c.el))));
  return formPage(main, form, body, {
    extraActions: (f) => (f.isNew ? [] : [button(t('webhooks.send_test'),
                                                 () => sendTestDialog(f.doc.name),
                                                 {'data-action': 'send-test'})]),
  });
}
