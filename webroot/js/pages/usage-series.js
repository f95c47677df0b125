// Usage over time for charts: minutes or hours from the raw log, days from the rollups, gaps filled with zeros.
import {get, query} from '../api.js';

const SPANS = {
  live: {unit: 'minute', step: 60, count: 60},
  '24h': {unit: 'hour', step: 3600, count: 24},
  '7d': {unit: 'hour', step: 3600, count: 168},
  '30d': {unit: 'day', step: 86400, count: 30},
};
const FIELDS = ['requests', 'errors', 'inputTokens', 'outputTokens', 'costMicros'];

/** The UTC day (yyyy-mm-dd) `offset` days from today. */
export function utcDay(offset) {
  return new Date(Date.now() + offset * 86400_000).toISOString().slice(0, 10);
}

/** {unit, points: [{at: epoch seconds, requests, errors, inputTokens, outputTokens, costMicros}]} for a span. */
export async function usageSeries(span, scope = {}) {
  const {unit, step, count} = SPANS[span];
  const now = Math.floor(Date.now() / 1000);
  const last = now - (now % step);
  const first = last - (count - 1) * step;
  let rows;
  if (unit === 'day') {
    const daily = await get(`/admin/usage/daily${query({...scope, from: utcDay(-(count - 1)), to: utcDay(0)})}`);
    rows = daily.days.map(d => ({...d, at: Date.parse(`${d.day}T00:00:00Z`) / 1000}));
  } else {
    const from = new Date(first * 1000).toISOString();
    const series = await get(`/admin/usage/series${query({...scope, unit, from})}`);
    rows = series.items.map(r => ({...r, at: Date.parse(r.at) / 1000}));
  }
  const byTime = new Map(rows.map(r => [r.at, r]));
  const points = [];
  for (let at = first; at <= last; at += step) {
    const row = byTime.get(at) || {};
    points.push(Object.fromEntries([['at', at], ...FIELDS.map(f => [f, row[f] || 0])]));
  }
  return {unit, points};
}
