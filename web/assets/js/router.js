// Client-side routing over the History API: the server answers every UI path (/, /login, /app/...)
// with index.html, and this module picks the view for the path. Path segments are
// percent-decoded, so a document named "ISS-2025-00001" or "Open / urgent" routes the same way.
import {clear} from './dom.js';

const routes = [];
let currentCleanup = null;
let currentGuard = null;
let renderToken = 0;
const afterRenderListeners = new Set();

// route('app/:doctype/:name', view): `view(main, params, query)` renders into main and may return
// (or resolve to) {cleanup(), canLeave()}. Earlier routes win.
export function route(pattern, view) {
  routes.push({segments: pattern.split('/').filter(Boolean), view});
}

export function onAfterRender(fn) {
  afterRenderListeners.add(fn);
}

function match(pathname) {
  const segments = pathname.split('/').filter(Boolean).map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  for (const r of routes) {
    if (r.segments.length !== segments.length) continue;
    const params = {};
    let ok = true;
    r.segments.forEach((seg, i) => {
      if (seg.startsWith(':')) params[seg.slice(1)] = segments[i];
      else if (seg !== segments[i]) ok = false;
    });
    if (ok) return {view: r.view, params};
  }
  return null;
}

// The URL of a UI path built from raw segments: path('app', 'notification', name).
export function path(...segments) {
  return '/' + segments.map((s) => encodeURIComponent(s)).join('/');
}

export async function render() {
  const token = ++renderToken;
  if (currentCleanup) {
    try {
      currentCleanup();
    } catch (err) {
      console.error(err);
    }
  }
  currentCleanup = null;
  currentGuard = null;
  const main = document.getElementById('main');
  const found = match(location.pathname) || match('/notfound');
  clear(main);
  const query = new URLSearchParams(location.search);
  const result = await found.view(main, found.params, query);
  if (token !== renderToken) {
    if (result && result.cleanup) result.cleanup();
    return;
  }
  if (result) {
    currentCleanup = result.cleanup || null;
    currentGuard = result.canLeave || null;
  }
  for (const fn of afterRenderListeners) fn(location.pathname);
}

// Goes to `url` (a UI path) without reloading; asks the current view first when it has unsaved
// changes.
export function navigate(url, {replace = false, force = false} = {}) {
  if (!force && currentGuard && !currentGuard()) return;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.scrollTo(0, 0);
  return render();
}

export function start() {
  window.addEventListener('popstate', () => render());
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const a = event.target.closest('a[href]');
    if (!a || a.target || a.hasAttribute('download')) return;
    if (a.getAttribute('href').startsWith('#')) return;  // In-page links (the skip link).
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin) return;
    if (!(url.pathname === '/' || url.pathname === '/login' || url.pathname.startsWith('/app'))) {
      return;
    }
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
  window.addEventListener('beforeunload', (event) => {
    if (currentGuard && !currentGuard({silent: true})) event.preventDefault();
  });
  return render();
}
