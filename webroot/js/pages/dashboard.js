// Dashboard: usage over time (charts), top models and keys, the accounts' health, users on fallback, live rate.
import {append, h, replace} from '../dom.js';
import {ago, compact, duration, money, number, percent, t} from '../i18n.js';
import {get, query} from '../api.js';
import {timeChart} from '../chart.js';
import {badge, section, table} from '../ui.js';
import {usageSeries, utcDay} from './usage-series.js';

const RANGES = ['24h', '7d', '30d'];
const LIVE_MS = 10_000;

export async function render(el, params, search, session) {
  const admin = session.user.role === 'admin';
  const range = RANGES.includes(search.get('range')) ? search.get('range') : '24h';
  const days = {'24h': 2, '7d': 7, '30d': 30}[range];
  const period = {from: utcDay(-(days - 1)), to: utcDay(0)};
  const [series, models, keyUsage, keys, health, fallback, summary] = await Promise.all([
    usageSeries(range),
    get(`/admin/usage/models${query(period)}`),
    get(`/admin/usage/keys${query(period)}`),
    get('/admin/keys'),
    admin ? get('/admin/account-health') : null,
    admin ? get('/admin/quotas/fallback') : null,
    admin ? null : get('/admin/usage/summary'),
  ]);
  const tabs = h('div', {class: 'tabs', role: 'tablist'}, RANGES.map(r => h('button', {
    type: 'button', class: r === range ? 'active' : null, dataset: {range: r},
    onclick: () => { location.hash = `#/dashboard?range=${r}`; },
  }, t(`dashboard.range.${r}`))));
  const charts = h('div', {class: 'charts'});
  const live = h('div', {class: 'live'});
  append(el, h('div', {class: 'page-head'}, h('h1', null, t('nav.dashboard')), h('div', {class: 'actions'}, tabs)),
    stats(series),
    summary && summary.quota ? quotaPanel(summary.quota) : null,
    section(t('dashboard.live'), live),
    charts,
    h('div', {class: 'grid-2'},
      section(t('dashboard.topModels', {from: period.from, to: period.to}), topModels(models.models)),
      section(t('dashboard.topKeys', {from: period.from, to: period.to}), topKeys(keyUsage.keys, keys))),
    health ? section(t('dashboard.health'), healthGrid(health.items)) : null,
    fallback ? section(t('dashboard.fallback'), fallbackTable(fallback)) : null);
  const removers = [];
  const draw = async () => {
    const xs = series.points.map(p => p.at);
    const v = f => series.points.map(f);
    for (const [title, whole, lines] of [
      ['requests', true, [{label: t('usage.requests'), values: v(p => p.requests), format: compact},
        {label: t('usage.errors'), values: v(p => p.errors), format: compact}]],
      ['tokens', true, [{label: t('usage.inputTokens'), values: v(p => p.inputTokens), format: compact},
        {label: t('usage.outputTokens'), values: v(p => p.outputTokens), format: compact}]],
      ['cost', false, [{label: t('usage.cost'), values: v(p => p.costMicros), format: money}]],
      ['errorRate', false, [{label: t('usage.errorRate'), values: v(p => (p.requests ? p.errors / p.requests : 0)),
        format: percent}]],
    ]) {
      const box = h('div', {class: 'chart'});
      charts.append(section(t(`dashboard.chart.${title}`), box));
      removers.push(await timeChart(box, xs, lines, {days: series.unit === 'day', whole}));
    }
  };
  const liveChart = h('div', {class: 'chart'});
  const liveValue = h('div', {class: 'v', dataset: {live: 'rate'}}, '—');
  live.append(h('div', null, liveValue, h('div', {class: 'muted'}, t('dashboard.perMinute'))), liveChart);
  let removeLive = null;
  const refreshLive = async () => {
    const minutes = await usageSeries('live');
    const points = minutes.points;
    replace(liveValue, number(points.length > 1 ? points[points.length - 2].requests : 0));
    if (removeLive) removeLive();
    removeLive = await timeChart(liveChart, points.map(p => p.at),
      [{label: t('usage.requests'), values: points.map(p => p.requests), format: compact}],
      {height: 120, legend: false, whole: true});
  };
  requestAnimationFrame(() => { draw(); refreshLive(); });
  const timer = setInterval(() => refreshLive().catch(() => {}), LIVE_MS);
  return () => {
    clearInterval(timer);
    removers.forEach(remove => remove());
    if (removeLive) removeLive();
  };
}

