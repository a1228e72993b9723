// The start page: the screens of the seed guide's flow, then every DocType whose documents can be
// listed (the demo Issue, the DocTypes users added, then crier's own).
import {h} from '../dom.js';
import {t, doctypeLabel} from '../i18n.js';
import {listDocTypes, slug} from '../meta.js';
import {path} from '../router.js';
import {session} from '../session.js';
import {pageHeader} from '../ui.js';

function card(titleKey, descKey, href) {
  return h('li', {class: 'card'}, h('a', {href}, h('span', {class: 'card-title', text: t(titleKey)}),
                                      h('span', {class: 'card-desc', text: t(descKey)})));
}

export async function homeView(main) {
  const doctypes = (await listDocTypes()).filter((d) => !Number(d.istable));
  const custom = doctypes.filter((d) => Number(d.custom));
  const system = doctypes.filter((d) => !Number(d.custom));
  const doctypeList = (list) => h('ul', {class: 'doctype-links'},
                                  list.map((d) => h('li', {}, h('a', {href: path('app', slug(d.name)),
                                                                      text: doctypeLabel(d.name)}))));
  main.append(
      pageHeader(t('home.title')),
      h('section', {'aria-labelledby': 'home-flow'},
        h('h2', {id: 'home-flow', text: t('home.flow')}),
        h('ul', {class: 'cards'},
          card('nav.webhooks', 'home.webhooks_desc', '/app/incoming-webhook-url'),
          card('nav.notifications', 'home.notifications_desc', '/app/notification'),
          card('nav.deliveries', 'home.deliveries_desc', '/app/webhook-delivery'),
          card('nav.error_log', 'home.error_log_desc', '/app/error-log'),
          session.isSystemManager ? card('nav.doctypes', 'home.doctypes_desc', '/app/doctype') :
                                    null)),
      h('section', {'aria-labelledby': 'home-docs'},
        h('h2', {id: 'home-docs', text: t('home.documents')}),
        custom.length ? doctypeList(custom) : h('p', {class: 'empty', text: t('home.no_custom')}),
        h('h3', {text: t('home.system_doctypes')}), doctypeList(system)));
}
