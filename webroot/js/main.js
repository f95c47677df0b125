// Boots the console: language, session, the shell around the pages, and the hash router.
import {h, replace} from './dom.js';
import {loadLanguage, setCurrencySymbol, t} from './i18n.js';
import * as api from './api.js';
import {renderShell} from './shell.js';
import {failure, loading} from './ui.js';

/** Route → page module and who may open it (user: anyone signed in). */
const ROUTES = [
  ['dashboard', 'dashboard', 'user'],
  ['accounts', 'accounts', 'admin'],
  ['accounts/:id', 'account-detail', 'admin'],
  ['keys', 'keys', 'user'],
  ['users', 'users', 'admin'],
  ['users/:id', 'user-detail', 'admin'],
  ['groups', 'groups', 'admin'],
  ['rules', 'rules', 'admin'],
  ['rules/:id', 'rule-detail', 'admin'],
  ['usage', 'usage', 'user'],
  ['cron', 'cron', 'admin'],
  ['deployments', 'deployments', 'admin'],
  ['audit', 'audit', 'admin'],
  ['playground', 'playground', 'user'],
  ['profile', 'profile', 'user'],
];

export const session = {user: null, settings: {}};
let cleanup = null;

function match(hash) {
  const path = hash.replace(/^#\/?/, '').split('?')[0] || 'dashboard';
  for (const [pattern, page, access] of ROUTES) {
    const names = [];
    const re = new RegExp('^' + pattern.replace(/:(\w+)/g, (m, n) => { names.push(n); return '([^/]+)'; }) + '$');
    const found = path.match(re);
    if (found) {
      const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(found[i + 1])]));
      const search = new URLSearchParams(hash.split('?')[1] || '');
      return {page, access, params, search, path: pattern.split('/')[0]};
    }
  }
  return null;
}

async function route() {
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  const app = document.getElementById('app');
  if (!api.signedIn()) {
    const login = await import('./pages/login.js');
    replace(app, login.render(signedIn));
    return;
  }
  if (!session.user) {
    try {
      await startSession();
    } catch (e) {
      replace(app, failure(e));
      return;
    }
  }
  const found = match(location.hash);
  const main = renderShell(app, session, found ? found.path : '', route);
  if (!found) {
    replace(main, h('p', null, t('common.notFound')));
    return;
  }
  if (found.access === 'admin' && session.user.role !== 'admin') {
    replace(main, h('p', {class: 'form-error'}, t('common.forbidden')));
    return;
  }
  replace(main, loading());
  try {
    const page = await import(`./pages/${found.page}.js`);
    const content = h('div', {class: 'page', dataset: {page: found.page}});
    cleanup = await page.render(content, found.params, found.search, session) || null;
    replace(main, content);
  } catch (e) {
    replace(main, failure(e));
  }
}

async function startSession() {
  const [me, settings] = await Promise.all([api.get('/admin/me'), api.get('/admin/console/settings')]);
  session.user = me;
  session.settings = settings;
  setCurrencySymbol(settings.currencySymbol);
}

async function signedIn(user) {
  session.user = null;
  if (!location.hash || location.hash === '#/login') location.hash = '#/dashboard';
  await route();
}

api.whenSignedOut(() => {
  session.user = null;
  route();
});

window.addEventListener('hashchange', route);
await loadLanguage();
if (api.signedIn()) {
  api.refresh().catch(() => {});
}
route();
