// Client keys: a user's own (an admin sees every key with its owner); create, edit, rotate, disable, delete.
import {append, h} from '../dom.js';
import {ago, compact, dateTime, money, number, t} from '../i18n.js';
import {del, get, post} from '../api.js';
import {attempt, badge, button, confirm, pageHead, section, table} from '../ui.js';
import {reload} from '../nav.js';
import {tags} from './accounts.js';
import {editKey, showOnce} from './key-form.js';
import {alertsSection} from './key-alerts.js';
import {capturePolicy, keyCapture} from './body-capture.js';

export async function render(el, params, search, session) {
  const admin = session.user.role === 'admin';
  const [keys, policy] = await Promise.all([get('/admin/keys'), admin ? capturePolicy() : null]);
  append(el, pageHead(t('nav.keys'),
    button(t('keys.new'), () => editKey(null, admin, reload), 'primary', {dataset: {action: 'new-key'}})),
  section(null, table([
    {title: t('keys.name'), cell: k => h('div', null, h('strong', null, k.name),
      h('div', {class: 'mono muted'}, k.displayPrefix))},
    admin ? {title: t('keys.owner'), cell: k => k.owner || '—'} : null,
    {title: t('keys.state'), cell: k => badge(keyState(k))},
    {title: t('keys.models'), cell: k => tags(k.models, 3)},
    {title: t('keys.limits'), cell: k => limits(k)},
    {title: t('keys.budget'), cell: k => (k.budgetMicros == null ? t('keys.noBudget')
      : t('keys.spentOf', {spent: money(k.spentMicros), budget: money(k.budgetMicros)}))},
    {title: t('usage.requests'), class: 'num', cell: k => number(k.usage.requests)},
    {title: t('usage.tokens'), class: 'num', cell: k => compact(k.usage.inputTokens + k.usage.outputTokens)},
    {title: t('usage.cost'), class: 'num', cell: k => money(k.usage.costMicros)},
    {title: t('keys.lastUsed'), cell: k => ago(k.usage.lastRequestAt)},
    {title: t('keys.expires'), cell: k => (k.expiresAt ? dateTime(k.expiresAt) : t('keys.never'))},
    admin ? {title: t('keys.bodies'), cell: k => keyCapture(k, policy)} : null,
    {title: '', cell: k => actions(k, admin)},
  ].filter(Boolean), keys, {empty: t('keys.none'), rowClass: k => (k.enabled ? '' : 'off')})),
  admin ? await alertsSection(keys) : null);
}

function keyState(k) {
  if (!k.enabled) return 'disabled';
  if (k.expiresAt && new Date(k.expiresAt) < new Date()) return 'expired';
  return 'active';
}

function limits(k) {
  const parts = [];
  if (k.rpm) parts.push(t('keys.rpmValue', {n: number(k.rpm)}));
  if (k.tpm) parts.push(t('keys.tpmValue', {n: compact(k.tpm)}));
  if (k.maxConcurrency) parts.push(t('keys.concurrencyValue', {n: k.maxConcurrency}));
  if (k.ipAllow && k.ipAllow.length) parts.push(t('keys.ipCount', {n: k.ipAllow.length}));
  if (k.allowedProviders && k.allowedProviders.length) parts.push(k.allowedProviders.join(', '));
  return parts.length ? parts.join(' · ') : t('keys.unlimited');
}

function actions(k, admin) {
  return h('div', {class: 'btn-group', dataset: {key: k.name}},
    button(t('common.edit'), () => editKey(k, admin, reload), 'small', {dataset: {action: 'edit'}}),
    button(t('keys.rotate'), async () => {
      if (await confirm(t('keys.confirmRotate', {name: k.name}), t('keys.rotate'))) {
        const rotated = await attempt(() => post(`/admin/keys/${k.id}/rotate`));
        if (rotated) showOnce(rotated.key, reload);
      }
    }, 'small', {dataset: {action: 'rotate'}}),
    k.enabled
      ? button(t('common.disable'), () => attempt(() => post(`/admin/keys/${k.id}/disable`)).then(reload), 'small',
        {dataset: {action: 'disable'}})
      : button(t('common.enable'), () => attempt(() => post(`/admin/keys/${k.id}/enable`)).then(reload), 'small',
        {dataset: {action: 'enable'}}),
    button(t('common.delete'), async () => {
      if (await confirm(t('keys.confirmDelete', {name: k.name}), t('common.delete'))) {
        await attempt(() => del(`/admin/keys/${k.id}`), t('common.deleted'));
        reload();
      }
    }, 'small danger', {dataset: {action: 'delete'}}));
}
