// Users (admin): create, role, enable/disable; the price multiplier for one user or a selection at once.
import {append, h, options} from '../dom.js';
import {dateTime, number, t} from '../i18n.js';
import {get, patch, post} from '../api.js';
import {attempt, badge, button, field, formDialog, input, pageHead, section, showError, table, toast} from '../ui.js';
import {reload} from '../nav.js';

export async function render(el, params, search, session) {
  const [users, groups] = await Promise.all([get('/admin/users'), get('/admin/groups')]);
  const selected = new Set();
  const count = h('span', {class: 'muted', dataset: {selected: 'count'}});
  const multiplier = input({type: 'number', min: 0, step: 'any', placeholder: '1.0', dataset: {field: 'multiplierPpm'}});
  const apply = button(t('users.setMultiplier'), () => setMultiplier([...selected], multiplier), 'primary',
    {dataset: {action: 'set-multiplier'}});
  const refreshSelection = () => {
    count.textContent = t('users.selected', {n: selected.size});
    apply.disabled = selected.size === 0;
  };
  const all = h('input', {type: 'checkbox', 'aria-label': t('users.selectAll'), onchange: () => {
    el.querySelectorAll('input[data-user]').forEach(c => {
      c.checked = all.checked;
      c.dispatchEvent(new Event('change'));
    });
  }});
  append(el, pageHead(t('nav.users'),
    button(t('users.new'), () => createUser(groups), 'primary', {dataset: {action: 'new-user'}})),
  section(t('users.multiplierTitle'), h('p', {class: 'muted'}, t('users.multiplierHelp')),
    h('div', {class: 'toolbar'}, field(t('users.multiplier'), multiplier, {field: 'multiplierPpm'}), apply, count)),
  section(null, table([
    {title: all, cell: u => h('input', {type: 'checkbox', dataset: {user: u.username}, 'aria-label': u.username,
      onchange: e => { if (e.target.checked) selected.add(u.id); else selected.delete(u.id); refreshSelection(); }})},
    {title: t('users.username'), cell: u => h('a', {href: `#/users/${u.id}`}, u.username)},
    {title: t('users.role'), cell: u => t(`role.${u.role}`)},
    {title: t('users.group'), cell: u => u.group},
    {title: t('users.multiplier'), class: 'num', cell: u => `×${number(u.priceMultiplierPpm / 1e6, 4)}`},
    {title: t('users.state'), cell: u => badge(u.enabled ? 'enabled' : 'disabled')},
    {title: t('users.created'), cell: u => dateTime(u.createdAt)},
    {title: '', cell: u => u.id === session.user.id ? null : button(u.enabled ? t('common.disable') : t('common.enable'),
      () => attempt(() => patch(`/admin/users/${u.id}`, {enabled: !u.enabled}), t('common.saved')).then(reload),
      'small')},
  ], users, {rowClass: u => (u.enabled ? '' : 'off')})));
  refreshSelection();
}

async function setMultiplier(userIds, multiplier) {
  const value = Number(multiplier.value);
  if (multiplier.value.trim() === '' || !(value >= 0)) {
    showError(multiplier.closest('.toolbar'), {field: 'multiplierPpm', message: t('users.multiplierInvalid')});
    return;
  }
  try {
    const r = await post('/admin/users/multiplier', {userIds, multiplierPpm: Math.round(value * 1e6)});
    toast(t('users.multiplierSet', {n: r.updated}), 'good');
    reload();
  } catch (e) {
    showError(multiplier.closest('.toolbar'), e);
  }
}

function createUser(groups) {
  const username = input({required: true, autocomplete: 'off'});
  const password = input({type: 'password', autocomplete: 'new-password', required: true});
  const role = h('select', null, options([['user', t('role.user')], ['admin', t('role.admin')]], 'user'));
  const group = h('select', null, options(groups.map(g => g.name), 'default'));
  const form = h('form', null, h('p', {class: 'form-error'}),
    field(t('users.username'), username, {field: 'username'}),
    field(t('auth.password'), password, {field: 'password', hint: t('users.passwordHint')}),
    field(t('users.role'), role, {field: 'role'}), field(t('users.group'), group, {field: 'group'}));
  formDialog(t('users.new'), form, () => post('/admin/users', {username: username.value.trim(),
    password: password.value, role: role.value, group: group.value}), {label: t('common.create'), then: reload});
}
