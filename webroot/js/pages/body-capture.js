// Request and response bodies (admins): whose are captured, switched per key and per group; one request's bodies.
import {h} from '../dom.js';
import {t} from '../i18n.js';
import {get, put} from '../api.js';
import {attempt, badge, button} from '../ui.js';
import {reload} from '../nav.js';

/** Whose bodies are captured: {captureAll, keys: Set of ids, groups: Set of names}. */
export async function capturePolicy() {
  const p = await get('/admin/body-capture');
  return {captureAll: p.captureAll, keys: new Set(p.keys), groups: new Set(p.groups)};
}

/** A key's capture state and the button that switches it. */
export function keyCapture(k, policy) {
  const on = policy.keys.has(k.id);
  return h('div', {class: 'btn-group', dataset: {capture: k.name}},
    badge(on || policy.captureAll ? t('keys.captured') : t('keys.notCaptured'), on || policy.captureAll ? 'warn' : 'muted'),
    button(on ? t('keys.captureStop') : t('keys.captureStart'), () => attempt(() =>
      put(`/admin/keys/${k.id}/capture`, {enabled: !on})).then(reload), 'small', {dataset: {action: 'capture'}}));
}

/** A group's capture, switched when its form is saved. */
export function setGroupCapture(name, on) {
  return put(`/admin/groups/${encodeURIComponent(name)}/capture`, {enabled: on});
}

/** One request's stored bodies, for its detail dialog; null when none were captured. */
export async function requestBodies(requestId) {
  const record = await get(`/admin/usage/records/${encodeURIComponent(requestId)}`);
  const b = record.bodies;
  if (!b) return h('p', {class: 'muted'}, t('usage.noBodies'));
  const block = (label, text, cut, note) => h('div', {class: 'body-block'},
    h('h3', null, label, cut ? ` ${t('usage.bodyCut')}` : '', note ? ` ${note}` : ''),
    h('pre', {class: 'mono'}, text == null ? '—' : text));
  return h('div', {dataset: {bodies: requestId}},
    block(t('usage.bodyRequest'), b.request, b.requestTruncated),
    block(t('usage.bodyResponse'), b.response, b.responseTruncated, b.reassembled ? t('usage.bodyReassembled') : ''));
}
