// The frame around every page: the navigation (what the role may see), the language switch and the user menu.
import {h, replace} from './dom.js';
import {currentLanguage, languages, loadLanguage, t} from './i18n.js';
import {signOut} from './api.js';

const NAV = [
  ['dashboard', 'user'],
  ['accounts', 'admin'],
  ['keys', 'user'],
  ['users', 'admin'],
  ['groups', 'admin'],
  ['rules', 'admin'],
  ['usage', 'user'],
  ['cron', 'admin'],
  ['deployments', 'admin'],
  ['audit', 'admin'],
  ['playground', 'user'],
];

/** Draws the shell into app and answers the element the page goes into. */
export function renderShell(app, session, active, rerender) {
  const admin = session.user.role === 'admin';
  const nav = h('nav', {class: 'nav', 'aria-label': t('nav.label')},
    NAV.filter(([, access]) => admin || access === 'user').map(([page]) =>
      h('a', {href: `#/${page}`, class: page === active ? 'active' : null, dataset: {nav: page}}, t(`nav.${page}`))));
  const switcher = h('div', {class: 'lang', role: 'group', 'aria-label': t('lang.label')},
    languages().map(lang => h('button', {
      type: 'button', class: lang === currentLanguage() ? 'active' : null, dataset: {lang},
      onclick: async () => {
        await loadLanguage(lang);
        rerender();
      },
    }, t(`lang.${lang}`))));
  const user = h('div', {class: 'user-menu'},
    h('a', {href: '#/profile', class: active === 'profile' ? 'active' : null, dataset: {nav: 'profile'}},
      session.user.username, h('span', {class: 'role'}, t(`role.${session.user.role}`))),
    h('button', {type: 'button', class: 'btn link', dataset: {action: 'sign-out'}, onclick: signOut},
      t('auth.signOut')));
  const main = h('main', {class: 'main', id: 'main'});
  replace(app,
    h('header', {class: 'top'}, h('a', {class: 'brand', href: '#/dashboard'}, h('img', {src: 'favicon.svg', alt: ''}),
      t('app.title')), switcher, user),
    h('div', {class: 'body'}, nav, main));
  return main;
}
