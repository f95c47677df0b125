// The signed-in user's own page: who they are and a password change (every older token stops working).
import {append, h} from '../dom.js';
import {dateTime, t} from '../i18n.js';
import {keep, post} from '../api.js';
import {field, input, pageHead, section, showError, toast} from '../ui.js';

export async function render(el, params, search, session) {
  const me = session.user;
  const current = input({type: 'password', autocomplete: 'current-password'});
  const next = input({type: 'password', autocomplete: 'new-password'});
  const again = input({type: 'password', autocomplete: 'new-password'});
  const form = h('form', {class: 'narrow'}, h('p', {class: 'form-error'}),
    h('input', {type: 'text', name: 'username', autocomplete: 'username', value: me.username, hidden: true}),
    field(t('auth.currentPassword'), current, {field: 'currentPassword'}),
    field(t('auth.newPassword'), next, {field: 'newPassword', hint: t('users.passwordHint')}),
    field(t('auth.repeatPassword'), again, {field: 'repeat'}),
    h('button', {type: 'submit', class: 'btn primary'}, t('auth.changePassword')));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    if (next.value !== again.value) {
      showError(form, {field: 'repeat', message: t('auth.mismatch')});
      return;
    }
    try {
      keep(await post('/admin/me/password', {currentPassword: current.value, newPassword: next.value}));
      form.reset();
      showError(form, null);
      toast(t('auth.passwordChanged'), 'good');
    } catch (err) {
      showError(form, err);
    }
  });
  append(el, pageHead(t('nav.profile')),
    h('div', {class: 'row'},
      section(t('profile.me'), h('dl', {class: 'facts'},
        h('dt', null, t('users.username')), h('dd', null, me.username),
        h('dt', null, t('users.role')), h('dd', null, t(`role.${me.role}`)),
        h('dt', null, t('users.group')), h('dd', null, me.group),
        h('dt', null, t('users.created')), h('dd', null, dateTime(me.createdAt)))),
      section(t('auth.changePassword'), form)));
}
