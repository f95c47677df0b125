// Deployments (admin): the cluster's nodes, every deployment on them with its instances and what it serves now;
// deploy, scale, redeploy (optionally from a jar) and undeploy, each with the drain the gateway does.
import {append, h, options} from '../dom.js';
import {ago, dateTime, t} from '../i18n.js';
import {del, get, post} from '../api.js';
import {attempt, badge, button, confirm, field, formDialog, input, pageHead, section, table} from '../ui.js';
import {reload} from '../nav.js';

const ROLES = ['providers', 'ingress', 'auth', 'scheduler', 'usage', 'rules', 'cron', 'conversations', 'admin'];
const KINDS = ['openai', 'openai-compatible', 'azure-openai', 'anthropic', 'gemini', 'bedrock'];
const TONES = {running: 'good', draining: 'warn', stopped: 'muted'};

export async function render(el) {
  const [nodes, deployments] = await Promise.all([get('/admin/nodes'), get('/admin/deployments')]);
  append(el, pageHead(t('nav.deployments'),
    button(t('deployments.new'), () => deploy(nodes.items), 'primary', {dataset: {action: 'new-deployment'}})),
  section(t('deployments.nodes'), table([
    {title: t('deployments.node'), cell: n => h('div', {dataset: {node: n.id}}, h('span', {class: 'mono'}, n.id),
      n.self ? h('span', {class: 'muted'}, ` · ${t('deployments.thisNode')}`) : null)},
    {title: t('deployments.address'), cell: n => h('span', {class: 'mono'}, n.address || '—')},
    {title: t('deployments.roles'), cell: n => n.reachable ? [...n.roles, ...n.kinds.map(k => `providers.${k}`)]
      .filter(r => r !== 'providers').join(', ') : badge(t('deployments.unreachable'), 'bad')},
    {title: t('deployments.started'), cell: n => n.startedAt ? ago(n.startedAt) : '—'},
  ], nodes.items)),
  section(t('deployments.title'), table([
    {title: t('deployments.id'), cell: d => h('span', {class: 'mono', dataset: {deployment: d.id}}, d.id)},
    {title: t('deployments.role'), cell: d => d.kind ? `${d.role}.${d.kind}` : d.role},
    {title: t('deployments.instances'), class: 'num', cell: d => h('span', {dataset: {instances: d.id}}, d.instances)},
    {title: t('deployments.inFlight'), class: 'num', cell: d => d.inFlight == null ? '—' : d.inFlight},
    {title: t('deployments.version'), cell: d => d.version},
    {title: t('deployments.since'), cell: d => dateTime(d.since)},
    {title: t('deployments.state'), cell: d => badge(d.state, TONES[d.state])},
    {title: '', cell: d => d.state !== 'running' ? null : h('div', {class: 'btn-group', dataset: {actions: d.id}},
      button(t('deployments.scale'), () => scale(d), 'small', {dataset: {action: 'scale'}}),
      button(t('deployments.redeploy'), () => redeploy(d), 'small', {dataset: {action: 'redeploy'}}),
      button(t('deployments.undeploy'), () => undeploy(d), 'small danger', {dataset: {action: 'undeploy'}}))},
  ], deployments.items)));
}

function deploy(nodes) {
  const node = h('select', null, options(nodes.filter(n => n.reachable).map(n => [n.id, n.self
    ? `${n.id} (${t('deployments.thisNode')})` : n.id])));
  const role = h('select', null, options(ROLES.map(r => [r, r]), 'providers'));
  const kind = h('select', null, options(KINDS.map(k => [k, k]), 'openai'));
  const instances = input({type: 'number', min: 1, max: 64, value: 1});
  const jar = input({placeholder: t('deployments.jarHint')});
  const form = h('form', null, h('p', {class: 'form-error'}),
    field(t('deployments.node'), node, {field: 'node'}),
    field(t('deployments.role'), role, {field: 'role'}),
    field(t('deployments.kind'), kind, {field: 'kind'}),
    field(t('deployments.instances'), instances, {field: 'instances'}),
    field(t('deployments.jar'), jar, {field: 'jar', hint: t('deployments.jarHelp')}));
  formDialog(t('deployments.new'), form, () => {
    const body = {node: node.value, role: role.value, instances: Number(instances.value)};
    if (jar.value.trim()) body.jar = jar.value.trim();
    else if (role.value === 'providers') body.kind = kind.value;
    return post('/admin/deployments', body);
  }, {then: reload, label: t('deployments.deploy')});
}

function scale(d) {
  const instances = input({type: 'number', min: 1, max: 64, value: d.instances});
  const form = h('form', null, h('p', {class: 'form-error'}), h('p', {class: 'muted'}, t('deployments.scaleHelp')),
    field(t('deployments.instances'), instances, {field: 'instances'}));
  formDialog(t('deployments.scaleOf', {id: d.id}), form,
    () => post(`/admin/deployments/${encodeURIComponent(d.id)}/scale`, {instances: Number(instances.value)}),
    {then: reload, label: t('deployments.scale')});
}

function redeploy(d) {
  const jar = input({placeholder: t('deployments.jarHint')});
  const form = h('form', null, h('p', {class: 'form-error'}), h('p', {class: 'muted'}, t('deployments.redeployHelp')),
    d.role === 'providers' ? field(t('deployments.jar'), jar, {field: 'jar', hint: t('deployments.jarHelp')}) : null);
  formDialog(t('deployments.redeployOf', {id: d.id}), form,
    () => post(`/admin/deployments/${encodeURIComponent(d.id)}/redeploy`, jar.value.trim() ? {jar: jar.value.trim()} : {}),
    {then: reload, label: t('deployments.redeploy')});
}

async function undeploy(d) {
  if (await confirm(t('deployments.confirmUndeploy', {id: d.id}), t('deployments.undeploy'))) {
    await attempt(() => del(`/admin/deployments/${encodeURIComponent(d.id)}`), t('deployments.undeploying'));
    reload();
  }
}
