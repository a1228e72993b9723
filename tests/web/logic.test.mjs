// The UI's decisions that need no browser, as tables: how a send's answer reads (delivered or
// not), how validate's answers become errors at a line and column, DocType slugs and list
// columns, and message lookup with placeholders. Runs with `node --test`.
import assert from 'node:assert/strict';
import path from 'node:path';
import test from 'node:test';
import {fileURLToPath} from 'node:url';

// The little of the browser these modules touch when they load.
const store = new Map();
globalThis.localStorage = {getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v)};
globalThis.navigator = {languages: ['en-GB']};
globalThis.document = {documentElement: {}};

const js = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/assets/js');
const {outcomeKind} = await import(path.join(js, 'views/outcome.js'));
const {validationErrors} = await import(path.join(js, 'views/notification_tools.js'));
const {parseLineColumn} = await import(path.join(js, 'code_editor.js'));
const {ApiError} = await import(path.join(js, 'api.js'));
const {slug, listFields, selectOptions} = await import(path.join(js, 'meta.js'));
const i18n = await import(path.join(js, 'i18n.js'));

test('a send reads as delivered only when the server says so', () => {
  const cases = [
    [{status: 'Delivered', http_status: 200}, 'success'],
    [{status: 'delivered'}, 'success'],
    [{status: 'Sent'}, 'success'],
    [{ok: true}, 'success'],
    [{delivered: true}, 'success'],
    [{status: 'Failed', http_status: 404, error: 'no_such_hook'}, 'failure'],
    [{status: 'Retrying', http_status: 503}, 'pending'],
    [{status: 'Queued'}, 'pending'],
    [{ok: false}, 'failure'],
    [{}, 'failure'],
    ['Notification sent', 'failure'],
    [null, 'failure'],
  ];
  for (const [answer, kind] of cases) assert.equal(outcomeKind(answer), kind, JSON.stringify(answer));
});

test('validate answers become errors at their field, line and column', () => {
  assert.deepEqual(validationErrors({errors: []}), []);
  assert.deepEqual(validationErrors({valid: true}), []);
  assert.deepEqual(validationErrors(null), []);
  assert.deepEqual(
      validationErrors({errors: [{field: 'condition', message: 'unexpected )', line: 2, column: 13}]}),
      [{field: 'condition', message: 'unexpected )', line: 2, column: 13}]);
  assert.deepEqual(
      validationErrors([{fieldname: 'message', message: "SyntaxError: expected 'endif' (line 9, column 1)"}]),
      [{field: 'message', message: "SyntaxError: expected 'endif' (line 9, column 1)", line: 9,
        column: 1}]);
  const refused = new ApiError(422, {exc_type: 'TemplateSyntaxError', field: 'subject',
                                     message: 'unexpected end of template (line 1, column 8)'});
  assert.deepEqual(validationErrors(refused), [{field: 'subject', line: 1, column: 8,
                                                message: 'unexpected end of template (line 1, column 8)'}]);
  const withFields = new ApiError(400, {field: 'condition', message: 'bad', line: 3, column: 4});
  assert.deepEqual(validationErrors(withFields), [{field: 'condition', message: 'bad', line: 3,
                                                   column: 4}]);
  // Anything else (no permission, server down) is not a validation result.
  assert.throws(() => validationErrors(new ApiError(403, {message: 'no'})));
  assert.throws(() => validationErrors(new ApiError(0, {message: 'offline'})));
});

test('line and column are read from engine messages', () => {
  assert.deepEqual(parseLineColumn('error: SyntaxError: invalid syntax (line 2, column 15)'),
                   {line: 2, column: 15});
  assert.equal(parseLineColumn('Value missing for Issue: Subject'), null);
  assert.equal(parseLineColumn(undefined), null);
});

test('DocType slugs, Select options and list columns', () => {
  assert.equal(slug('Incoming Webhook URL'), 'incoming-webhook-url');
  assert.equal(slug('Notification_Log'), 'notification-log');
  assert.deepEqual(selectOptions({options: '\nNew\nSave'}), ['', 'New', 'Save']);
  const meta = {title_field: 'subject', fields: [
    {fieldname: 'description', fieldtype: 'Text Editor'},
    {fieldname: 'status', fieldtype: 'Select'},
    {fieldname: 'subject', fieldtype: 'Data'},
    {fieldname: 'lines', fieldtype: 'Table'},
    {fieldname: 'secret', fieldtype: 'Data', hidden: 1},
    {fieldname: 'total', fieldtype: 'Currency'},
  ]};
  assert.deepEqual(listFields(meta).map((f) => f.fieldname), ['subject', 'status', 'total']);
  meta.fields[5].in_list_view = 1;
  assert.deepEqual(listFields(meta).map((f) => f.fieldname), ['total']);
});

test('messages fill placeholders and follow the language switch', () => {
  assert.equal(i18n.lang(), 'en');
  assert.equal(i18n.t('editor.at', {line: 3, column: 7}), 'Line 3, column 7:');
  assert.equal(i18n.t('no.such.key'), 'no.such.key');
  assert.equal(i18n.optionLabel('External Collaboration Tool'), 'External Collaboration Tool');
  let told = null;
  i18n.onLangChange((code) => { told = code; });
  i18n.setLang('fr');
  assert.equal(told, 'fr');
  assert.equal(store.get('crier.lang'), 'fr');
  assert.equal(i18n.t('editor.at', {line: 3, column: 7}), 'Ligne 3, colonne 7 :');
  assert.equal(i18n.optionLabel('External Collaboration Tool'), 'Outil de collaboration externe');
  assert.equal(i18n.labelFor({label: 'Read', parent: 'DocPerm'}), 'Lecture');
  assert.equal(i18n.labelFor({label: 'Read', parent: 'Notification Log'}), 'Lu');
  assert.equal(i18n.labelFor({label: 'Some Custom Field'}), 'Some Custom Field');
  i18n.setLang('xx');
  assert.equal(i18n.lang(), 'fr');
});
