// Audit (admin): every change and sign-in, filtered by actor, action, target and time; paged; CSV.
import {append, download, h, replace} from '../dom.js';
import {dateTime, t} from '../i18n.js';
import {get, query, send} from '../api.js';
import {attempt, badge, button, dialog, field, input, pageHead, section, table} from '../ui.js';

const PAGE = 50;

export async function render(el) {
  const actor = input({placeholder: 'admin'});
  const action = input({placeholder: 'key.create'});
  const target = input({placeholder: 'api_key:12'});
  const from = input({type: 'datetime-local'});
  const to = input({type: 'datetime-local'});
  const results = h('div');
  let offset = 0;
  const filters = () => ({actor: actor.value.trim(), action: action.value.trim(), target: target.value.trim(),
    from: from.value ? new Date(from.value).toISOString() : null, to: to.value ? new Date(to.value).toISOString() : null});
  const load = async () => {
    try {
      const page = await get(`/admin/audit${query({...filters(), limit: PAGE, offset})}`);
      replace(results, table([
        {title: t('common.at'), cell: r => dateTime(r.at)},
        {title: t('audit.actor'), cell: r => r.actorName || '—'},
        {title: t('audit.action'), cell: r => h('span', {class: 'mono'}, r.action)},
        {title: t('audit.target'), cell: r => (r.targetType ? `${r.targetType}${r.targetId ? `:${r.targetId}` : ''}` : '—')},
        {title: t('audit.outcome'), cell: r => badge(r.outcome)},
        {title: t('audit.ip'), cell: r => r.ip || '—'},
      ], page.items, {empty: t('audit.none'), onRow: detail}),
      h('div', {class: 'toolbar'},
        button(t('common.previous'), () => { offset = Math.max(0, offset - PAGE); load(); }, '', {disabled: offset === 0}),
        button(t('common.next'), () => { offset += PAGE; load(); }, '', {disabled: page.items.length < PAGE})));
    } catch (e) {
      replace(results, h('p', {class: 'form-error'}, e.message));
    }
  };
  append(el, pageHead(t('nav.audit'), button(t('common.exportCsv'), () => attempt(async () => {
    const response = await send('GET', `/admin/audit.csv${query(filters())}`);
    download('audit.csv', await response.text(), 'text/csv');
  }), '', {dataset: {action: 'export-csv'}})),
  section(null, h('div', {class: 'toolbar'}, field(t('audit.actor'), actor), field(t('audit.action'), action),
    field(t('audit.target'), target, {hint: t('audit.targetHint')}), field(t('usage.from'), from), field(t('usage.to'), to),
    button(t('common.apply'), () => { offset = 0; load(); }, 'primary')), results));
  await load();
}

/** One entry with what changed: the before and after as the API stored them (secrets are never in them). */
function detail(r) {
  dialog(`${r.action} · ${dateTime(r.at)}`, h('div', {class: 'grid-2'},
    h('div', null, h('h2', null, t('audit.before')), h('pre', {class: 'raw'}, r.before == null ? '—' : JSON.stringify(r.before, null, 2))),
    h('div', null, h('h2', null, t('audit.after')), h('pre', {class: 'raw'}, r.after == null ? '—' : JSON.stringify(r.after, null, 2)))),
  [], {wide: true, closeLabel: t('common.close')});
}
