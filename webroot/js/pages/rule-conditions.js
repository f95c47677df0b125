// The form for a rule's common conditions: one leaf, or all/any of leaves. Deeper nesting is left to the JSON.
import {h, options, replace} from '../dom.js';
import {t} from '../i18n.js';
import {button, field, input, list} from '../ui.js';

export const TYPES = ['status', 'bodyContains', 'bodyMatches', 'header', 'jsonPath', 'latencyAbove', 'errorClass'];
const ERROR_CLASSES = ['connect', 'connect_timeout', 'ttfb_timeout', 'idle_timeout', 'total_timeout', 'auth',
  'rate_limited', 'overloaded', 'server_error', 'client_error', 'stream_error', 'circuit_open'];
const JSON_OPS = ['equals', 'contains', 'exists', 'gt', 'lt'];

/** The condition as the form shows it: {combinator: single|all|any, leaves}, or null when it is nested deeper. */
export function flatten(condition) {
  if (!condition) return {combinator: 'single', leaves: [{type: 'status', equals: 500}]};
  if (condition.type) return {combinator: 'single', leaves: [condition]};
  const kind = Array.isArray(condition.all) ? 'all' : Array.isArray(condition.any) ? 'any' : null;
  if (kind && condition[kind].every(c => c && c.type)) return {combinator: kind, leaves: condition[kind]};
  return null;
}

export function unflatten({combinator, leaves}) {
  return combinator === 'single' ? leaves[0] : {[combinator]: leaves};
}

/** The editor of a flat condition; onChange(flat) after every edit. */
export function conditionForm(flat, onChange) {
  const box = h('div', {class: 'conditions'});
  const draw = () => {
    const combinator = h('select', {dataset: {field: 'condition'}}, options(['single', 'all', 'any']
      .filter(c => c !== 'single' || flat.leaves.length === 1).map(c => [c, t(`rules.combinator.${c}`)]), flat.combinator));
    combinator.addEventListener('change', () => { flat.combinator = combinator.value; changed(); });
    const rows = flat.leaves.map((leaf, i) => leafRow(leaf, flat.combinator === 'single' ? 'condition'
      : `condition.${flat.combinator}[${i}]`, next => { flat.leaves[i] = next; changed(false); },
    flat.leaves.length > 1 ? () => { flat.leaves.splice(i, 1); changed(); } : null));
    replace(box, field(t('rules.combinator'), combinator), rows,
      button(t('rules.addCondition'), () => {
        flat.leaves.push({type: 'status', equals: 500});
        if (flat.combinator === 'single') flat.combinator = 'all';
        changed();
      }, 'small', {dataset: {action: 'add-condition'}}));
  };
  const changed = (redraw = true) => {
    onChange(flat);
    if (redraw) draw();
  };
  draw();
  return box;
}

function leafRow(leaf, at, onChange, onRemove) {
  const type = h('select', {dataset: {field: `${at}.type`}}, options(TYPES.map(x => [x, t(`rules.type.${x}`)]), leaf.type));
  const body = h('div', {class: 'form-grid'});
  const row = h('div', {class: 'panel leaf'}, h('div', {class: 'toolbar'}, field(t('rules.conditionType'), type),
    onRemove ? button(t('common.remove'), onRemove, 'small') : null), body);
  const draw = () => replace(body, inputsFor(leaf, at, onChange));
  type.addEventListener('change', () => {
    leaf = defaults(type.value);
    onChange(leaf);
    draw();
  });
  draw();
  return row;
}

function defaults(type) {
  return {status: {type, equals: 500}, bodyContains: {type, text: ''}, bodyMatches: {type, regex: ''},
    header: {type, name: '', regex: ''}, jsonPath: {type, jsonPath: '$.error.type', op: 'equals', value: ''},
    latencyAbove: {type, ms: 30000}, errorClass: {type, in: ['server_error']}}[type];
}

/** Inputs for one leaf's fields, each tagged with the path the validator names (condition.all[1].regex). */
function inputsFor(leaf, at, onChange) {
  const text = (key, label, opts = {}) => {
    const numeric = () => (typeof opts.number === 'function' ? opts.number() : opts.number);
    const el = input({value: leaf[key] ?? '', type: opts.number === true ? 'number' : 'text'});
    el.addEventListener('input', () => {
      const v = el.value;
      if (v === '' && opts.optional) delete leaf[key];
      else leaf[key] = numeric() && v !== '' && !Number.isNaN(Number(v)) ? Number(v) : v;
      onChange(leaf);
    });
    return field(label, el, {field: `${at}.${key}`});
  };
  switch (leaf.type) {
    case 'status': {
      const mode = 'in' in leaf ? 'in' : 'min' in leaf || 'max' in leaf ? 'range' : 'equals';
      const select = h('select', null, options(['equals', 'in', 'range'].map(m => [m, t(`rules.status.${m}`)]), mode));
      select.addEventListener('change', () => {
        for (const k of ['equals', 'in', 'min', 'max']) delete leaf[k];
        if (select.value === 'equals') leaf.equals = 500;
        else if (select.value === 'in') leaf.in = [500, 502, 503];
        else Object.assign(leaf, {min: 500, max: 599});
        onChange(leaf);
        replace(select.closest('.form-grid'), inputsFor(leaf, at, onChange));
      });
      const codes = input({value: (leaf.in || []).join(', ')});
      codes.addEventListener('input', () => {
        leaf.in = list(codes.value).map(c => (Number.isNaN(Number(c)) ? c : Number(c)));
        onChange(leaf);
      });
      return [field(t('rules.status.match'), select),
        mode === 'equals' ? text('equals', t('rules.status.code'), {number: true}) : null,
        mode === 'in' ? field(t('rules.status.codes'), codes, {field: `${at}.in`}) : null,
        mode === 'range' ? [text('min', t('rules.status.min'), {number: true}), text('max', t('rules.status.max'), {number: true})] : null];
    }
    case 'bodyContains': {
      const ignore = h('input', {type: 'checkbox', checked: leaf.ignoreCase !== false});
      ignore.addEventListener('change', () => { leaf.ignoreCase = ignore.checked; onChange(leaf); });
      return [text('text', t('rules.text')), field(t('rules.ignoreCase'), ignore, {field: `${at}.ignoreCase`, class: 'check'})];
    }
    case 'bodyMatches': return [text('regex', t('rules.regex'))];
    case 'header': return [text('name', t('rules.headerName')), text('regex', t('rules.regex'))];
    case 'latencyAbove': return [text('ms', t('rules.ms'), {number: true})];
    case 'jsonPath': {
      const op = h('select', null, options(JSON_OPS, leaf.op || 'equals'));
      op.addEventListener('change', () => { leaf.op = op.value; onChange(leaf); });
      return [text('jsonPath', t('rules.jsonPath')), field(t('rules.op'), op, {field: `${at}.op`}),
        text('value', t('rules.value'), {optional: true, number: () => ['gt', 'lt'].includes(leaf.op)})];
    }
    case 'errorClass': {
      const chosen = new Set(leaf.in || []);
      const checks = h('div', {class: 'checks'}, ERROR_CLASSES.map(c => h('label', null,
        h('input', {type: 'checkbox', value: c, checked: chosen.has(c)}), c)));
      checks.addEventListener('change', () => {
        leaf.in = [...checks.querySelectorAll('input:checked')].map(c => c.value);
        onChange(leaf);
      });
      return [field(t('rules.errorClasses'), checks, {field: `${at}.in`, class: 'wide'})];
    }
    default: return [h('p', {class: 'muted'}, t('rules.editInJson'))];
  }
}
