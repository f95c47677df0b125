// Anomaly alerts on client keys (admins): a key used from a new network, for a model it never used, or in a burst.
import {h} from '../dom.js';
import {dateTime, t} from '../i18n.js';
import {get} from '../api.js';
import {badge, section, table} from '../ui.js';

/** The newest alerts, with each key's name; a section for the keys page. */
export async function alertsSection(keys) {
  const alerts = await get('/admin/key-alerts?limit=50');
  const names = Object.fromEntries(keys.map(k => [k.id, k.name]));
  return section(t('keys.alerts'), h('p', {class: 'muted'}, t('keys.alertsHint')), table([
    {title: t('keys.alertAt'), cell: a => dateTime(a.at)},
    {title: t('keys.alertKey'), cell: a => names[a.keyId] || `#${a.keyId}`},
    {title: t('keys.alertKind'), cell: a => badge(t(`alert.kind.${a.kind}`), a.kind === 'burst' ? 'bad' : 'warn')},
    {title: t('keys.alertDetail'), cell: a => h('span', {class: 'mono'}, a.detail)},
    {title: t('keys.alertFrom'), cell: a => h('span', {class: 'mono'}, a.clientIp || '—')},
    {title: t('usage.model'), cell: a => a.model || '—'},
    {title: t('keys.alertAction'), cell: a => t(`alert.action.${a.action}`)},
  ], alerts.items, {empty: t('keys.alertsNone')}));
}
