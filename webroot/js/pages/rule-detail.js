// One rule (or a new one): the editor, a dry-run of what the editor holds against recent outcomes, and its hits.
import {append, h, replace} from '../dom.js';
import {dateTime, number, t} from '../i18n.js';
import {del, get, patch, post} from '../api.js';
import {attempt, button, confirm, field, input, pageHead, section, table, toast} from '../ui.js';
import {go} from '../nav.js';
import {hitsTable} from './account-detail.js';
import {ruleEditor} from './rule-editor.js';

const NEW_RULE = {name: '', description: '', mode: 'enforce', enabled: true, scope: {type: 'all'},
  condition: {type: 'status', equals: 500}, threshold: {count: 3, windowSeconds: 60}, cooldownSeconds: 0,
  actions: [{type: 'log'}]};

export async function render(el, params) {
  const isNew = params.id === 'new';
  const [rule, groups, accounts, hits] = await Promise.all([
    isNew ? null : get(`/admin/rules/${params.id}`), get('/admin/groups'), get('/admin/accounts'),
    isNew ? {items: []} : get(`/admin/rules/${params.id}/hits?limit=50`)]);
  const accountNames = Object.fromEntries(accounts.map(a => [a.id, a.name]));
  const editor = ruleEditor(isNew ? NEW_RULE : editable(rule), {groups, accounts});
  const save = async () => {
    const definition = editor.value();
    if (!definition) return;
    try {
      const saved = isNew ? await post('/admin/rules', definition) : await patch(`/admin/rules/${rule.id}`, definition);
      editor.showError(null);
      toast(t('common.saved'), 'good');
      go(`#/rules/${saved.id}`);
    } catch (e) {
      editor.showError(e);
    }
  };
  append(el, pageHead(isNew ? t('rules.new') : rule.name,
    button(t('common.save'), save, 'primary', {dataset: {action: 'save-rule'}}),
    isNew ? null : button(t('common.delete'), async () => {
      if (await confirm(t('rules.confirmDelete', {name: rule.name}), t('common.delete'))) {
        await attempt(() => del(`/admin/rules/${rule.id}`), t('common.deleted'));
        go('#/rules');
      }
    }, 'danger')),
  section(null, editor.el),
  dryRunPanel(editor, accountNames),
  isNew ? null : section(t('rules.hits'), hitsTable(hits.items, accountNames, 'account')));
}

/** A stored rule as a definition to edit: no id, no nulls. */
function editable(rule) {
  const copy = Object.fromEntries(Object.entries(rule).filter(([k, v]) => v != null && k !== 'id' && k !== 'builtin'));
  if (copy.description === '') delete copy.description;
  return copy;
}

function dryRunPanel(editor, accountNames) {
  const last = input({type: 'number', min: 1, value: 1000, dataset: {field: 'last'}});
  const result = h('div', {dataset: {dryRun: 'result'}});
  const run = button(t('rules.dryRun'), async () => {
    const rule = editor.value();
    if (!rule) return;
    run.disabled = true;
    replace(result, h('p', {class: 'loading'}, t('rules.dryRunning')));
    try {
      const report = await post('/admin/rules/dry-run', {rule, last: Number(last.value) || 1000});
      editor.showError(null);
      replace(result, dryRunReport(report, accountNames));
    } catch (e) {
      editor.showError(e);
      replace(result);
    } finally {
      run.disabled = false;
    }
  }, 'primary', {dataset: {action: 'dry-run'}});
  return section(t('rules.dryRun'), h('p', {class: 'muted'}, t('rules.dryRunHelp')),
    h('div', {class: 'toolbar'}, field(t('rules.lastOutcomes'), last), run), result);
}

function dryRunReport(report, accountNames) {
  return h('div', null,
    h('p', {dataset: {dryRun: 'summary'}}, report.evaluated ? t('rules.dryRunSummary', {n: number(report.evaluated),
      from: dateTime(report.from), to: dateTime(report.to)}) : t('rules.dryRunEmpty')),
    table([
      {title: t('rules.account'), cell: r => h('a', {href: `#/accounts/${r.accountId}`}, accountNames[r.accountId] ?? `#${r.accountId}`)},
      {title: t('rules.matches'), class: 'num', cell: r => number(r.matches)},
      {title: t('rules.wouldFire'), class: 'num', cell: r => number(r.wouldFireAt.length)},
      {title: t('rules.firstFire'), cell: r => (r.wouldFireAt.length ? dateTime(r.wouldFireAt[0]) : '—')},
      {title: t('rules.evidence'), cell: r => h('span', {class: 'mono'}, r.firstEvidence || '')},
    ], report.accounts, {empty: t('rules.noMatches')}));
}
