// Cron (admin): jobs with their schedules and latest runs; run one now; a job's run log.
import {append, h, replace} from '../dom.js';
import {dateTime, duration, t} from '../i18n.js';
import {get, post} from '../api.js';
import {badge, button, dialog, pageHead, section, table, toast} from '../ui.js';
import {reload} from '../nav.js';

export async function render(el) {
  const jobs = await get('/admin/cron/jobs');
  append(el, pageHead(t('nav.cron'), h('span', {class: 'muted'}, t('cron.timeZone', {zone: jobs.timeZone}))),
    section(null, table([
      {title: t('cron.job'), cell: j => h('div', null, h('strong', null, j.name),
        h('div', {class: 'muted'}, t(`cron.about.${j.name}`) === `cron.about.${j.name}` ? '' : t(`cron.about.${j.name}`)))},
      {title: t('cron.schedule'), cell: j => h('span', {class: 'mono'}, j.schedule)},
      {title: t('cron.enabled'), cell: j => badge(j.enabled ? 'enabled' : 'disabled')},
      {title: t('cron.lastRun'), cell: j => lastRun(j.runs[0])},
      {title: t('cron.recent'), cell: j => h('div', {class: 'tags'}, j.runs.map(r => badge(r.outcome)))},
      {title: '', cell: j => h('div', {class: 'btn-group', dataset: {job: j.name}},
        runButton(j.name), button(t('cron.runs'), () => showRuns(j.name), 'small'))},
    ], jobs.items)));
}

function lastRun(run) {
  if (!run) return t('cron.never');
  const took = run.finishedAt ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : null;
  return h('div', null, dateTime(run.startedAt), ' ', badge(run.outcome),
    h('div', {class: 'muted'}, `${t(`cron.trigger.${run.trigger}`)} · ${duration(took)}`));
}

function runButton(name) {
  const b = button(t('cron.runNow'), async () => {
    b.disabled = true;
    replace(b, t('cron.running'));
    try {
      const result = await post(`/admin/cron/jobs/${encodeURIComponent(name)}/run`);
      toast(t(result.ok ? 'cron.ranOk' : 'cron.ranFailed', {name, detail: result.detail || ''}), result.ok ? 'good' : 'error');
      reload();
    } catch (e) {
      toast(e.message, 'error');
      b.disabled = false;
      replace(b, t('cron.runNow'));
    }
  }, 'small primary', {dataset: {action: 'run'}});
  return b;
}

async function showRuns(name) {
  const runs = await get(`/admin/cron/jobs/${encodeURIComponent(name)}/runs?limit=50`);
  dialog(t('cron.runsOf', {name}), table([
    {title: t('cron.started'), cell: r => dateTime(r.startedAt)},
    {title: t('cron.outcome'), cell: r => badge(r.outcome)},
    {title: t('cron.trigger'), cell: r => t(`cron.trigger.${r.trigger}`)},
    {title: t('cron.node'), cell: r => r.node},
    {title: t('cron.detail'), cell: r => h('span', {class: 'mono'}, r.detail || '')},
  ], runs.items), [], {wide: true, closeLabel: t('common.close')});
}
