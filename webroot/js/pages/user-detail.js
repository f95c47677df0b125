// One user (admin): role, group and state; daily quota, fallback and today's use; balance changes and history.
import {append, h, options} from '../dom.js';
import {dateTime, money, number, t} from '../i18n.js';
import {get, patch, post} from '../api.js';
import {attempt, badge, button, confirm, field, input, micros, pageHead, section, showError, table, toast,
  unitsOf} from '../ui.js';
import {reload} from '../nav.js';

export async function render(el, params) {
  const id = params.id;
  const [user, quota, history, groups] = await Promise.all([get(`/admin/users/${id}`),
    get(`/admin/users/${id}/quota`), get(`/admin/users/${id}/quota-history?limit=50`), get('/admin/groups')]);
  const groupNames = groups.map(g => g.name);
  append(el, pageHead(user.username, badge(user.enabled ? 'enabled' : 'disabled'),
    h('a', {class: 'btn', href: `#/usage?userId=${user.id}`}, t('users.viewUsage'))),
  h('div', {class: 'row'}, profile(user, groupNames), quotaPanel(user, quota, groupNames)),
  h('div', {class: 'row'}, balancePanel(user, quota), section(t('users.quotaHistory'), table([
    {title: t('common.at'), cell: r => dateTime(r.at)},
    {title: t('users.change'), class: 'num', cell: r => money(r.deltaMicros)},
    {title: t('users.after'), class: 'num', cell: r => money(r.afterMicros)},
    {title: t('users.reason'), cell: r => r.reason},
    {title: t('users.actor'), cell: r => r.actor},
  ], history.items, {empty: t('users.noHistory')}))));
}

function profile(user, groups) {
  const role = h('select', null, options([['user', t('role.user')], ['admin', t('role.admin')]], user.role));
  const group = h('select', null, options(groups, user.group));
  const enabled = h('input', {type: 'checkbox', checked: user.enabled});
  const password = input({type: 'password', autocomplete: 'new-password'});
  const form = h('form', null, h('p', {class: 'form-error'}),
    h('dl', {class: 'facts'}, h('dt', null, t('users.multiplier')),
      h('dd', {dataset: {multiplier: user.username}}, `×${number(user.priceMultiplierPpm / 1e6, 4)}`)),
    h('div', {class: 'form-grid'}, field(t('users.role'), role, {field: 'role'}),
      field(t('users.group'), group, {field: 'group'})),
    field(t('users.enabled'), enabled, {field: 'enabled', class: 'check'}),
    button(t('common.save'), async () => {
      try {
        await patch(`/admin/users/${user.id}`, {role: role.value, group: group.value, enabled: enabled.checked});
        toast(t('common.saved'), 'good');
        reload();
      } catch (e) {
        showError(form, e);
      }
    }, 'primary'),
    h('h2', {class: 'spaced'}, t('users.resetPassword')),
    h('div', {class: 'toolbar'}, field(t('auth.newPassword'), password, {field: 'password'}),
      button(t('users.setPassword'), async () => {
        try {
          await post(`/admin/users/${user.id}/password`, {password: password.value});
          password.value = '';
          toast(t('users.passwordSet'), 'good');
        } catch (e) {
          showError(form, e);
        }
      })));
  return section(t('users.profile'), form);
}

function quotaPanel(user, q, groups) {
  const daily = input({type: 'number', min: 0, step: 'any', value: unitsOf(q.dailyQuotaMicros),
    placeholder: t('quota.none')});
  const fallback = h('select', null, options([['', t('quota.noFallback')], ...groups], q.fallbackGroup || ''));
  const used = q.dailyQuotaMicros ? Math.min(100, (q.todaySpendMicros / q.dailyQuotaMicros) * 100) : 0;
  const meter = h('div', {class: `meter ${used >= 100 ? 'over' : ''}`}, h('div'));
  meter.firstChild.style.width = `${used}%`;
  const form = h('form', null, h('p', {class: 'form-error'}),
    h('dl', {class: 'facts'},
      h('dt', null, t('quota.today')), h('dd', {dataset: {quota: 'today'}}, q.dailyQuotaMicros == null
        ? money(q.todaySpendMicros) : t('quota.ofDaily', {spent: money(q.todaySpendMicros), daily: money(q.dailyQuotaMicros)}),
      q.dailyQuotaMicros ? meter : null),
      h('dt', null, t('quota.day')), h('dd', null, `${q.quotaDay} (${q.quotaTimeZone})`),
      h('dt', null, t('quota.fallback')), h('dd', null, q.fallbackSince
        ? t('quota.onFallbackSince', {at: dateTime(q.fallbackSince)}) : t('quota.notOnFallback'))),
    h('div', {class: 'form-grid'},
      field(t('quota.daily'), daily, {field: 'dailyQuotaMicros', hint: t('quota.dailyHint')}),
      field(t('quota.fallbackGroup'), fallback, {field: 'fallbackGroup'})),
    h('div', {class: 'btn-group'},
      button(t('common.save'), async () => {
        try {
          await patch(`/admin/users/${user.id}/quota`, {dailyQuotaMicros: micros(daily.value),
            fallbackGroup: fallback.value || null});
          toast(t('common.saved'), 'good');
          reload();
        } catch (e) {
          showError(form, e);
        }
      }, 'primary'),
      button(t('quota.resetToday'), async () => {
        if (await confirm(t('quota.confirmReset', {name: user.username}), t('quota.resetToday'))) {
          await attempt(() => post(`/admin/users/${user.id}/quota/reset`), t('quota.resetDone'));
          reload();
        }
      }, '', {dataset: {action: 'reset-quota'}})));
  return section(t('users.quota'), form);
}

function balancePanel(user, q) {
  const amount = input({type: 'number', step: 'any', placeholder: '10.00'});
  const reason = input({maxlength: 500});
  const form = h('form', null, h('p', {class: 'form-error'}),
    h('dl', {class: 'facts'}, h('dt', null, t('quota.balance')), h('dd', {dataset: {quota: 'balance'}},
      q.balanceMicros == null ? t('quota.notPrepaid') : money(q.balanceMicros))),
    h('div', {class: 'form-grid'},
      field(t('users.amount'), amount, {field: 'amountMicros', hint: t('users.amountHint')}),
      field(t('users.reason'), reason, {field: 'reason'})),
    button(t('users.adjust'), async () => {
      try {
        const r = await post(`/admin/users/${user.id}/balance`, {amountMicros: micros(amount.value), reason: reason.value});
        toast(t('users.adjusted', {after: money(r.afterMicros)}), 'good');
        reload();
      } catch (e) {
        showError(form, e);
      }
    }, 'primary'));
  return section(t('users.balance'), form);
}
