// Small pieces every screen uses: page header, toasts, error banners, dialogs, status badges,
// tables. Built on dom.js and labelled through i18n.js.
import {ApiError} from './api.js';
import {h, clear, uid} from './dom.js';
import {t, optionLabel} from './i18n.js';

export function pageHeader(title, ...actions) {
  return h('div', {class: 'page-header'},
           h('h1', {id: 'page-title', tabindex: '-1', text: title}),
           h('div', {class: 'page-actions'}, actions));
}

export function button(label, onclick, {kind = '', type = 'button', ...attrs} = {}) {
  return h('button', {type, class: `btn ${kind}`.trim(), onclick, ...attrs}, label);
}

export function link(label, href, attrs = {}) {
  return h('a', {href, ...attrs}, label);
}

// A message that disappears by itself, announced to screen readers.
export function toast(message, kind = 'info') {
  const box = document.getElementById('toasts');
  const el = h('div', {class: `toast ${kind}`, text: message});
  box.append(el);
  setTimeout(() => el.remove(), kind === 'error' ? 8000 : 4000);
}

// The text to show for a failed call: the server's message, or a generic one.
export function errorText(err) {
  if (err instanceof ApiError) {
    if (err.status === 0) return t('error.network');
    if (err.status === 403) return `${t('error.forbidden')} ${err.message}`;
    return err.message;
  }
  return String((err && err.message) || err);
}

// An alert block for an error (role=alert so it is read out).
export function errorBanner(err) {
  return h('div', {class: 'banner error', role: 'alert'}, errorText(err));
}

export function statusBadge(status) {
  const key = String(status || '').toLowerCase().replace(/\s+/g, '-');
  return h('span', {class: `badge status-${key}`}, optionLabel(status) || '—');
}

// A modal dialog on the native <dialog> (focus trapped, Escape closes). Returns {dialog, body,
// close}; `footer` is a list of buttons. The dialog is removed from the page when closed.
export function openDialog(title, content, footer = []) {
  const titleId = uid('dialog-title');
  const body = h('div', {class: 'dialog-body'}, content);
  const closeButton = h('button', {type: 'button', class: 'btn icon', 'aria-label': t('action.close'),
                                   text: '×'});
  const dialog = h('dialog', {class: 'dialog', 'aria-labelledby': titleId},
                   h('div', {class: 'dialog-head'}, h('h2', {id: titleId, text: title}), closeButton),
                   body, h('div', {class: 'dialog-foot'}, footer));
  const close = () => dialog.close();
  closeButton.addEventListener('click', close);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  return {dialog, body, close};
}

// Asks a yes/no question; resolves true when confirmed.
export function confirmDialog(title, message, confirmLabel) {
  return new Promise((resolve) => {
    let answer = false;
    const ok = button(confirmLabel || t('action.confirm'), () => {
      answer = true;
      d.close();
    }, {kind: 'danger'});
    const cancel = button(t('action.cancel'), () => d.close());
    const d = openDialog(title, h('p', {text: message}), [cancel, ok]);
    d.dialog.addEventListener('close', () => resolve(answer));
    cancel.focus();
  });
}

// A table with a caption for screen readers. columns: [{label, render(row) -> node|string,
// class}]. Rows get `onRowClick` as a link-like affordance only through the cells' own links.
export function dataTable(caption, columns, rows, {empty} = {}) {
  if (!rows.length) return h('p', {class: 'empty', text: empty || t('list.empty')});
  return h('div', {class: 'table-wrap'},
           h('table', {class: 'data'},
             h('caption', {class: 'visually-hidden', text: caption}),
             h('thead', {}, h('tr', {}, columns.map((c) => h('th', {scope: 'col', class: c.class || ''},
                                                               c.label)))),
             h('tbody', {}, rows.map((row) => h('tr', {}, columns.map((c) => h(
                 'td', {class: c.class || '', 'data-label': c.label}, c.render(row))))))));
}

// Replaces a container's content with a loading line, then with render()'s result or an error.
export async function loadInto(container, render) {
  clear(container).append(h('p', {class: 'loading', text: t('status.loading')}));
  try {
    const node = await render();
    clear(container).append(node);
  } catch (err) {
    clear(container).append(errorBanner(err));
  }
}
