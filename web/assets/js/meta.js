// DocType definitions as the server stores them (GET /api/resource/DocType/{name}), cached for the
// page's life and dropped when a DocType is saved. Forms and lists are generated from them.
import {getDoc, listDocs} from './api.js';

const metas = new Map();
let doctypeList = null;

export async function getMeta(doctype) {
  if (!metas.has(doctype)) {
    const promise = getDoc('DocType', doctype);
    metas.set(doctype, promise);
    promise.catch(() => metas.delete(doctype));
  }
  return metas.get(doctype);
}

// Every DocType: [{name, istable, is_submittable, module, custom}], sorted by name.
export async function listDocTypes() {
  if (!doctypeList) {
    doctypeList = listDocs('DocType', {
      fields: ['name', 'istable', 'is_submittable', 'module', 'custom'],
      order_by: 'name asc',
      limit_page_length: 1000,
    });
    doctypeList.catch(() => {
      doctypeList = null;
    });
  }
  return doctypeList;
}

export function forgetMeta(doctype) {
  metas.delete(doctype);
  doctypeList = null;
}

// The URL slug of a DocType, as Frappe writes it: "Incoming Webhook URL" -> "incoming-webhook-url".
export function slug(doctype) {
  return doctype.toLowerCase().replace(/[\s_]+/g, '-');
}

// The DocType a slug names (or the slug itself when it is already a name), or null.
export async function doctypeFromSlug(s) {
  const list = await listDocTypes();
  const exact = list.find((d) => d.name === s);
  if (exact) return exact.name;
  const found = list.find((d) => slug(d.name) === s.toLowerCase());
  return found ? found.name : null;
}

// Field types that hold a value (not layout), as Frappe's no_value_fields excludes.
const LAYOUT_TYPES = new Set(['Section Break', 'Column Break', 'Tab Break', 'HTML', 'Button']);
export function valueFields(meta) {
  return (meta.fields || []).filter((f) => !LAYOUT_TYPES.has(f.fieldtype));
}

// The fields a list shows: those marked in_list_view, else the title field and the first few
// simple fields.
export function listFields(meta, max = 4) {
  const simple = valueFields(meta).filter(
      (f) => !['Table', 'Code', 'Long Text', 'Text Editor', 'Markdown Editor', 'JSON', 'Text',
               'Small Text', 'Password'].includes(f.fieldtype) && !f.hidden);
  const marked = simple.filter((f) => Number(f.in_list_view));
  if (marked.length) return marked.slice(0, max);
  const title = simple.find((f) => f.fieldname === meta.title_field);
  const rest = simple.filter((f) => f !== title);
  return [title, ...rest].filter(Boolean).slice(0, max);
}

// Select options as a list ("Open\nClosed" -> ["Open", "Closed"]); a leading empty line is the
// empty choice.
export function selectOptions(field) {
  return String(field.options || '').split('\n');
}
