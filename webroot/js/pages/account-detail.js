// One account: its settings (credential masked), a test with a chosen model, status history and rule hits.
import {append, h, options} from '../dom.js';
import {dateTime, duration, number, t} from '../i18n.js';
import {del, get} from '../api.js';
import {attempt, badge, button, confirm, pageHead, section, table} from '../ui.js';
import {go, reload} from '../nav.js';
import {editAccount} from './account-form.js';
import {quotaText, setStatus, tags, testCell} from './accounts.js';

export async function render(el, params) {
  const id = params.id;
  const [a, health, events, hits, rules] = await Promise.all([
    get(`/admin/accounts/${id}`), get('/admin/account-health'),
    get(`/admin/accounts/${id}/status-events?limit=50`), get(`/admin/accounts/${id}/rule-hits?limit=50`),
    get('/admin/rules'),
  ]);
  const state = health.items.find(x => x.id === a.id) || {circuit: 'closed', lastHour: {}};
  const ruleNames = Object.fromEntries(rules.map(r => [r.id, r.name]));
  const models = [...a.models, ...Object.keys(a.aliases)];
  const model = h('select', {dataset: {field: 'model'}}, options(models));
  append(el, 
    pageHead(a.name,
      button(t('common.edit'), () => editAccount(a, reload)),
      a.status === 'active' ? button(t('common.disable'), () => setStatus(a, 'disabled', reload))
        : button(t('common.enable'), () => setStatus(a, 'active', reload)),
      button(t('common.delete'), async () => {
        if (await confirm(t('accounts.confirmDelete', {name: a.name}), t('common.delete'))) {
          await attempt(() => del(`/admin/accounts/${a.id}`), t('common.deleted'));
          go('#/accounts');
        }
      }, 'danger')),
    h('div', {class: 'row'},
      section(t('accounts.settings'), h('dl', {class: 'facts'},
        fact(t('accounts.provider'), t(`provider.${a.provider}`)),
        fact(t('accounts.baseUrl'), h('span', {class: 'mono'}, a.baseUrl)),
        fact(t('accounts.credential'), h('span', {class: 'mono', dataset: {masked: 'credential'}}, a.credential || '—')),
        fact(t('accounts.models'), tags(a.models)),
        fact(t('accounts.aliases'), tags(Object.entries(a.aliases).map(([k, v]) => `${k} → ${v}`))),
        fact(t('accounts.groups'), tags(a.groups)),
        fact(t('accounts.priority'), a.priority), fact(t('accounts.weight'), a.weight),
        fact(t('accounts.quota'), quotaText(a)),
        fact(t('accounts.proxy'), h('span', {class: 'mono', dataset: {masked: 'proxy'}}, a.proxy
          || (a.groupProxy ? t('accounts.proxyInherited', {proxy: a.groupProxy}) : '—'))),
        fact(t('accounts.headers'), tags(Object.keys(a.headers || {}))),
        fact(t('accounts.options'), h('span', {class: 'mono'}, JSON.stringify(a.options))))),
      section(t('accounts.health'), h('dl', {class: 'facts'},
        fact(t('accounts.status'), h('span', null, badge(a.status), a.statusReason ? ` ${a.statusReason}` : '')),
        a.statusUntil ? fact(t('accounts.until'), dateTime(a.statusUntil)) : null,
        fact(t('accounts.circuit'), badge(state.circuit)),
        fact(t('accounts.lastHour'), t('accounts.requestsErrors',
          {requests: number(state.lastHour.requests || 0), errors: number(state.lastHour.errors || 0)})),
        fact(t('accounts.latency'), state.lastHour.medianTtfbMs == null ? '—' : t('accounts.latencyValue',
          {ttfb: duration(state.lastHour.medianTtfbMs), total: duration(state.lastHour.medianLatencyMs)}))),
      h('h2', {class: 'spaced'}, t('accounts.test')), h('div', {class: 'toolbar'}, model, testCell(a, () => model.value)))),
    section(t('accounts.statusHistory'), table([
      {title: t('common.at'), cell: e => dateTime(e.at)},
      {title: t('accounts.change'), cell: e => h('span', null, badge(e.from), ' → ', badge(e.to))},
      {title: t('accounts.reason'), cell: e => e.reason || '—'},
      {title: t('accounts.until'), cell: e => (e.until ? dateTime(e.until) : '—')},
    ], events.items, {empty: t('accounts.noEvents')})),
    section(t('accounts.ruleHits'), hitsTable(hits.items, ruleNames, 'rule')));
}

function fact(label, value) {
  return [h('dt', null, label), h('dd', null, value)];
}

/** Rule hits, naming the rule (on an account's page) or the account (on a rule's page). */
export function hitsTable(items, names, by) {
  return table([
    {title: t('common.at'), cell: x => dateTime(x.at)},
    {title: by === 'rule' ? t('rules.rule') : t('rules.account'),
      cell: x => (by === 'rule' ? h('a', {href: `#/rules/${x.ruleId}`}, names[x.ruleId] ?? `#${x.ruleId}`)
        : h('a', {href: `#/accounts/${x.accountId}`}, names[x.accountId] ?? `#${x.accountId}`))},
    {title: t('rules.mode'), cell: x => badge(x.mode)},
    {title: t('usage.status'), cell: x => (x.status ? String(x.status) : '—')},
    {title: t('rules.errorClass'), cell: x => x.errorClass || '—'},
    {title: t('rules.evidence'), cell: x => h('span', {class: 'mono'}, x.evidence || '')},
    {title: t('rules.actions'), cell: x => tags(x.actions)},
  ], items, {empty: t('rules.noHits')});
}
