// Accounts: the list with status, circuit and routing settings; test, edit, enable/disable; import and export.
import {append, download, h, replace} from '../dom.js';
import {duration, t} from '../i18n.js';
import {get, patch, post} from '../api.js';
import {attempt, badge, button, pageHead, section, table} from '../ui.js';
import {reload} from '../nav.js';
import {bulkImport, editAccount} from './account-form.js';

export async function render(el) {
  const [accounts, health] = await Promise.all([get('/admin/accounts'), get('/admin/account-health')]);
  const circuits = Object.fromEntries(health.items.map(a => [a.id, a]));
  append(el, pageHead(t('nav.accounts'),
    button(t('accounts.export'), exportAccounts, '', {dataset: {action: 'export'}}),
    button(t('accounts.bulkImport'), () => bulkImport(reload), '', {dataset: {action: 'bulk-import'}}),
    button(t('accounts.new'), () => editAccount(null, reload), 'primary', {dataset: {action: 'new-account'}})),
  section(null, table([
    {title: t('accounts.name'), cell: a => h('a', {href: `#/accounts/${a.id}`}, a.name)},
    {title: t('accounts.provider'), cell: a => t(`provider.${a.provider}`)},
    {title: t('accounts.status'), cell: a => badge(a.status)},
    {title: t('accounts.circuit'), cell: a => badge(circuits[a.id] ? circuits[a.id].circuit : 'closed')},
    {title: t('accounts.priority'), class: 'num', cell: a => a.priority},
    {title: t('accounts.weight'), class: 'num', cell: a => a.weight},
    {title: t('accounts.groups'), cell: a => tags(a.groups)},
    {title: t('accounts.quota'), cell: quotaText},
    {title: t('accounts.models'), cell: a => tags(a.models, 4)},
    {title: t('accounts.test'), cell: a => testCell(a)},
    {title: '', cell: a => h('div', {class: 'btn-group'},
      button(t('common.edit'), () => editAccount(a, reload), 'small'),
      a.status === 'active'
        ? button(t('common.disable'), () => setStatus(a, 'disabled', reload), 'small', {dataset: {action: 'disable'}})
        : button(t('common.enable'), () => setStatus(a, 'active', reload), 'small', {dataset: {action: 'enable'}}))},
  ], accounts, {empty: t('accounts.none'), rowClass: a => (a.status === 'active' ? '' : 'off'),
    onRow: a => { location.hash = `#/accounts/${a.id}`; }})));
}

/** "12 of 100 requests a day", or "none". */
export function quotaText(account) {
  const q = account.quota;
  return q ? t('accounts.quotaUsed', {used: q.used, limit: q.limit, unit: t(`accounts.quotaUnit.${q.unit}`),
    period: t(`accounts.quotaPeriod.${q.period}`)}) : t('accounts.noQuota');
}

export function tags(items, most = 99) {
  const shown = (items || []).slice(0, most);
  return h('div', {class: 'tags'}, shown.map(s => h('span', {class: 'tag'}, s)),
    items && items.length > most ? h('span', {class: 'tag'}, `+${items.length - most}`) : null);
}

/** A test button that shows the upstream's verdict and latency beside itself. */
export function testCell(account, model) {
  const result = h('span', {class: 'test-result', dataset: {test: account.name}});
  const run = button(t('accounts.test'), async () => {
    run.disabled = true;
    replace(result, t('accounts.testing'));
    try {
      const r = await post(`/admin/accounts/${account.id}/test`, model ? {model: model()} : {});
      replace(result, badge(r.ok ? 'ok' : 'failed', r.ok ? 'good' : 'bad'), ' ',
        t('accounts.testResult', {status: r.status || t('accounts.noAnswer'), latency: duration(r.latencyMs)}),
        r.ok || !r.message ? null : h('div', {class: 'muted'}, r.message));
    } catch (e) {
      replace(result, h('span', {class: 'form-error'}, e.message));
    } finally {
      run.disabled = false;
    }
  }, 'small', {dataset: {action: 'test'}});
  return h('div', null, run, ' ', result);
}

export async function setStatus(account, status, done) {
  await attempt(() => patch(`/admin/accounts/${account.id}`, {status}), t('common.saved'));
  done();
}

/** Every account's settings as the API exports them (keys masked, with their fingerprints); the export is audited. */
async function exportAccounts() {
  const rows = await attempt(() => get('/admin/accounts/export'));
  if (rows) download('accounts.json', JSON.stringify(rows, null, 2), 'application/json');
}
