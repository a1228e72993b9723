// The Notification form, in the seed guide's order (section 3 and 4): name, enabled, channel and
// webhook; Filters (subject, document type, event with the fields that event needs, offered from
// the chosen DocType; system notification; condition with the guide's examples); set property
// after alert; message. Beside it the preview panel, and "Test this notification" at the top.
import {getDoc} from '../api.js';
import {h} from '../dom.js';
import {t, labelFor, doctypeLabel, lang} from '../i18n.js';
import {DocForm} from '../doc_form.js';
import {getMeta, listDocTypes, valueFields} from '../meta.js';
import {button} from '../ui.js';
import {formPage} from './form_page.js';
import {liveValidation, previewPanel, testDialog} from './notification_tools.js';

const DOCTYPE = 'Notification';
const WEBHOOK_CHANNELS = new Set(['External Collaboration Tool', 'Slack', 'Webhook']);
const CHANNELS = ['Email', 'External Collaboration Tool', 'System Notification'];

// The guide's condition examples (section 4.1).
export const CONDITION_EXAMPLES = ['doc.status=="Open"', 'doc.due_date==nowdate()',
                                   'doc.total > 40000'];

// The guide's example message (section 4.3), and its English version.
export const MESSAGE_EXAMPLES = {
  fr: '*Nouveau ticket*\n\nNouvelle demande n° {{ doc.name }}.\n\n*Détails*\n\n' +
      '• Client : {{ doc.customer }}\n• Sujet : {{ doc.subject }}\n' +
      '• Message : {{ doc.description }}',
  en: '*New ticket*\n\nNew request no. {{ doc.name }}.\n\n*Details*\n\n' +
      '• Customer: {{ doc.customer }}\n• Subject: {{ doc.subject }}\n' +
      '• Message: {{ doc.description }}',
};

const STANDARD_DATES = [{fieldname: 'creation', label: 'Created On'},
                        {fieldname: 'modified', label: 'Last Updated On'}];

// Select options {value, label} for fields of the chosen DocType: "Label (fieldname)".
function fieldOptions(fields) {
  return [{value: '', label: '—'},
          ...fields.map((f) => ({value: f.fieldname,
                                 label: `${labelFor(f)} (${f.fieldname})`}))];
}

// Where recipients may come from in a document: owner, fields holding users or addresses, and
// the same inside child tables as "field,table" (Frappe's encoding).
async function recipientFieldOptions(meta) {
  const isAddress = (f) => (f.fieldtype === 'Link' && f.options === 'User') ||
      (f.fieldtype === 'Data' && f.options === 'Email');
  const out = [{value: '', label: '—'}, {value: 'owner', label: 'owner'}];
  for (const f of valueFields(meta)) {
    if (isAddress(f)) out.push({value: f.fieldname, label: `${labelFor(f)} (${f.fieldname})`});
    if (f.fieldtype === 'Table' && f.options) {
      try {
        const child = await getMeta(f.options);
        for (const cf of valueFields(child).filter(isAddress)) {
          out.push({value: `${cf.fieldname},${f.fieldname}`,
                    label: `${labelFor(f)} > ${labelFor(cf)} (${cf.fieldname})`});
        }
      } catch {
        // A table we may not read: its fields are simply not offered.
      }
    }
  }
  return out;
}

function section(titleKey, ...content) {
  const id = `section-${titleKey.replace(/\W/g, '-')}`;
  return h('section', {class: 'form-section', 'aria-labelledby': id},
           h('h2', {id, text: t(titleKey)}), h('div', {class: 'form-grid'}, content));
}