function stats(series) {
  const sum = f => series.points.reduce((a, p) => a + (f(p) || 0), 0);
  const requests = sum(p => p.requests);
  const errors = sum(p => p.errors);
  const stat = (key, value, sub) => h('div', {class: 'stat', dataset: {stat: key}},
    h('div', {class: 'k'}, t(`dashboard.stat.${key}`)), h('div', {class: 'v'}, value), h('div', {class: 's'}, sub));
  return h('div', {class: 'stats'},
    stat('requests', number(requests), t('dashboard.errors', {n: number(errors)})),
    stat('tokens', compact(sum(p => p.inputTokens) + sum(p => p.outputTokens)),
      t('dashboard.inOut', {input: compact(sum(p => p.inputTokens)), output: compact(sum(p => p.outputTokens))})),
    stat('cost', money(sum(p => p.costMicros)), ''),
    stat('errorRate', percent(requests ? errors / requests : null), ''));
}

/** A user's own balance and daily quota (never their multiplier or base cost). */
function quotaPanel(q) {
  const daily = q.dailyQuotaMicros;
  const meter = h('div', {class: `meter ${daily != null && q.todaySpendMicros >= daily ? 'over' : ''}`}, h('div'));
  if (daily) meter.firstChild.style.width = `${Math.min(100, (q.todaySpendMicros / daily) * 100)}%`;
  return section(t('dashboard.myQuota'), h('dl', {class: 'facts'},
    h('dt', null, t('quota.balance')), h('dd', null, q.balanceMicros == null ? t('quota.notPrepaid') : money(q.balanceMicros)),
    h('dt', null, t('quota.daily')), h('dd', null, daily == null ? t('quota.none') : money(daily)),
    h('dt', null, t('quota.today')), h('dd', null, money(q.todaySpendMicros), daily ? meter : null),
    q.onFallback ? [h('dt', null, t('quota.fallback')), h('dd', null, badge('on_fallback', 'warn'))] : null));
}

function topModels(rows) {
  const top = [...rows].sort((a, b) => b.costMicros - a.costMicros || b.requests - a.requests).slice(0, 8);
  return table([
    {title: t('usage.model'), cell: r => r.model},
    {title: t('usage.requests'), class: 'num', cell: r => number(r.requests)},
    {title: t('usage.tokens'), class: 'num', cell: r => compact(r.inputTokens + r.outputTokens)},
    {title: t('usage.cost'), class: 'num', cell: r => money(r.costMicros)},
  ], top, {empty: t('dashboard.noUsage')});
}

function topKeys(rows, keys) {
  const names = Object.fromEntries(keys.map(k => [k.id, k.name]));
  const top = [...rows].sort((a, b) => b.costMicros - a.costMicros || b.requests - a.requests).slice(0, 8);
  return table([
    {title: t('keys.name'), cell: r => names[r.keyId] ?? `#${r.keyId}`},
    {title: t('usage.requests'), class: 'num', cell: r => number(r.requests)},
    {title: t('usage.tokens'), class: 'num', cell: r => compact(r.inputTokens + r.outputTokens)},
    {title: t('usage.cost'), class: 'num', cell: r => money(r.costMicros)},
  ], top, {empty: t('dashboard.noUsage')});
}

function healthGrid(items) {
  if (!items.length) return h('p', {class: 'muted'}, t('accounts.none'));
  return h('div', {class: 'health', dataset: {grid: 'health'}}, items.map(a => {
    const tone = a.status !== 'active' || a.circuit === 'open' ? 'bad' : a.circuit === 'half_open' ? 'warn' : '';
    const f = a.lastFailure;
    return h('div', {class: `card ${tone}`, dataset: {account: a.name}},
      h('div', {class: 'name'}, h('a', {href: `#/accounts/${a.id}`}, a.name), badge(a.status)),
      h('dl', null,
        h('dt', null, t('accounts.circuit')), h('dd', null, badge(a.circuit)),
        h('dt', null, t('accounts.lastHour')), h('dd', null, t('accounts.requestsErrors',
          {requests: number(a.lastHour.requests), errors: number(a.lastHour.errors)})),
        h('dt', null, t('accounts.latency')), h('dd', null, a.lastHour.medianTtfbMs == null ? '—'
          : t('accounts.latencyValue', {ttfb: duration(a.lastHour.medianTtfbMs), total: duration(a.lastHour.medianLatencyMs)})),
        h('dt', null, t('accounts.lastError')), h('dd', null, f ? `${f.status || t('accounts.noAnswer')}`
          + `${f.errorClass ? ` · ${f.errorClass}` : ''} · ${ago(f.at)}` : '—')));
  }));
}

function fallbackTable(rows) {
  return table([
    {title: t('users.username'), cell: r => h('a', {href: `#/users/${r.userId}`}, r.username)},
    {title: t('users.group'), cell: r => r.group},
    {title: t('quota.fallbackGroup'), cell: r => r.fallbackGroup},
    {title: t('quota.daily'), class: 'num', cell: r => money(r.dailyQuotaMicros)},
    {title: t('quota.since'), cell: r => ago(r.fallbackSince)},
  ], rows, {empty: t('dashboard.noFallback')});
}
