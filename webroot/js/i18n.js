// Messages (one file per language under i18n/) and locale-aware formatting of numbers, dates and money.

const LANGUAGES = {en: 'en-US', zh: 'zh-CN'};
let messages = {};
let language = 'en';
let currencySymbol = '$';

export function languages() {
  return Object.keys(LANGUAGES);
}

export function currentLanguage() {
  return language;
}

/** Loads the language's messages: the stored choice, else the browser's, else English. */
export async function loadLanguage(lang) {
  const wanted = lang || localStorage.getItem('sb.lang') || (navigator.language || 'en').slice(0, 2);
  language = LANGUAGES[wanted] ? wanted : 'en';
  const response = await fetch(`i18n/${language}.json`, {cache: 'no-cache'});
  messages = await response.json();
  localStorage.setItem('sb.lang', language);
  document.documentElement.lang = LANGUAGES[language];
  document.title = t('app.title');
}

/** The message for a key with {name} placeholders filled; the key itself when the message is missing. */
export function t(key, params) {
  const text = messages[key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (all, name) => (name in params ? String(params[name]) : all)) : text;
}

export function setCurrencySymbol(symbol) {
  currencySymbol = symbol || '$';
}

function locale() {
  return LANGUAGES[language];
}

export function number(n, digits = 0) {
  if (n == null || Number.isNaN(n)) return '—';
  return new Intl.NumberFormat(locale(), {maximumFractionDigits: digits}).format(n);
}

/** Large counts shortened: 12.3K, 4.5M (万 / 亿 in Chinese). */
export function compact(n) {
  if (n == null) return '—';
  return new Intl.NumberFormat(locale(), {notation: 'compact', maximumFractionDigits: 1}).format(n);
}

export function percent(ratio) {
  if (ratio == null || !Number.isFinite(ratio)) return '—';
  return new Intl.NumberFormat(locale(), {style: 'percent', maximumFractionDigits: 1}).format(ratio);
}

/** Money from integer micro-units: the configured symbol, at least 2 and at most 6 decimals. */
export function money(micros) {
  if (micros == null) return '—';
  const value = Number(micros) / 1e6;
  const text = new Intl.NumberFormat(locale(), {minimumFractionDigits: 2, maximumFractionDigits: 6})
    .format(Math.abs(value));
  return (value < 0 ? '-' : '') + currencySymbol + text;
}

export function dateTime(iso) {
  if (!iso) return '—';
  const d = typeof iso === 'number' ? new Date(iso) : new Date(iso);
  return new Intl.DateTimeFormat(locale(), {dateStyle: 'medium', timeStyle: 'medium'}).format(d);
}

export function date(iso) {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale(), {dateStyle: 'medium'}).format(new Date(iso));
}

/** A short axis label: hours and minutes, or month and day. */
export function shortTime(epochSeconds, withDay) {
  const options = withDay ? {month: 'short', day: 'numeric'} : {hour: '2-digit', minute: '2-digit', hourCycle: 'h23'};
  return new Intl.DateTimeFormat(locale(), options).format(new Date(epochSeconds * 1000));
}

export function duration(ms) {
  if (ms == null) return '—';
  return ms < 1000 ? t('unit.ms', {n: number(ms)}) : t('unit.s', {n: number(ms / 1000, 2)});
}

/** "3 minutes ago" in the chosen language. */
export function ago(iso) {
  if (!iso) return '—';
  const seconds = Math.round((new Date(iso).getTime() - Date.now()) / 1000);
  const rtf = new Intl.RelativeTimeFormat(locale(), {numeric: 'auto'});
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86400), 'day');
}
