// The navigation bar: the main screens, the language switch, the bell and the user's log out.
// On a phone-sized screen the links fold behind a menu button.
import {h, clear, uid} from '../dom.js';
import {t, lang, setLang, LANGUAGES} from '../i18n.js';
import {navigate} from '../router.js';
import {logout, session} from '../session.js';
import {createBell, stopBell} from './bell.js';

function links() {
  const items = [
    ['nav.notifications', '/app/notification'],
    ['nav.webhooks', '/app/incoming-webhook-url'],
    ['nav.documents', '/app'],
    ['nav.deliveries', '/app/webhook-delivery'],
    ['nav.error_log', '/app/error-log'],
  ];
  if (session.isSystemManager) items.push(['nav.doctypes', '/app/doctype']);
  return items;
}

function languageSwitch() {
  const id = uid('lang');
  const select = h('select', {id, class: 'lang-switch', name: 'language'},
                   LANGUAGES.map((l) => h('option', {value: l.code, text: l.name,
                                                     lang: l.code})));
  select.value = lang();
  select.addEventListener('change', () => setLang(select.value));
  return h('div', {class: 'lang'}, h('label', {for: id, class: 'visually-hidden',
                                                text: t('nav.language')}), select);
}

// Marks the link of the current screen (aria-current).
export function highlightNav(pathname) {
  const navbar = document.getElementById('navbar');
  let best = null;
  for (const a of navbar.querySelectorAll('.nav-links a')) {
    const href = a.getAttribute('href');
    const matches = pathname === href || pathname.startsWith(`${href}/`);
    if (matches && (!best || href.length > best.getAttribute('href').length)) best = a;
    a.removeAttribute('aria-current');
  }
  if (best) best.setAttribute('aria-current', 'page');
}

export function renderNavbar() {
  const navbar = document.getElementById('navbar');
  clear(navbar);
  document.getElementById('skip-link').textContent = t('nav.skip');
  const brand = h('a', {class: 'brand', href: session.user ? '/app' : '/login'},
                  h('img', {src: '/assets/favicon.svg', alt: '', width: '24', height: '24'}),
                  'crier');
  if (!session.user) {
    stopBell();
    navbar.append(h('nav', {class: 'nav', 'aria-label': t('nav.main')}, brand,
                    h('div', {class: 'nav-right'}, languageSwitch())));
    return;
  }
  const menuId = uid('nav-menu');
  const toggle = h('button', {type: 'button', class: 'menu-toggle', 'aria-expanded': 'false',
                              'aria-controls': menuId, text: t('nav.menu')});
  const list = h('ul', {id: menuId, class: 'nav-links'},
                 links().map(([key, href]) => h('li', {}, h('a', {href, text: t(key)}))));
  toggle.addEventListener('click', () => {
    const openNow = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(openNow));
    list.classList.toggle('open', openNow);
  });
  list.addEventListener('click', (event) => {
    if (event.target.closest('a')) {
      toggle.setAttribute('aria-expanded', 'false');
      list.classList.remove('open');
    }
  });
  const logoutButton = h('button', {type: 'button', class: 'btn small', text: t('nav.logout'),
                                    'data-action': 'logout'});
  logoutButton.addEventListener('click', async () => {
    try {
      await logout();
    } finally {
      renderNavbar();
      navigate('/login', {force: true});
    }
  });
  navbar.append(h('nav', {class: 'nav', 'aria-label': t('nav.main')}, brand, toggle, list,
                  h('div', {class: 'nav-right'}, languageSwitch(), createBell(),
                    h('span', {class: 'user-name', title: session.user,
                               text: session.fullName || session.user}),
                    logoutButton)));
  highlightNav(location.pathname);
}
