// The bell at the top right: the unread count of the user's Notification Log
// (notification_log.unread_count), refreshed every few seconds while the page is visible and right
// after anything the UI saves; its dropdown lists the latest entries with a link to each document
// and marks them read (notification_log.mark_read).
import {call, listDocs} from '../api.js';
import {h, clear, uid} from '../dom.js';
import {t, doctypeLabel, formatDateTime} from '../i18n.js';
import {path} from '../router.js';
import {slug} from '../meta.js';
import {session} from '../session.js';
import {errorBanner} from '../ui.js';

const POLL_MS = 5000;
let state = null;  // {button, badge, panel, timer, count}

// The unread count from the method's answer (a number, or an object holding one).
function countFrom(message) {
  if (typeof message === 'number') return message;
  if (message && typeof message === 'object') {
    return Number(message.count ?? message.unread_count ?? message.unread ?? 0);
  }
  return Number(message) || 0;
}

function showCount(count) {
  if (!state) return;
  state.count = count;
  state.badge.textContent = count > 99 ? '99+' : String(count);
  state.badge.hidden = count === 0;
  state.button.setAttribute('aria-label', t('bell.label', {n: count}));
  state.button.dataset.count = String(count);
}

export async function refreshBell() {
  if (!state || !session.user) return;
  try {
    showCount(countFrom(await call('notification_log.unread_count')));
  } catch {
    // Keep the last count; the next tick tries again.
  }
}

// Marks one entry read, or all of the user's entries when `name` is omitted.
async function markRead(name) {
  await call('notification_log.mark_read', name ? {name} : {all: 1});
  await refreshBell();
  if (!state.panel.hidden) await loadPanel();
}

// A Notification Log subject may hold HTML (Frappe writes <b>...</b>): shown as its text only.
function plainText(html) {
  const doc = new DOMParser().parseFromString(String(html || ''), 'text/html');
  return doc.body.textContent || '';
}

async function loadPanel() {
  const list = state.list;
  clear(list).append(h('li', {class: 'loading', text: t('status.loading')}));
  try {
    const rows = await listDocs('Notification Log', {
      fields: ['name', 'subject', 'document_type', 'document_name', 'read', 'creation',
               'from_user'],
      filters: [['for_user', '=', session.user]],
      order_by: 'creation desc',
      limit_page_length: 10,
    });
    clear(list);
    if (!rows.length) list.append(h('li', {class: 'empty', text: t('bell.empty')}));
    for (const row of rows) {
      const unread = !Number(row.read);
      const href = row.document_type && row.document_name ?
          path('app', slug(row.document_type), row.document_name) :
          path('app', 'notification-log', row.name);
      const open = h('a', {href, class: 'bell-link', onclick: () => {
        close();
        if (unread) markRead(row.name);
      }},
                     h('span', {class: 'bell-subject', text: plainText(row.subject) || row.name}),
                     h('span', {class: 'bell-meta',
                                text: [row.document_type ? doctypeLabel(row.document_type) : '',
                                       row.document_name, formatDateTime(row.creation)]
                                          .filter(Boolean).join(' · ')}));
      list.append(h('li', {class: unread ? 'unread' : 'read', dataset: {name: row.name}}, open,
                    unread ? h('button', {type: 'button', class: 'btn small',
                                          text: t('bell.mark_read'),
                                          'aria-label': t('bell.mark_read_one',
                                                          {subject: plainText(row.subject)}),
                                          onclick: () => markRead(row.name)}) :
                             null));
    }
  } catch (err) {
    clear(list).append(h('li', {}, errorBanner(err)));
  }
}

function open() {
  state.panel.hidden = false;
  state.button.setAttribute('aria-expanded', 'true');
  loadPanel();
}

function close() {
  if (!state || state.panel.hidden) return;
  state.panel.hidden = true;
  state.button.setAttribute('aria-expanded', 'false');
}

// The bell's button and dropdown, to put in the navbar. Starts polling.
export function createBell() {
  stopBell();
  const panelId = uid('bell-panel');
  const badge = h('span', {class: 'bell-badge', hidden: true, 'aria-hidden': 'true'});
  const button = h('button', {type: 'button', class: 'bell-button', 'aria-expanded': 'false',
                              'aria-controls': panelId, 'aria-label': t('bell.label', {n: 0}),
                              dataset: {count: '0'}},
                   h('svg', {}),  // Replaced below with the icon (SVG needs its namespace).
                   badge);
  button.firstChild.replaceWith(bellIcon());
  const list = h('ul', {class: 'bell-list'});
  const panel = h('div', {id: panelId, class: 'bell-panel', hidden: true, role: 'region',
                          'aria-label': t('bell.title')},
                  h('div', {class: 'bell-head'}, h('h2', {text: t('bell.title')}),
                    h('button', {type: 'button', class: 'link-button', text: t('bell.mark_all'),
                                 onclick: () => markRead(null)})),
                  list);
  const wrapper = h('div', {class: 'bell'}, button, panel);
  state = {button, badge, panel, list, wrapper, timer: null, count: 0};
  button.addEventListener('click', () => (panel.hidden ? open() : close()));
  wrapper.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !panel.hidden) {
      close();
      button.focus();
    }
  });
  document.addEventListener('click', onDocumentClick);
  document.addEventListener('visibilitychange', onVisibility);
  state.timer = setInterval(() => {
    if (document.visibilityState === 'visible') refreshBell();
  }, POLL_MS);
  refreshBell();
  return wrapper;
}

function onDocumentClick(event) {
  if (state && !state.wrapper.contains(event.target)) close();
}

function onVisibility() {
  if (document.visibilityState === 'visible') refreshBell();
}

export function stopBell() {
  if (!state) return;
  clearInterval(state.timer);
  document.removeEventListener('click', onDocumentClick);
  document.removeEventListener('visibilitychange', onVisibility);
  state = null;
}

function bellIcon() {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '22');
  svg.setAttribute('height', '22');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const p = document.createElementNS(ns, 'path');
  p.setAttribute('d', 'M12 2a6 6 0 0 0-6 6v4.5L4 16v1h16v-1l-2-3.5V8a6 6 0 0 0-6-6zm-2.5 17a2.5 ' +
                      '2.5 0 0 0 5 0z');
  p.setAttribute('fill', 'currentColor');
  svg.append(p);
  return svg;
}
