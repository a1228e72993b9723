// crier's web UI: boots the session, the navbar and the routes. Every screen is a view function
// in views/; every call to the server goes through api.js.
import {onUnauthorized} from './api.js';
import {h} from './dom.js';
import {t, onLangChange} from './i18n.js';
import {doctypeFromSlug} from './meta.js';
import {navigate, onAfterRender, route, start} from './router.js';
import {loadSession, session} from './session.js';
import {errorBanner, pageHeader} from './ui.js';
import {deliveryDetailView, deliveryListView} from './views/deliveries.js';
import {doctypeListView} from './views/doctypes.js';
import {errorLogDetailView, errorLogListView} from './views/error_log.js';
import {genericFormView} from './views/generic_form.js';
import {homeView} from './views/home.js';
import {listView} from './views/doc_list.js';
import {loginView} from './views/login.js';
import {highlightNav, renderNavbar} from './views/navbar.js';
import {notificationFormView} from './views/notification_form.js';
import {notificationListView} from './views/notifications.js';
import {webhookFormView, webhookListView} from './views/webhooks.js';

// Views that need a session send anonymous visitors to the login page, and show any error (a
// document that does not exist, a 403) in the page instead of a blank screen.
function guarded(view) {
  return async (main, params, query) => {
    if (!session.user) {
      const next = location.pathname + location.search;
      navigate(`/login?next=${encodeURIComponent(next)}`, {replace: true, force: true});
      return null;
    }
    try {
      return await view(main, params, query);
    } catch (err) {
      main.append(pageHeader(t('error.title')), errorBanner(err));
      return null;
    }
  };
}

function notFound(main) {
  main.append(pageHeader(t('error.not_found')),
              h('p', {}, h('a', {href: '/app', text: t('nav.home')})));
}

// /app/{slug}: a DocType's list; unknown slugs are a 404 page.
async function doctypeRoute(params, then) {
  const doctype = await doctypeFromSlug(params.doctype);
  if (!doctype) {
    const err = new Error(t('error.no_doctype', {name: params.doctype}));
    throw err;
  }
  return then(doctype);
}

const newOrName = (name) => (name === 'new' ? null : name);

route('', () => navigate(session.user ? '/app' : '/login', {replace: true, force: true}));
route('login', (main, params, query) => {
  if (session.user) return navigate('/app', {replace: true, force: true});
  return loginView(main, params, query);
});
route('app', guarded(homeView));
route('app/notification', guarded(notificationListView));
route('app/notification/:name', guarded((m, p) => notificationFormView(m, newOrName(p.name))));
route('app/incoming-webhook-url', guarded(webhookListView));
route('app/incoming-webhook-url/:name', guarded((m, p) => webhookFormView(m, newOrName(p.name))));
route('app/webhook-delivery', guarded(deliveryListView));
route('app/webhook-delivery/:name', guarded((m, p) => deliveryDetailView(m, p.name)));
route('app/error-log', guarded(errorLogListView));
route('app/error-log/:name', guarded((m, p) => errorLogDetailView(m, p.name)));
route('app/doctype', guarded(doctypeListView));
route('app/:doctype', guarded((m, p, q) => doctypeRoute(p, (dt) => listView(m, dt, q))));
route('app/:doctype/:name', guarded((m, p, q) => doctypeRoute(p, (dt) => genericFormView(
    m, dt, newOrName(p.name), {prefill: p.name === 'new' ? q : null}))));
route('notfound', notFound);

let firstRender = true;
onAfterRender((pathname) => {
  highlightNav(pathname);
  // After a navigation (not the first load) move focus to the new page's title for screen
  // readers and keyboard users.
  if (!firstRender) {
    const title = document.getElementById('page-title');
    if (title && !document.querySelector('dialog[open]') &&
        !document.getElementById('main').contains(document.activeElement)) {
      title.focus({preventScroll: true});
    }
  }
  firstRender = false;
});

onUnauthorized(() => {
  if (!session.user) return;
  session.user = null;
  renderNavbar();
  navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`,
           {replace: true, force: true});
});

onLangChange(() => {
  renderNavbar();
  navigate(location.pathname + location.search, {replace: true});
});

async function boot() {
  try {
    await loadSession();
  } catch (err) {
    document.getElementById('main').replaceChildren(errorBanner(err));
    return;
  }
  renderNavbar();
  await start();
}

boot();
