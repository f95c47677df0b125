// Creating and editing an upstream account, with the fields its provider kind needs; and bulk import of keys.
import {append, h, options} from '../dom.js';
import {t} from '../i18n.js';
import {get, patch, post} from '../api.js';
import {dialog, field, formDialog, input, list, showError, toast, whole} from '../ui.js';

export const PROVIDERS = ['openai', 'openai-compatible', 'azure-openai', 'anthropic', 'gemini', 'bedrock'];
/** What each kind asks for: a base URL example, and the option it needs (Azure's API version, Bedrock's region). */
const KINDS = {
  'openai': {url: 'https://api.openai.com/v1'},
  'openai-compatible': {url: 'http://127.0.0.1:8000/v1'},
  'azure-openai': {url: 'https://RESOURCE.openai.azure.com', option: 'apiVersion', optionExample: '2024-10-21'},
  'anthropic': {url: 'https://api.anthropic.com'},
  'gemini': {url: 'https://generativelanguage.googleapis.com'},
  'bedrock': {url: 'https://bedrock-runtime.us-east-1.amazonaws.com', option: 'region', optionExample: 'us-east-1'},
};

/**
 * An outbound proxy input: the current proxy is only known masked, so empty keeps it and a box removes it; read()
 * answers the URL, '' (remove) or undefined (unchanged).
 */
export function proxyField(current) {
  const url = input({value: '', dataset: {secret: 'proxy'},
    placeholder: current ? t('accounts.proxyKeep', {masked: current}) : t('accounts.proxyExample')});
  const none = h('input', {type: 'checkbox'});
  const el = field(t('accounts.proxy'), h('div', {class: 'inline'}, url,
    current ? h('label', null, none, t('accounts.proxyRemove')) : null),
  {field: 'proxy', hint: t('accounts.proxyHint'), class: 'wide'});
  return {el, read: () => (none.checked ? '' : url.value.trim() || (current ? undefined : null))};
}

/** "Name: value" per line, as an object; and back. */
function headerLines(text) {
  return Object.fromEntries(list(text).map(line => [line.slice(0, line.indexOf(':')).trim(),
    line.slice(line.indexOf(':') + 1).trim()]).filter(([name]) => name));
}

/** The shared fields of the edit form and the bulk import; answers {el, read()} where read() gives the body. */
async function accountFields(account, {bulk} = {}) {
  const groups = await get('/admin/groups');
  const provider = h('select', null, options(PROVIDERS.map(p => [p, t(`provider.${p}`)]), account.provider || 'openai'));
  const baseUrl = input({type: 'url', value: account.baseUrl || '', required: true});
  const option = input({value: ''});
  const optionField = field('', option, {hint: ''});
  const models = input({value: (account.models || []).join(', ')});
  const aliases = h('textarea', {rows: 3}, Object.entries(account.aliases || {}).map(([a, m]) => `${a}=${m}`).join('\n'));
  const priority = input({type: 'number', value: account.priority ?? 0, step: 1});
  const weight = input({type: 'number', value: account.weight ?? 1, min: 1, step: 1});
  const proxy = proxyField(account.proxy);
  const headers = h('textarea', {rows: 2, placeholder: 'OpenAI-Organization: org-…'},
    Object.entries(account.headers || {}).map(([name, value]) => `${name}: ${value}`).join('\n'));
  const quota = account.quota || {};
  const quotaLimit = input({type: 'number', value: quota.limit ?? '', min: 0, step: 1});
  const quotaUnit = h('select', null, options(['requests', 'tokens'].map(u => [u, t(`accounts.quotaUnit.${u}`)]),
    quota.unit || 'requests'));
  const quotaPeriod = h('select', null, options(['day', 'total'].map(p => [p, t(`accounts.quotaPeriod.${p}`)]),
    quota.period || 'day'));
  const chosen = new Set(account.groups || ['default']);
  const groupChecks = h('div', {class: 'checks', dataset: {field: 'groups'}}, groups.map(g => h('label', null,
    h('input', {type: 'checkbox', value: g.name, checked: chosen.has(g.name)}), g.name)));
  const kindChanged = () => {
    const kind = KINDS[provider.value];
    baseUrl.placeholder = kind.url;
    optionField.hidden = !kind.option;
    optionField.querySelector('.label').textContent = kind.option ? t(`accounts.option.${kind.option}`) : '';
    option.placeholder = kind.optionExample || '';
    option.dataset.field = kind.option ? `options.${kind.option}` : '';
    option.value = kind.option ? (account.options || {})[kind.option] || '' : '';
    credentialHint.textContent = t(`accounts.credentialHint.${provider.value}`);
  };
  const credentialHint = h('small', {class: 'hint'});
  provider.addEventListener('change', kindChanged);
  const el = h('div', {class: 'form-grid'},
    field(t('accounts.provider'), provider, {field: 'provider'}),
    field(t('accounts.baseUrl'), baseUrl, {field: 'baseUrl'}),
    optionField,
    field(t('accounts.models'), models, {field: 'models', hint: t('accounts.modelsHint')}),
    field(t('accounts.priority'), priority, {field: 'priority', hint: t('accounts.priorityHint')}),
    field(t('accounts.weight'), weight, {field: 'weight'}),
    field(t('accounts.groups'), groupChecks, {field: 'groups'}),
    field(t('accounts.quotaLimit'), h('div', {class: 'inline'}, quotaLimit, quotaUnit, quotaPeriod),
      {field: 'quota.limit', hint: t('accounts.quotaHint'), class: 'wide'}),
    bulk ? null : field(t('accounts.aliases'), aliases, {field: 'aliases', hint: t('accounts.aliasesHint')}),
    proxy.el,
    field(t('accounts.headers'), headers, {field: 'headers', hint: t('accounts.headersHint')}));
  kindChanged();
  const read = () => {
    const kind = KINDS[provider.value];
    const opts = Object.assign({}, account.options || {});
    if (kind.option) {
      if (option.value.trim()) opts[kind.option] = option.value.trim();
      else delete opts[kind.option];
    }
    const body = {
      provider: provider.value, baseUrl: baseUrl.value.trim(), models: list(models.value), options: opts,
      priority: whole(priority.value) ?? 0, weight: whole(weight.value) ?? 1,
      groups: [...groupChecks.querySelectorAll('input:checked')].map(c => c.value),
      quota: quotaLimit.value === '' ? null
        : {limit: whole(quotaLimit.value), unit: quotaUnit.value, period: quotaPeriod.value},
      headers: headerLines(headers.value),
    };
    const proxyUrl = proxy.read();
    if (proxyUrl !== undefined) body.proxy = proxyUrl;
    if (!bulk) {
      body.aliases = Object.fromEntries(list(aliases.value).map(line => line.split('=').map(s => s.trim()))
        .filter(([a, m]) => a && m));
    }
    return body;
  };
  return {el, read, credentialHint};
}

