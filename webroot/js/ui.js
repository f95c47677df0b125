// Small building blocks every page uses: tables, dialogs, toasts, form fields with their errors, badges.
import {h, append, replace} from './dom.js';
import {t} from './i18n.js';

/** A page's heading with its actions on the right. */
export function pageHead(title, ...actions) {
  return h('div', {class: 'page-head'}, h('h1', null, title), h('div', {class: 'actions'}, actions));
}

export function section(title, ...content) {
  return h('section', {class: 'panel'}, title ? h('h2', null, title) : null, content);
}

export function button(label, onclick, kind = '', attrs = {}) {
  return h('button', Object.assign({type: 'button', class: `btn ${kind}`.trim(), onclick}, attrs), label);
}

/** A status word as a coloured badge: green for good states, amber for temporary trouble, red for bad ones. */
export function badge(text, tone) {
  return h('span', {class: `badge ${tone || toneOf(text)}`}, text == null ? '—' : t(`state.${text}`) === `state.${text}` ? text : t(`state.${text}`));
}

function toneOf(state) {
  if (['active', 'closed', 'ok', 'enabled', 'enforce', true].includes(state)) return 'good';
  if (['rate_limited', 'overloaded', 'half_open', 'observe', 'running'].includes(state)) return 'warn';
  if (['disabled', 'false', false, 'user'].includes(state)) return 'muted';
  return 'bad';
}

/**
 * A table: columns are {title, cell(row) → node or text, class}; rows are objects. Options: empty (text when
 * there are no rows), onRow (click handler), rowClass(row).
 */
export function table(columns, rows, opts = {}) {
  const head = h('tr', null, columns.map(c => h('th', {class: c.class}, c.title)));
  const body = h('tbody');
  if (!rows.length) {
    body.append(h('tr', null, h('td', {class: 'empty', colspan: columns.length}, opts.empty || t('common.none'))));
  }
  for (const row of rows) {
    const tr = h('tr', {class: opts.rowClass ? opts.rowClass(row) : null});
    if (opts.onRow) {
      tr.classList.add('clickable');
      tr.addEventListener('click', e => {
        if (!e.target.closest('button, a, input, select, label')) opts.onRow(row);
      });
    }
    for (const c of columns) tr.append(append(h('td', {class: c.class}), c.cell(row)));
    body.append(tr);
  }
  return h('div', {class: 'table-wrap'}, h('table', {class: 'grid'}, h('thead', null, head), body));
}

/** A modal dialog; resolves when it closes. actions: [label, handler(close), kind] — a handler may return a Promise. */
export function dialog(title, content, actions = [], opts = {}) {
  const el = h('dialog', {class: `dialog ${opts.wide ? 'wide' : ''}`});
  const close = () => el.close();
  const bar = h('div', {class: 'dialog-actions'});
  for (const [label, handler, kind] of actions) {
    bar.append(button(label, async e => {
      e.target.disabled = true;
      try {
        await handler(close);
      } finally {
        e.target.disabled = false;
      }
    }, kind));
  }
  bar.append(button(opts.closeLabel || t('common.cancel'), close));
  append(el, [h('h2', null, title), h('div', {class: 'dialog-body'}, content), bar]);
  document.body.append(el);
  el.addEventListener('close', () => el.remove());
  el.showModal();
  return {el, close};
}

/**
 * A dialog around a form: its primary button runs save(); when that succeeds the dialog closes, "Saved" shows and
 * then(result) runs; when it fails the API's error shows at the field it names. save() may answer false to stay
 * open (it reported its own problem).
 */
export function formDialog(title, form, save, opts = {}) {
  return dialog(title, form, [[opts.label || t('common.save'), async close => {
    try {
      const result = await save();
      if (result === false) return;
      close();
      if (opts.toast !== false) toast(t('common.saved'), 'good');
      if (opts.then) opts.then(result);
    } catch (e) {
      showError(form, e);
    }
  }, 'primary']], opts);
}

export function confirm(message, confirmLabel) {
  return new Promise(resolve => {
    const d = dialog(t('common.confirm'), h('p', null, message), [[confirmLabel || t('common.ok'), close => {
      resolve(true);
      close();
    }, 'danger']]);
    d.el.addEventListener('close', () => resolve(false));
  });
}

export function toast(message, kind = 'info') {
  const el = h('div', {class: `toast ${kind}`}, message);
  document.getElementById('toasts').append(el);
  setTimeout(() => el.remove(), kind === 'error' ? 8000 : 4000);
}

/** Runs an action and reports its failure as a toast (its success too, when a message is given). */
export async function attempt(action, success) {
  try {
    const result = await action();
    if (success) toast(success, 'good');
    return result;
  } catch (e) {
    toast(e.message || String(e), 'error');
    return undefined;
  }
}

/** A labelled form field; `field` names the request field the API may report an error for. */
export function field(label, input, opts = {}) {
  if (opts.field) input.dataset.field = opts.field;
  if (!input.name && opts.field) input.name = opts.field;
  return h('label', {class: `field ${opts.class || ''}`.trim()}, h('span', {class: 'label'}, label), input,
    opts.hint ? h('small', {class: 'hint'}, opts.hint) : null, h('small', {class: 'error-text'}));
}

export function input(attrs = {}) {
  return h('input', Object.assign({type: 'text', autocomplete: 'off'}, attrs));
}

/** Clears earlier errors in a form, then shows the API's error at the field it names (else at the form's top). */
export function showError(form, error) {
  form.querySelectorAll('.field.invalid').forEach(f => f.classList.remove('invalid'));
  form.querySelectorAll('.error-text').forEach(e => replace(e));
  const top = form.querySelector('.form-error') || form.prepend(h('p', {class: 'form-error'})) || form.firstChild;
  replace(top);
  if (!error) return;
  const target = error.field && form.querySelector(`[data-field="${CSS.escape(error.field)}"]`);
  const holder = target && target.closest('.field');
  if (holder) {
    holder.classList.add('invalid');
    replace(holder.querySelector('.error-text'), error.message);
    target.focus();
  } else {
    replace(top, error.message || String(error));
  }
}

/** Text lines or commas as a list of trimmed, non-empty strings. */
export function list(text) {
  return String(text || '').split(/[\n,]+/).map(s => s.trim()).filter(Boolean);
}

/** A whole number from an input, or null when it is empty. */
export function whole(value) {
  const s = String(value ?? '').trim();
  return s === '' ? null : Number(s);
}

/** Money typed in currency units as integer micro-units, or null when empty. */
export function micros(value) {
  const s = String(value ?? '').trim();
  return s === '' ? null : Math.round(Number(s) * 1e6);
}

export function unitsOf(micro) {
  return micro == null ? '' : String(micro / 1e6);
}

export function loading() {
  return h('p', {class: 'loading'}, t('common.loading'));
}

export function failure(error) {
  return h('p', {class: 'form-error'}, error.status === 403 ? t('common.forbidden') : error.message);
}
