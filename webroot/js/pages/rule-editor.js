// A rule's editor: a form for the common settings and a JSON editor for everything, kept in step both ways.
// The validator's errors name a path (condition.all[1].regex); the editor shows each at the input of that path.
import {h, options, replace} from '../dom.js';
import {t} from '../i18n.js';
import {field, input} from '../ui.js';
import {PROVIDERS} from './account-form.js';
import {conditionForm, flatten, unflatten} from './rule-conditions.js';

const STATUSES = ['disabled', 'invalid', 'overloaded', 'rate_limited'];

/** answers {el, value() → the definition (null on bad JSON), showError(apiError)} */
export function ruleEditor(initial, {groups, accounts}) {
  let def = structuredClone(initial);
  const json = h('textarea', {class: 'json', spellcheck: 'false', dataset: {field: 'rule'}});
  const jsonError = h('p', {class: 'form-error', dataset: {errors: 'rule'}});
  const form = h('div', {class: 'rule-form'});
  const writeJson = () => { json.value = JSON.stringify(def, null, 2); };
  const changed = () => writeJson();
  json.addEventListener('input', () => {
    try {
      def = JSON.parse(json.value);
      replace(jsonError);
      drawForm();
    } catch (e) {
      replace(jsonError, t('rules.badJson', {message: e.message}));
    }
  });

  function text(path, label, opts = {}) {
    const [obj, key] = at(path);
    const el = input({value: obj()[key] ?? '', type: opts.number ? 'number' : 'text'});
    el.addEventListener('input', () => {
      const v = el.value.trim();
      if (v === '' && opts.optional) delete obj()[key];
      else obj()[key] = opts.number && v !== '' ? Number(v) : el.value;
      changed();
    });
    return field(label, el, {field: path, hint: opts.hint});
  }

  /** [getter of the object holding the last segment, last segment] for a dotted path, creating objects on the way. */
  function at(path) {
    const parts = path.split('.');
    const key = parts.pop();
    return [() => parts.reduce((o, p) => (o[p] = o[p] && typeof o[p] === 'object' ? o[p] : {}), def), key];
  }

  function select(path, label, values, fallback) {
    const [obj, key] = at(path);
    const el = h('select', null, options(values, obj()[key] ?? fallback));
    el.addEventListener('change', () => { obj()[key] = el.value; changed(); drawForm(); });
    return field(label, el, {field: path});
  }

  function scopeFields() {
    const scope = def.scope || {type: 'all'};
    def.scope = scope;
    const typeSelect = h('select', null, options(['all', 'provider', 'group', 'account'].map(x => [x, t(`rules.scope.${x}`)]), scope.type));
    typeSelect.addEventListener('change', () => {
      def.scope = {type: typeSelect.value};
      if (typeSelect.value === 'provider') def.scope.provider = PROVIDERS[0];
      if (typeSelect.value === 'group') def.scope.group = (groups[0] || {}).name;
      if (typeSelect.value === 'account') def.scope.accountId = (accounts[0] || {}).id;
      changed();
      drawForm();
    });
    const out = [field(t('rules.scope'), typeSelect, {field: 'scope.type'})];
    if (scope.type === 'provider') out.push(select('scope.provider', t('accounts.provider'), PROVIDERS));
    if (scope.type === 'group') out.push(select('scope.group', t('users.group'), groups.map(g => g.name)));
    if (scope.type === 'account') {
      const el = h('select', null, options(accounts.map(a => [a.id, a.name]), scope.accountId));
      el.addEventListener('change', () => { def.scope.accountId = Number(el.value); changed(); });
      out.push(field(t('rules.account'), el, {field: 'scope.accountId'}));
    }
    return out;
  }

  function actionFields() {
    const actions = Array.isArray(def.actions) ? def.actions : [];
    const find = type => actions.find(a => a.type === type);
    const state = find('disable') ? 'disable' : find('ban') ? 'ban' : '';
    const stateSelect = h('select', null, options([['', t('rules.action.none')], ['disable', t('rules.action.disable')],
      ['ban', t('rules.action.ban')]], state));
    const status = h('select', null, options(STATUSES.map(s => [s, t(`state.${s}`)]), (find('disable') || {}).status || 'disabled'));
    const alert = h('input', {type: 'checkbox', checked: !!find('alert')});
    const url = input({value: (find('alert') || {}).url || '', placeholder: 'https://hooks.example/...'});
    const log = h('input', {type: 'checkbox', checked: !!find('log')});
    const rebuild = () => {
      const next = [];
      if (stateSelect.value === 'disable') next.push({type: 'disable', status: status.value});
      if (stateSelect.value === 'ban') next.push({type: 'ban'});
      if (alert.checked) {
        url.dataset.field = `actions[${next.length}].url`;
        next.push({type: 'alert', url: url.value.trim()});
      }
      if (log.checked) next.push({type: 'log'});
      def.actions = next;
      status.disabled = stateSelect.value !== 'disable';
      url.disabled = !alert.checked;
      changed();
    };
    for (const el of [stateSelect, status, alert, log]) el.addEventListener('change', rebuild);
    url.addEventListener('input', rebuild);
    status.disabled = state !== 'disable';
    url.disabled = !alert.checked;
    const alertIndex = actions.findIndex(a => a.type === 'alert');
    return [field(t('rules.action.state'), stateSelect, {field: 'actions'}),
      field(t('rules.action.status'), status, {field: `actions[${actions.findIndex(a => a.type === 'disable')}].status`}),
      field(t('rules.action.alert'), alert, {class: 'check'}),
      field(t('rules.action.url'), url, {field: `actions[${alertIndex}].url`}),
      field(t('rules.action.log'), log, {class: 'check'})];
  }

  function drawForm() {
    const flat = flatten(def.condition);
    const modes = [['enforce', t('state.enforce')], ['observe', t('state.observe')]];
    replace(form,
      h('div', {class: 'form-grid'}, text('name', t('rules.name')), text('description', t('rules.description'), {optional: true}),
        select('mode', t('rules.mode'), modes, 'enforce'), ...scopeFields()),
      h('h2', null, t('rules.condition')),
      flat ? conditionForm(flat, next => { def.condition = unflatten(next); changed(); })
        : h('p', {class: 'warning', dataset: {field: 'condition'}}, t('rules.nestedCondition')),
      h('h2', null, t('rules.whenToFire')),
      h('div', {class: 'form-grid'},
        text('threshold.count', t('rules.thresholdCount'), {number: true}),
        text('threshold.windowSeconds', t('rules.windowSeconds'), {number: true}),
        text('cooldownSeconds', t('rules.cooldownSeconds'), {number: true, optional: true}),
        text('reenableAfterSeconds', t('rules.reenableAfterSeconds'), {number: true, optional: true,
          hint: t('rules.reenableHint')})),
      h('h2', null, t('rules.actions')), h('div', {class: 'form-grid'}, ...actionFields()));
  }

  function showError(error) {
    el.querySelectorAll('.field.invalid').forEach(f => f.classList.remove('invalid'));
    el.querySelectorAll('.error-text').forEach(e => replace(e));
    replace(jsonError);
    if (!error) return;
    replace(jsonError, error.message);
    let path = (error.field || '').replace(/^rule\./, '');
    while (path) {
      const target = el.querySelector(`[data-field="${CSS.escape(path)}"]`);
      const holder = target && target.closest('.field');
      if (holder) {
        holder.classList.add('invalid');
        replace(holder.querySelector('.error-text'), error.message);
        return;
      }
      path = path.replace(/(\[\d+\]|\.[^.[\]]+)$/, '');
    }
  }

  const el = h('div', {class: 'grid-2 rule-editor'}, h('div', null, form),
    h('div', null, field(t('rules.json'), json, {hint: t('rules.jsonHint')}), jsonError));
  drawForm();
  writeJson();
  /** The definition as the JSON editor holds it, or null (the parse error shown) when it does not parse. */
  function value() {
    try {
      return JSON.parse(json.value);
    } catch (e) {
      showError({message: t('rules.badJson', {message: e.message})});
      return null;
    }
  }

  return {el, showError, value};
}
