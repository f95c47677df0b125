// Rules (admin): the list with enable/disable; a rule opens its editor, dry-run and hits.
import {append, h} from '../dom.js';
import {number, t} from '../i18n.js';
import {get, post} from '../api.js';
import {attempt, badge, button, pageHead, section, table} from '../ui.js';
import {reload} from '../nav.js';
import {tags} from './accounts.js';

export async function render(el) {
  const [rules, accounts] = await Promise.all([get('/admin/rules'), get('/admin/accounts')]);
  const accountNames = Object.fromEntries(accounts.map(a => [a.id, a.name]));
  append(el, pageHead(t('nav.rules'),
    h('a', {class: 'btn primary', href: '#/rules/new', dataset: {action: 'new-rule'}}, t('rules.new'))),
  section(null, table([
    {title: t('rules.name'), cell: r => h('div', null, h('a', {href: `#/rules/${r.id}`}, r.name),
      r.builtin ? h('span', {class: 'tag'}, t('rules.builtin')) : null,
      r.description ? h('div', {class: 'muted'}, r.description) : null)},
    {title: t('rules.mode'), cell: r => badge(r.mode)},
    {title: t('rules.scope'), cell: r => scopeText(r.scope, accountNames)},
    {title: t('rules.threshold'), cell: r => t('rules.thresholdValue',
      {count: number(r.threshold.count), seconds: number(r.threshold.windowSeconds)})},
    {title: t('rules.actions'), cell: r => tags(r.actions.map(a => (a.status ? `${a.type}:${a.status}` : a.type)))},
    {title: t('rules.enabled'), cell: r => h('div', {class: 'btn-group', dataset: {rule: r.name}}, badge(r.enabled ? 'enabled' : 'disabled'),
      button(r.enabled ? t('common.disable') : t('common.enable'),
        () => attempt(() => post(`/admin/rules/${r.id}/${r.enabled ? 'disable' : 'enable'}`), t('common.saved')).then(reload),
        'small', {dataset: {action: r.enabled ? 'disable' : 'enable'}}))},
  ], rules, {empty: t('rules.none'), rowClass: r => (r.enabled ? '' : 'off'),
    onRow: r => { location.hash = `#/rules/${r.id}`; }})));
}

export function scopeText(scope, accountNames) {
  if (!scope || scope.type === 'all') return t('rules.scope.all');
  if (scope.type === 'account') return `${t('rules.scope.account')}: ${accountNames[scope.accountId] ?? scope.accountId}`;
  return `${t(`rules.scope.${scope.type}`)}: ${scope[scope.type]}`;
}
