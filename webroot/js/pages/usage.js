// Usage and logs: request records with filters (time range, model, key, user, status), paging, CSV, one's detail.
import {append, download, h, options, replace} from '../dom.js';
import {dateTime, duration, money, number, t} from '../i18n.js';
import {get, query, send} from '../api.js';
import {attempt, badge, button, dialog, field, input, pageHead, section, table} from '../ui.js';
import {requestBodies} from './body-capture.js';

const PAGE = 50;

function localInput(ms) {
  return new Date(ms - new Date(ms).getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

export async function render(el, params, search, session) {
  const admin = session.user.role === 'admin';
  const [keys, users] = await Promise.all([get('/admin/keys'), admin ? get('/admin/users') : []]);
  const keyNames = Object.fromEntries(keys.map(k => [k.id, k.name]));
  const userNames = Object.fromEntries(users.map(u => [u.id, u.username]));
  const from = input({type: 'datetime-local', value: localInput(Date.now() - 86400_000)});
  const to = input({type: 'datetime-local', value: localInput(Date.now() + 60_000)});
  const model = input({placeholder: 'gpt-4o-mini'});
  const key = h('select', null, options([['', t('usage.allKeys')], ...keys.map(k => [k.id, k.name])], search.get('keyId')));
  const user = h('select', null, options([['', t('usage.allUsers')], ...users.map(u => [u.id, u.username])], search.get('userId')));
  const status = h('select', null, options([['', t('usage.allStatuses')], ['ok', t('usage.statusOk')],
    ['error', t('usage.statusError')], '400', '401', '402', '403', '404', '429', '500', '502', '503', '504'], ''));
  const results = h('div');
  const filters = () => ({
    from: from.value ? new Date(from.value).toISOString() : null, to: to.value ? new Date(to.value).toISOString() : null,
    model: model.value.trim(), keyId: key.value, userId: admin ? user.value : null, status: status.value,
  });
  const cursors = [null];
  const load = async () => {
    replace(results, h('p', {class: 'loading'}, t('common.loading')));
    try {
      const page = await get(`/admin/usage/records${query({...filters(), limit: PAGE, cursor: cursors[cursors.length - 1]})}`);
      replace(results, records(page.items, admin, keyNames, userNames), h('div', {class: 'toolbar'},
        button(t('common.previous'), () => { cursors.pop(); load(); }, '', {disabled: cursors.length < 2}),
        h('span', {class: 'muted'}, t('usage.page', {n: cursors.length})),
        button(t('common.next'), () => { cursors.push(page.nextCursor); load(); }, '',
          {disabled: !page.nextCursor, dataset: {action: 'next-page'}})));
    } catch (e) {
      replace(results, h('p', {class: 'form-error'}, e.message));
    }
  };
  const apply = () => {
    cursors.length = 1;
    load();
  };
  append(el, pageHead(t('nav.usage'),
    button(t('common.exportCsv'), () => attempt(async () => {
      const response = await send('GET', `/admin/usage/records.csv${query(filters())}`);
      download('usage.csv', await response.text(), 'text/csv');
    }), '', {dataset: {action: 'export-csv'}})),
  section(null, h('div', {class: 'toolbar'},
    field(t('usage.from'), from), field(t('usage.to'), to), field(t('usage.model'), model),
    field(t('usage.key'), key), admin ? field(t('usage.user'), user) : null, field(t('usage.status'), status),
    button(t('common.apply'), apply, 'primary', {dataset: {action: 'apply'}})), results));
  await load();
}

function records(items, admin, keyNames, userNames) {
  return table([
    {title: t('common.at'), cell: r => dateTime(r.createdAt)},
    {title: t('usage.key'), cell: r => keyNames[r.keyId] ?? `#${r.keyId}`},
    admin ? {title: t('usage.user'), cell: r => userNames[r.userId] ?? `#${r.userId}`} : null,
    {title: t('usage.model'), cell: r => r.model},
    {title: t('usage.status'), cell: r => badge(String(r.status), r.status < 400 ? 'good' : 'bad')},
    {title: t('usage.inputTokens'), class: 'num', cell: r => number(r.inputTokens)},
    {title: t('usage.outputTokens'), class: 'num', cell: r => number(r.outputTokens)},
    {title: t('usage.latency'), class: 'num', cell: r => duration(r.latencyMs)},
    {title: t('usage.cost'), class: 'num', cell: r => money(r.costMicros)},
  ].filter(Boolean), items, {empty: t('usage.noRecords'), onRow: r => detail(r, admin, keyNames, userNames)});
}

/** Every field of one record, as the API gave it to this role; for an admin, its captured bodies too. */
async function detail(r, admin, keyNames, userNames) {
  const rows = Object.entries(r).map(([k, v]) => {
    let shown = v;
    if (k === 'keyId') shown = `${keyNames[v] ?? ''} (#${v})`;
    else if (k === 'userId') shown = `${userNames[v] ?? ''} (#${v})`;
    else if (k.endsWith('Micros')) shown = money(v);
    else if (k === 'createdAt') shown = dateTime(v);
    else if (typeof v === 'boolean') shown = t(v ? 'common.yes' : 'common.no');
    return [h('dt', null, t(`usage.field.${k}`)), h('dd', {class: 'mono'}, shown == null ? '—' : String(shown))];
  });
  const bodies = admin ? await attempt(() => requestBodies(r.requestId)) : null;
  dialog(t('usage.detail'), h('div', null, h('dl', {class: 'facts', dataset: {record: r.requestId}}, rows), bodies), [],
    {closeLabel: t('common.close'), wide: admin});
}