export async function notificationFormView(main, name) {
  const meta = await getMeta(DOCTYPE);
  const doc = name === null ? null : await getDoc(DOCTYPE, name);
  const form = new DocForm(meta, doc);
  await form.loadChildMetas();
  const has = (f) => Boolean(form.field(f));
  const c = (f, overrides) => (has(f) ? form.control(f, overrides) : null);

  // Details.
  const channel = c('channel', {options: ''});
  channel.setOptions(CHANNELS);
  if (doc) channel.set(doc.channel);
  const webhook = c('incoming_webhook_url');
  const sender = c('sender');
  // Filters.
  const subject = c('subject');
  const doctypes = (await listDocTypes()).filter((d) => !Number(d.istable));
  const documentType = c('document_type', {fieldtype: 'Select', options: ''});
  documentType.setOptions([{value: '', label: '—'},
                           ...doctypes.map((d) => ({value: d.name, label: doctypeLabel(d.name)}))]);
  if (doc) documentType.set(doc.document_type);
  const event = c('event');
  const method = c('method');
  const dateChanged = c('date_changed');
  const datetimeChanged = c('datetime_changed');
  const daysInAdvance = c('days_in_advance');
  const minutesOffset = c('minutes_offset');
  const valueChanged = c('value_changed');
  const systemNotification = c('send_system_notification');
  const condition = c('condition');
  // Recipients, set property, message.
  const recipients = c('recipients');
  const setProperty = c('set_property_after_alert');
  const propertyValue = c('property_value');
  const message = c('message');
  const messageType = c('message_type');
  const undefinedMode = c('undefined_mode');
  if (message) message.editor.textarea.rows = 10;
  if (condition) condition.editor.textarea.rows = 3;
  const enabled = c('enabled');
  if (enabled) enabled.el.classList.add('enabled-toggle');

  const conditionExamples = h('div', {class: 'examples wide'},
                              h('p', {class: 'help', text: t('notification.condition_examples')}),
                              h('ul', {}, CONDITION_EXAMPLES.map((ex) => h('li', {},
                                h('code', {text: ex}), ' ',
                                h('button', {type: 'button', class: 'link-button',
                                             'aria-label': t('notification.use_example_named',
                                                             {example: ex}),
                                             text: t('notification.use_example'),
                                             onclick: () => {
                                               condition.editor.set(ex);
                                               form.changed('condition');
                                               validation.schedule();
                                               condition.focus();
                                             }})))));
  const messageExample = h('div', {class: 'examples wide'},
                           h('button', {type: 'button', class: 'link-button',
                                        text: t('notification.insert_message_example'),
                                        onclick: () => {
                                          message.editor.set(MESSAGE_EXAMPLES[lang()] ||
                                                             MESSAGE_EXAMPLES.en);
                                          form.changed('message');
                                          validation.schedule();
                                          message.focus();
                                        }}));
  const validateStatus = h('p', {class: 'validate-status', 'aria-live': 'polite'});
  const validation = liveValidation(form, validateStatus);

  for (const x of [condition, message, recipients, subject]) if (x) x.el.classList.add('wide');
  const body = h('div', {class: 'notification-layout'},
                 h('div', {class: 'form-sections'},
                   section('notification.section_details',
                           form.needsName() ? form.nameControl().el : null,
                           enabled && enabled.el, channel.el, webhook && webhook.el,
                           sender && sender.el),
                   section('notification.section_filters', subject && subject.el,
                           documentType.el, event && event.el, method && method.el,
                           dateChanged && dateChanged.el, daysInAdvance && daysInAdvance.el,
                           datetimeChanged && datetimeChanged.el,
                           minutesOffset && minutesOffset.el, valueChanged && valueChanged.el,
                           systemNotification && systemNotification.el,
                           condition && condition.el, conditionExamples),
                   recipients ? section('notification.section_recipients', recipients.el) : null,
                   section('notification.section_set_property', setProperty && setProperty.el,
                           propertyValue && propertyValue.el),
                   section('notification.section_message', message && message.el,
                           messageExample, messageType && messageType.el,
                           undefinedMode && undefinedMode.el),
                   validateStatus),
                 null);
  const preview = previewPanel(form);
  body.append(preview.el);

  // What each event and channel needs, shown only then (Frappe's depends_on).
  function updateVisibility() {
    const ev = event ? event.get() : '';
    const ch = channel.get();
    const show = (control, visible) => control && control.setHidden(!visible);
    show(method, ev === 'Method');
    show(dateChanged, ev === 'Days Before' || ev === 'Days After');
    show(daysInAdvance, ev === 'Days Before' || ev === 'Days After');
    show(datetimeChanged, ev === 'Minutes Before' || ev === 'Minutes After');
    show(minutesOffset, ev === 'Minutes Before' || ev === 'Minutes After');
    show(valueChanged, ev === 'Value Change');
    show(webhook, WEBHOOK_CHANNELS.has(ch));
    show(sender, ch === 'Email');
    show(systemNotification, ch !== 'System Notification');
    // Recipients choose who gets the e-mail, and whose bell rings for a system notification.
    show(recipients, !WEBHOOK_CHANNELS.has(ch) ||
                         Boolean(systemNotification && systemNotification.get()));
  }

  // The dependent fields' choices come from the chosen DocType's fields.
  async function updateFieldOptions() {
    const dt = documentType.get();
    let fields = [];
    let target = null;
    if (dt) {
      try {
        target = await getMeta(dt);
        fields = valueFields(target).filter((f) => f.fieldtype !== 'Table');
      } catch {
        fields = [];
      }
    }
    const dates = [...fields.filter((f) => ['Date', 'Datetime'].includes(f.fieldtype)),
                   ...STANDARD_DATES];
    const datetimes = [...fields.filter((f) => f.fieldtype === 'Datetime'), ...STANDARD_DATES];
    if (dateChanged) dateChanged.setOptions(fieldOptions(dt ? dates : []));
    if (datetimeChanged) datetimeChanged.setOptions(fieldOptions(dt ? datetimes : []));
    if (valueChanged) valueChanged.setOptions(fieldOptions(fields));
    if (setProperty) setProperty.setOptions(fieldOptions(fields));
    if (recipients && target) {
      recipients.setFieldOptions('receiver_by_document_field', await recipientFieldOptions(target));
    }
  }

  await updateFieldOptions();
  updateVisibility();
  form.onChange = (fieldname) => {
    if (['event', 'channel', 'send_system_notification'].includes(fieldname)) updateVisibility();
    if (fieldname === 'document_type') {
      updateFieldOptions();
      preview.refresh();
    }
    if (['condition', 'subject', 'message', 'document_type'].includes(fieldname)) {
      validation.schedule();
    }
  };
  const page = formPage(main, form, body, {
    extraActions: (f) => (f.isNew ? [] : [button(t('notification.test'), () => testDialog(f),
                                                 {'data-action': 'test-notification'})]),
    onSaved: () => {
      preview.refresh();
      validation.run();
    },
  });
  await preview.refresh();
  if (doc) validation.run();
  return page;
}
