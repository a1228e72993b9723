// The Notification form's live tools: checking condition and templates as the user types
// (notification.validate), the preview panel (notification.preview) and "Test this notification"
// (notification.send_test). Each shows exactly what the server answered.
import {ApiError, call, listDocs} from '../api.js';
import {h, append, clear, debounce} from '../dom.js';
import {t} from '../i18n.js';
import {createControl} from '../controls.js';
import {lineColumnOf} from '../doc_form.js';
import {parseLineColumn} from '../code_editor.js';
import {button, errorBanner, openDialog} from '../ui.js';
import {outcomeView} from './outcome.js';
import {refreshBell} from './bell.js';

// The fields whose text the engines compile.
export const CHECKED_FIELDS = ['condition', 'subject', 'message'];

// The errors in a validate answer (or a 4xx from it), as [{field, message, line, column}].
export function validationErrors(answer) {
  if (answer instanceof ApiError) {
    if (answer.status !== 400 && answer.status !== 422) throw answer;
    return [{field: answer.field || '', message: answer.message, ...(lineColumnOf(answer) || {})}];
  }
  if (!answer || typeof answer !== 'object') return [];
  const list = Array.isArray(answer) ? answer : (answer.errors || []);
  return list.map((e) => ({field: e.field || e.fieldname || '', message: e.message || String(e),
                           ...(e.line ? {line: Number(e.line), column: Number(e.column || 1)} :
                                        parseLineColumn(e.message) || {})}));
}

// Calls notification.validate with the form's values after typing pauses, and shows each error
// at its field, line and column. Returns {schedule, run}.
export function liveValidation(form, statusEl) {
  let token = 0;
  async function run() {
    const mine = ++token;
    const values = form.values();
    let errors;
    try {
      errors = validationErrors(await call('notification.validate', values));
    } catch (err) {
      try {
        errors = validationErrors(err);
      } catch (other) {
        if (mine === token) {
          statusEl.textContent = t('notification.validate_unavailable', {error: other.message});
          statusEl.className = 'validate-status muted';
        }
        return;
      }
    }
    if (mine !== token) return;
    for (const fieldname of CHECKED_FIELDS) {
      const c = form.controls.get(fieldname);
      if (!c) continue;
      const e = errors.find((x) => x.field === fieldname);
      if (c.editor) {
        c.editor.setError(e || null);
      } else {
        c.setError(e ? (e.line ? `${t('editor.at', {line: e.line, column: e.column})} ` : '') +
                           e.message : '');
      }
    }
    const other = errors.filter((e) => !CHECKED_FIELDS.includes(e.field));
    if (!errors.length) {
      statusEl.textContent = t('notification.valid');
      statusEl.className = 'validate-status ok';
    } else {
      statusEl.textContent = other.length ? other.map((e) => e.message).join(' ') :
                                            t('notification.invalid', {n: errors.length});
      statusEl.className = 'validate-status error';
    }
  }
  const schedule = debounce(run, 400);
  return {schedule, run};
}

// A Link control for choosing a document of `doctype`, preset to the latest one.
async function documentPicker(doctype, label) {
  const control = createControl({fieldname: 'document', fieldtype: 'Link', options: doctype,
                                 reqd: 1, label}, {});
  try {
    const rows = await listDocs(doctype, {fields: ['name'], order_by: 'modified desc',
                                          limit_page_length: 1});
    if (rows.length) control.set(rows[0].name);
  } catch {
    // The user types a name instead.
  }
  return control;
}

// The chosen document's name, or null after pointing at the empty picker.
function pickedDocument(picker) {
  const document = picker.get().trim();
  picker.setError(document ? '' : t('preview.pick_document'));
  if (!document) picker.focus();
  return document || null;
}

