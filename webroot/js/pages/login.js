// Sign in with a username and password (the initial admin's password is printed once at first start).
import {h} from '../dom.js';
import {currentLanguage, languages, loadLanguage, t} from '../i18n.js';
import {signIn} from '../api.js';
import {field, input, showError} from '../ui.js';

export function render(onSignedIn) {
  const username = input({autocomplete: 'username', required: true, autofocus: true});
  const password = input({type: 'password', autocomplete: 'current-password', required: true});
  const form = h('form', {class: 'login-card', dataset: {page: 'login'}},
    h('div', {class: 'brand big'}, h('img', {src: 'favicon.svg', alt: ''}), t('app.title')),
    h('p', {class: 'muted'}, t('auth.intro')),
    field(t('auth.username'), username, {field: 'username'}),
    field(t('auth.password'), password, {field: 'password'}),
    h('button', {type: 'submit', class: 'btn primary wide'}, t('auth.signIn')),
    h('p', {class: 'hint'}, t('auth.initialHint')),
    h('div', {class: 'lang center'}, languages().map(lang => h('button', {
      type: 'button', class: lang === currentLanguage() ? 'active' : null, dataset: {lang},
      onclick: async () => {
        await loadLanguage(lang);
        form.replaceWith(render(onSignedIn));
      },
    }, t(`lang.${lang}`)))));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const submit = form.querySelector('button[type=submit]');
    submit.disabled = true;
    try {
      const user = await signIn(username.value.trim(), password.value);
      await onSignedIn(user);
    } catch (err) {
      showError(form, err.status === 429 ? {message: t('auth.throttled')} : err);
    } finally {
      submit.disabled = false;
    }
  });
  return h('div', {class: 'login'}, form);
}