/** The create (account null) or edit dialog; resolves after a save. */
export async function editAccount(account, onSaved) {
  const editing = account != null;
  account = account || {};
  const name = input({value: account.name || '', required: true});
  const apiKey = input({type: 'password', autocomplete: 'new-password', dataset: {secret: 'credential'},
    placeholder: editing ? t('accounts.credentialKeep', {masked: account.credential || ''}) : ''});
  const fields = await accountFields(account);
  const form = h('form', {class: 'account-form'}, h('p', {class: 'form-error'}),
    field(t('accounts.name'), name, {field: 'name'}),
    append(field(t('accounts.credential'), apiKey, {field: 'apiKey'}), fields.credentialHint),
    fields.el);
  formDialog(editing ? t('accounts.edit', {name: account.name}) : t('accounts.new'), form, () => {
    const body = Object.assign({name: name.value.trim()}, fields.read());
    if (apiKey.value) body.apiKey = apiKey.value;
    return editing ? patch(`/admin/accounts/${account.id}`, body) : post('/admin/accounts', body);
  }, {wide: true, then: onSaved});
}

/**
 * Many upstream keys for one provider, imported in one call: one account each, named prefix-1, prefix-2, ... on from
 * the highest there is; keys an account already holds, or pasted twice, are skipped and said so.
 */
export async function bulkImport(onDone) {
  const prefix = input({value: 'imported', required: true});
  const keys = h('textarea', {rows: 8, dataset: {secret: 'credentials'}, placeholder: t('accounts.bulkKeysHint')});
  const fields = await accountFields({}, {bulk: true});
  const results = h('ul', {class: 'results'});
  const form = h('form', null, h('p', {class: 'form-error'}),
    field(t('accounts.namePrefix'), prefix, {field: 'name'}),
    field(t('accounts.bulkKeys'), keys, {field: 'apiKey'}), fields.el, results);
  dialog(t('accounts.bulkImport'), form, [[t('accounts.import'), async () => {
    if (!list(keys.value.replace(/,/g, '\n')).length) {
      showError(form, {field: 'apiKey', message: t('accounts.bulkNoKeys')});
      return;
    }
    results.replaceChildren();
    try {
      const report = await post('/admin/accounts/import', Object.assign({namePrefix: prefix.value.trim(),
        keys: keys.value.replace(/,/g, '\n')}, fields.read()));
      report.created.forEach(c => results.append(h('li', {class: 'ok'}, t('accounts.bulkCreated', {name: c.name}))));
      report.skipped.forEach(s => results.append(h('li', {class: 'muted'},
        t('accounts.bulkSkipped', {line: s.line, account: s.account}))));
      report.failed.forEach(f => results.append(h('li', {class: 'form-error'}, `${f.line}: ${f.reason}`)));
      keys.value = '';
      const total = report.created.length + report.skipped.length + report.failed.length;
      toast(t('accounts.bulkDone', {n: report.created.length, total}), report.failed.length ? 'error' : 'good');
      onDone();
    } catch (e) {
      const inForm = {keys: 'apiKey', namePrefix: 'name'}[e.field];
      showError(form, inForm ? {field: inForm, message: e.message} : e);
    }
  }, 'primary']], {wide: true, closeLabel: t('common.close')});
}
