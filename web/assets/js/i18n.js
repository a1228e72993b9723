// French and English for every label the UI shows. The language is the browser's by default and
// the navbar's switch overrides it (kept in localStorage). DocType field labels and Select option
// values come from the server in English; labelFor and optionLabel translate the known ones, the
// way Frappe translates its own labels, and show anything else as it is.
import {MESSAGES} from './messages.js';
import {FIELD_LABELS_FR, OPTION_LABELS_FR} from './labels_fr.js';

export const LANGUAGES = [
  {code: 'en', name: 'English'},
  {code: 'fr', name: 'Français'},
];

const STORAGE_KEY = 'crier.lang';
const listeners = new Set();

function initialLanguage() {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored && MESSAGES[stored]) return stored;
  for (const tag of navigator.languages || [navigator.language || 'en']) {
    const code = String(tag).toLowerCase().split('-')[0];
    if (MESSAGES[code]) return code;
  }
  return 'en';
}

let current = initialLanguage();
document.documentElement.lang = current;

export function lang() {
  return current;
}

export function setLang(code) {
  if (!MESSAGES[code] || code === current) return;
  current = code;
  localStorage.setItem(STORAGE_KEY, code);
  document.documentElement.lang = code;
  for (const fn of listeners) fn(code);
}

export function onLangChange(fn) {
  listeners.add(fn);
}

// t('nav.notifications') or t('list.new', {doctype: 'Issue'}): the message in the current language, with
// {name} placeholders filled; the English text when French lacks it; the key itself otherwise.
export function t(key, params = {}) {
  const text = MESSAGES[current][key] ?? MESSAGES.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

// A DocType field's label in the current language.
export function labelFor(field) {
  const label = field.label || field.fieldname || '';
  if (current === 'fr') {
    return FIELD_LABELS_FR[`${field.parent}:${label}`] ?? FIELD_LABELS_FR[label] ?? label;
  }
  return label;
}

// A DocType's name in the current language (the same table as labels).
export function doctypeLabel(name) {
  if (current === 'fr') return FIELD_LABELS_FR[name] ?? name;
  return name;
}

// A Select option's display text (the stored value never changes).
export function optionLabel(value) {
  if (value === '' || value === null || value === undefined) return '';
  if (current === 'fr') return OPTION_LABELS_FR[value] ?? value;
  return value;
}

// Dates and numbers as the current language writes them.
export function formatNumber(value, options = {}) {
  if (value === null || value === undefined || value === '') return '';
  const n = Number(value);
  if (Number.isNaN(n)) return String(value);
  return new Intl.NumberFormat(current === 'fr' ? 'fr-FR' : 'en-GB', options).format(n);
}

export function formatDateTime(value) {
  if (!value) return '';
  const d = new Date(String(value).replace(' ', 'T'));
  if (Number.isNaN(d.getTime())) return String(value);
  return new Intl.DateTimeFormat(current === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'short',
    timeStyle: 'medium',
  }).format(d);
}
