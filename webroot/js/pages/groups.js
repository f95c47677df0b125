// Groups and prices (admin): each group's price ratio and scheduling strategy; model prices per million tokens.
import {append, h, options} from '../dom.js';
import {money, number, t} from '../i18n.js';
import {del, get, patch, post, put} from '../api.js';
import {attempt, button, confirm, field, formDialog, input, micros, pageHead, section, showError, table,
  unitsOf} from '../ui.js';
import {reload} from '../nav.js';
import {proxyField} from './account-form.js';
import {capturePolicy, setGroupCapture} from './body-capture.js';

const STRATEGIES = ['weighted', 'round_robin', 'least_in_flight', 'lowest_latency', 'fewest_errors',
  'remaining_quota'];
const PRICE_FIELDS = ['inputMicros', 'outputMicros', 'cacheReadMicros', 'cacheWriteMicros', 'unitMicros'];

export async function render(el) {
  const [groups, prices, policy] = await Promise.all([get('/admin/groups'), get('/admin/prices'), capturePolicy()]);
  append(el, pageHead(t('nav.groups')),
    section(t('groups.title'), h('div', {class: 'toolbar'},
      button(t('groups.new'), () => editGroup(null), 'primary', {dataset: {action: 'new-group'}})),
    table([
      {title: t('groups.name'), cell: g => g.name},
      {title: t('groups.ratio'), class: 'num', cell: g => `×${number(g.ratioPpm / 1e6, 4)}`},
      {title: t('groups.strategy'), cell: g => t(`strategy.${g.strategy}`)},
      {title: t('groups.description'), cell: g => g.description || ''},
      {title: t('accounts.proxy'), cell: g => h('span', {class: 'mono'}, g.proxy || '—')},
      {title: t('keys.bodies'), cell: g => (policy.groups.has(g.name) ? t('keys.captured') : '—')},
      {title: '', cell: g => h('div', {class: 'btn-group'},
        button(t('common.edit'), () => editGroup(g, policy.groups.has(g.name)), 'small'),
        g.name === 'default' ? null : button(t('common.delete'), async () => {
          if (await confirm(t('groups.confirmDelete', {name: g.name}), t('common.delete'))) {
            await attempt(() => del(`/admin/groups/${encodeURIComponent(g.name)}`), t('common.deleted'));
            reload();
          }
        }, 'small danger'))},
    ], groups)),
    section(t('prices.title'), h('p', {class: 'muted'}, t('prices.help')), h('div', {class: 'toolbar'},
      button(t('prices.new'), () => editPrice(null), 'primary', {dataset: {action: 'new-price'}})),
    table([
      {title: t('prices.model'), cell: p => h('span', {class: 'mono'}, p.model)},
      ...PRICE_FIELDS.map(f => ({title: t(`prices.${f}`), class: 'num', cell: p => money(p[f])})),
      {title: '', cell: p => h('div', {class: 'btn-group'},
        button(t('common.edit'), () => editPrice(p), 'small'),
        button(t('common.delete'), async () => {
          if (await confirm(t('prices.confirmDelete', {model: p.model}), t('common.delete'))) {
            await attempt(() => del(`/admin/prices/${encodeURIComponent(p.model)}`), t('common.deleted'));
            reload();
          }
        }, 'small danger'))},
    ], prices, {empty: t('prices.none')})));
}

function editGroup(group, capturing = false) {
  const name = input({value: group ? group.name : '', disabled: group != null, required: true});
  const ratio = input({type: 'number', min: 0, step: 'any', value: group ? group.ratioPpm / 1e6 : 1});
  const strategy = h('select', null, options(STRATEGIES.map(s => [s, t(`strategy.${s}`)]), group ? group.strategy : 'weighted'));
  const description = input({value: group ? group.description || '' : ''});
  const proxy = proxyField(group ? group.proxy : null);
  const capture = h('input', {type: 'checkbox', checked: capturing, dataset: {field: 'captureBodies'}});
  const form = h('form', null, h('p', {class: 'form-error'}),
    field(t('groups.name'), name, {field: 'name'}),
    field(t('groups.ratio'), ratio, {field: 'ratioPpm', hint: t('groups.ratioHint')}),
    field(t('groups.strategy'), strategy, {field: 'strategy'}),
    field(t('groups.description'), description, {field: 'description'}),
    proxy.el,
    h('label', {class: 'field check'}, capture, t('groups.captureBodies')));
  formDialog(group ? t('groups.edit', {name: group.name}) : t('groups.new'), form, () => {
    const body = {ratioPpm: Math.round(Number(ratio.value) * 1e6), strategy: strategy.value, description: description.value};
    const proxyUrl = proxy.read();
    if (proxyUrl !== undefined) body.proxy = proxyUrl;
    const saved = group ? patch(`/admin/groups/${encodeURIComponent(group.name)}`, body)
      : post('/admin/groups', Object.assign({name: name.value.trim()}, body));
    return capture.checked === capturing ? saved
      : saved.then(g => setGroupCapture(g.name, capture.checked).then(() => g));
  }, {then: reload});
}

function editPrice(price) {
  const model = input({value: price ? price.model : '', disabled: price != null, required: true});
  const inputs = Object.fromEntries(PRICE_FIELDS.map(f => [f, input({type: 'number', min: 0, step: 'any',
    value: price ? unitsOf(price[f]) : ''})]));
  const form = h('form', null, h('p', {class: 'form-error'}),
    field(t('prices.model'), model, {field: 'model'}),
    h('div', {class: 'form-grid'}, PRICE_FIELDS.map(f => field(t(`prices.${f}`), inputs[f], {field: f}))));
  formDialog(price ? t('prices.edit', {model: price.model}) : t('prices.new'), form, () => {
    const name = price ? price.model : model.value.trim();
    if (!name) {
      showError(form, {field: 'model', message: t('prices.modelRequired')});
      return false;
    }
    return put(`/admin/prices/${encodeURIComponent(name)}`,
      Object.fromEntries(PRICE_FIELDS.map(f => [f, micros(inputs[f].value) ?? 0])));
  }, {then: reload});
}
