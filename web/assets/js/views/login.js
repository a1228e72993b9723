// The login page: POST /api/method/login opens a session (an HttpOnly cookie the page never sees).
import {h, uid} from '../dom.js';
import {t} from '../i18n.js';
import {navigate} from '../router.js';
import {login} from '../session.js';
import {errorText} from '../ui.js';
import {renderNavbar} from './navbar.js';

// Only a path inside the UI may follow a login (never another site).
function safeNext(next) {
  return next && next.startsWith('/app') && !next.startsWith('//') ? next : '/app';
}

export function loginView(main, params, query) {
  const usrId = uid('usr');
  const pwdId = uid('pwd');
  const error = h('div', {class: 'form-banner', 'aria-live': 'assertive'});
  const usr = h('input', {id: usrId, name: 'usr', type: 'text', autocomplete: 'username',
                          required: true, autocapitalize: 'off', spellcheck: 'false'});
  const pwd = h('input', {id: pwdId, name: 'pwd', type: 'password',
                          autocomplete: 'current-password', required: true});
  const submit = h('button', {type: 'submit', class: 'btn primary wide', text: t('login.submit')});
  const form = h('form', {class: 'login-form', 'aria-labelledby': 'page-title'},
                 h('h1', {id: 'page-title', tabindex: '-1', text: t('login.title')}),
                 error,
                 h('div', {class: 'field'}, h('label', {for: usrId, class: 'field-label',
                                                        text: t('login.user')}), usr),
                 h('div', {class: 'field'}, h('label', {for: pwdId, class: 'field-label',
                                                        text: t('login.password')}), pwd),
                 submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.replaceChildren();
    submit.disabled = true;
    try {
      await login(usr.value.trim(), pwd.value);
      renderNavbar();
      navigate(safeNext(query.get('next')), {replace: true, force: true});
    } catch (err) {
      error.append(h('div', {class: 'banner error', role: 'alert'}, errorText(err)));
      pwd.value = '';
      pwd.focus();
    } finally {
      submit.disabled = false;
    }
  });
  main.append(h('div', {class: 'login-page'}, form));
  usr.focus();
}
