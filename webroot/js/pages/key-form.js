// Creating and editing a client key; showing a new key exactly once, with a copy button.
import {h, options} from '../dom.js';
import {t} from '../i18n.js';
import {get, patch, post} from '../api.js';
import {button, dialog, field, formDialog, input, list, micros, unitsOf, whole} from '../ui.js';
import {PROVIDERS} from './account-form.js';

/** datetime-local wants local time without a zone; the API wants an ISO instant. */
function localInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

export async function editKey(key, admin, onSaved) {
  const editing = key != null;
  key = key || {models: ['*'], allowedProviders: [], ipAllow: []};
  const users = admin && !editing ? await get('/admin/users') : [];
  const name = input({value: key.name || '', required: true});
  const owner = h('select', null, options(users.map(u => [u.id, u.username])));
  const models = input({value: (key.models || []).join(', ')});
  const chosen = new Set(key.allowedProviders || []);
  const providers = h('div', {class: 'checks'}, PROVIDERS.map(p => h('label', null,
    h('input', {type: 'checkbox', value: p, checked: chosen.has(p)}), t(`provider.${p}`))));
  const rpm = input({type: 'number', min: 1, value: key.rpm ?? ''});
  const tpm = input({type: 'number', min: 1, value: key.tpm ?? ''});
  const concurrency = input({type: 'number', min: 1, value: key.maxConcurrency ?? ''});
  const budget = input({type: 'number', min: 0, step: 'any', value: unitsOf(key.budgetMicros)});
  const expires = input({type: 'datetime-local', value: localInput(key.expiresAt)});
  const ipAllow = h('textarea', {rows: 3}, (key.ipAllow || []).join('\n'));
  const form = h('form', null, h('p', {class: 'form-error'}), h('div', {class: 'form-grid'},
    field(t('keys.name'), name, {field: 'name'}),
    admin && !editing ? field(t('keys.owner'), owner, {field: 'userId'}) : null,
    field(t('keys.models'), models, {field: 'models', hint: t('keys.modelsHint')}),
    field(t('keys.rpm'), rpm, {field: 'rpm', hint: t('keys.emptyUnlimited')}),
    field(t('keys.tpm'), tpm, {field: 'tpm', hint: t('keys.emptyUnlimited')}),
    field(t('keys.concurrency'), concurrency, {field: 'maxConcurrency', hint: t('keys.emptyUnlimited')}),
    field(t('keys.budget'), budget, {field: 'budgetMicros', hint: t('keys.budgetHint')}),
    field(t('keys.expires'), expires, {field: 'expiresAt', hint: t('keys.expiresHint')})),
  field(t('keys.providers'), providers, {field: 'allowedProviders', hint: t('keys.providersHint')}),
  field(t('keys.ipAllow'), ipAllow, {field: 'ipAllow', hint: t('keys.ipAllowHint')}));
  if (admin && !editing) {
    owner.value = String(users.find(u => u.role === 'admin')?.id ?? users[0]?.id ?? '');
  }
  formDialog(editing ? t('keys.edit', {name: key.name}) : t('keys.new'), form, () => {
    const body = {
      name: name.value.trim(), models: list(models.value),
      allowedProviders: [...providers.querySelectorAll('input:checked')].map(c => c.value),
      rpm: whole(rpm.value), tpm: whole(tpm.value), maxConcurrency: whole(concurrency.value),
      budgetMicros: micros(budget.value), expiresAt: expires.value ? new Date(expires.value).toISOString() : null,
      ipAllow: list(ipAllow.value),
    };
    if (admin && !editing) body.userId = Number(owner.value);
    return editing ? patch(`/admin/keys/${key.id}`, body) : post('/admin/keys', body);
  }, {wide: true, toast: editing, then: saved => (saved.key ? showOnce(saved.key, onSaved) : onSaved())});
}

/** The new key, shown in this dialog only: once it closes the page holds it nowhere. */
export function showOnce(secret, onClosed) {
  const value = input({value: secret, readonly: true, dataset: {secret: 'new-key'}});
  const copy = button(t('keys.copy'), async () => {
    try {
      await navigator.clipboard.writeText(value.value);
    } catch (e) {
      value.select();
      document.execCommand('copy');
    }
    copy.textContent = t('keys.copied');
  }, 'primary', {dataset: {action: 'copy'}});
  const d = dialog(t('keys.yourKey'), [h('p', {class: 'warning'}, t('keys.onceWarning')),
    h('div', {class: 'secret'}, value, copy)], [], {closeLabel: t('keys.done')});
  d.el.addEventListener('close', () => {
    value.value = '';
    onClosed();
  });
}