function previewResult(answer) {
  const meets = answer.meets_condition;
  const meetsText = meets === true || meets === 1 ? t('common.yes') :
                    meets === false || meets === 0 ? t('common.no') :
                    String(meets ?? '');
  const payloads = answer.payloads || answer.targets || null;
  return h('div', {class: 'preview-result'},
           h('dl', {},
             h('dt', {text: t('preview.meets_condition')}),
             h('dd', {class: 'meets', text: meetsText}),
             answer.condition_error ? [h('dt', {text: t('preview.condition_error')}),
                                       h('dd', {class: 'error-text', text: answer.condition_error})] :
                                      null,
             h('dt', {text: t('preview.subject')}),
             h('dd', {class: 'preview-subject', text: answer.subject || t('preview.no_subject')}),
             h('dt', {text: t('preview.message')}),
             h('dd', {}, h('pre', {class: 'preview-message', text: answer.message ?? ''}))),
           payloads ? h('details', {},
                        h('summary', {text: t('preview.payloads')}),
                        h('pre', {class: 'code-block', text: JSON.stringify(payloads, null, 2)})) :
                      null);
}

// The preview panel: pick a document, see the rendered subject and message; sends nothing.
export function previewPanel(form) {
  const body = h('div', {class: 'preview-body'});
  const result = h('div', {class: 'preview-output', 'aria-live': 'polite'});
  const panel = h('aside', {class: 'preview-panel', 'aria-labelledby': 'preview-title'},
                  h('h2', {id: 'preview-title', text: t('preview.title')}), body, result);
  let picker = null;
  let pickerDoctype = null;

  async function refresh() {
    const doctype = form.controls.get('document_type').get();
    if (form.isNew || !doctype) {
      clear(body).append(h('p', {class: 'muted', text: t('preview.save_first')}));
      clear(result);
      picker = null;
      pickerDoctype = null;
      return;
    }
    if (picker && pickerDoctype === doctype) return;
    pickerDoctype = doctype;
    picker = await documentPicker(doctype, t('preview.document'));
    const run = button(t('preview.run'), async () => {
      const document = pickedDocument(picker);
      if (!document) return;
      result.replaceChildren(h('p', {class: 'loading', text: t('status.loading')}));
      try {
        const answer = await call('notification.preview', {notification: form.doc.name,
                                                            document});
        result.replaceChildren(previewResult(answer || {}));
      } catch (err) {
        result.replaceChildren(errorBanner(err));
      }
    }, {'data-action': 'preview'});
    append(clear(body), [picker.el, h('div', {class: 'preview-actions'}, run),
                         form.isDirty() ? h('p', {class: 'muted', text: t('preview.saved_version')}) :
                                          null]);
  }
  return {el: panel, refresh};
}

// The answer of send_test as a list of outcomes (one per target).
function outcomesOf(answer) {
  if (Array.isArray(answer)) return answer;
  if (answer && Array.isArray(answer.deliveries)) return answer.deliveries;
  if (answer && Array.isArray(answer.outcomes)) return answer.outcomes;
  return [answer];
}

// "Test this notification" (seed guide, section 5): pick a document and send for it, skipping
// event and condition, then show the delivery's real outcome.
export async function testDialog(form) {
  const picker = await documentPicker(form.doc.document_type, t('test.document'));
  const result = h('div', {class: 'test-result', 'aria-live': 'polite'});
  const send = button(t('test.send'), async () => {
    const document = pickedDocument(picker);
    if (!document) return;
    send.disabled = true;
    result.replaceChildren(h('p', {class: 'loading', text: t('status.sending')}));
    try {
      const answer = await call('notification.send_test', {notification: form.doc.name, document});
      result.replaceChildren(...outcomesOf(answer).map((o) => outcomeView(o)));
      refreshBell();
    } catch (err) {
      result.replaceChildren(errorBanner(err));
    } finally {
      send.disabled = false;
    }
  }, {kind: 'primary', 'data-action': 'send-test-notification'});
  const d = openDialog(t('test.title'), [h('p', {class: 'muted', text: t('test.explain')}),
                                         picker.el, result],
                       [button(t('action.close'), () => d.close()), send]);
  picker.focus();
}
