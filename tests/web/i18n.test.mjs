// The UI's texts exist in both languages: every key the code uses has an English and a French
// text, both languages hold the same keys, and a translation keeps the placeholders it fills.
// Runs with Node's test runner, without a browser: `node --test tests/web/i18n.test.mjs`.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import {fileURLToPath} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const js = path.resolve(here, '../../web/assets/js');
const {MESSAGES} = await import(path.join(js, 'messages.js'));
const {FIELD_LABELS_FR, OPTION_LABELS_FR} = await import(path.join(js, 'labels_fr.js'));

function sources(dir) {
  return fs.readdirSync(dir, {withFileTypes: true}).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.js') ? [p] : [];
  });
}

const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('English and French hold the same keys', () => {
  const en = Object.keys(MESSAGES.en).sort();
  const fr = Object.keys(MESSAGES.fr).sort();
  assert.deepEqual(fr.filter((k) => !en.includes(k)), [], 'keys only in French');
  assert.deepEqual(en.filter((k) => !fr.includes(k)), [], 'keys only in English');
});

test('every key the code passes to t() has a text', () => {
  const missing = [];
  for (const file of sources(js)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\('([a-z_]+\.[a-z_.]+)'/g)) {
      if (!(m[1] in MESSAGES.en)) missing.push(`${path.relative(js, file)}: ${m[1]}`);
    }
    // Keys built from a prefix (outcome.<field>, notification.section_<name>...) are listed in
    // full in messages.js; their prefixes must exist there.
    for (const m of text.matchAll(/\bt\(`([a-z_]+\.)\$\{/g)) {
      if (!Object.keys(MESSAGES.en).some((k) => k.startsWith(m[1]))) {
        missing.push(`${path.relative(js, file)}: ${m[1]}*`);
      }
    }
  }
  assert.deepEqual(missing, []);
});

test('translations keep their placeholders', () => {
  for (const key of Object.keys(MESSAGES.en)) {
    assert.deepEqual(placeholders(MESSAGES.fr[key] || ''), placeholders(MESSAGES.en[key]), key);
  }
});

test('the notification form\'s labels and choices have their Dokos French wording', () => {
  assert.equal(FIELD_LABELS_FR['Send Alert On'], 'Envoyer une alerte lors de l’événement');
  assert.equal(FIELD_LABELS_FR['Send System Notification'], 'Envoyer une notification système');
  assert.equal(OPTION_LABELS_FR['External Collaboration Tool'], 'Outil de collaboration externe');
  assert.equal(MESSAGES.fr['notification.test'], 'Tester cette notification');
});
