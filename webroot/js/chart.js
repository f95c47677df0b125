// Line charts with uPlot (served from its webjar at /vendor/uplot/), loaded only by pages that draw charts.
import {h} from './dom.js';
import {shortTime, t} from './i18n.js';

const COLORS = ['#2454d6', '#d9480f', '#2b8a3e', '#7048e8', '#c2255c'];
/** Tick steps for counts: never a fraction of a request. */
const WHOLE_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 1e7, 1e8, 1e9];
let uPlotLoaded = null;

function loadUPlot() {
  if (!uPlotLoaded) {
    document.head.append(h('link', {rel: 'stylesheet', href: 'vendor/uplot/uPlot.min.css'}));
    uPlotLoaded = import('../vendor/uplot/uPlot.esm.js').then(m => m.default);
  }
  return uPlotLoaded;
}

/** The y axis as wide as its longest label. */
function labelWidth(u, values) {
  return values ? Math.max(36, ...values.map(v => String(v).length * 8 + 18)) : 40;
}

/**
 * Draws a time chart into el: xs are epoch seconds, series [{label, values, format}]; format(value) labels the
 * y axis and the legend; opts: days (label days, not hours), whole (counts), height, legend, fill. Answers a function
 * that removes the chart.
 */
export async function timeChart(el, xs, series, opts = {}) {
  const UPlot = await loadUPlot();
  const format = series[0].format || (v => String(v));
  const withDay = opts.days || (xs.length > 1 && xs[xs.length - 1] - xs[0] > 2 * 86400);
  const width = () => Math.max(280, el.clientWidth || 600);
  const plot = new UPlot({
    width: width(),
    height: opts.height || 220,
    legend: {show: opts.legend !== false},
    cursor: {drag: {x: false, y: false}},
    scales: {x: {time: true}, y: {range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1]}},
    axes: [
      {values: (u, ticks) => ticks.map(v => shortTime(v, withDay)), space: 70, stroke: '#8891a0',
        grid: {stroke: '#8891a022'}},
      {values: (u, ticks) => ticks.map(format), size: labelWidth, stroke: '#8891a0', grid: {stroke: '#8891a022'},
        incrs: opts.whole ? WHOLE_STEPS : undefined},
    ],
    series: [
      {label: t('common.at'), value: (u, v) => (v == null ? '—' : shortTime(v, withDay))},
      ...series.map((s, i) => ({
        label: s.label, stroke: s.color || COLORS[i % COLORS.length], width: 2, points: {show: xs.length < 40},
        fill: i === 0 && opts.fill !== false ? `${s.color || COLORS[0]}14` : undefined,
        value: (u, v) => (v == null ? '—' : (s.format || format)(v)),
      })),
    ],
  }, [xs, ...series.map(s => s.values)], el);
  const resize = new ResizeObserver(() => plot.setSize({width: width(), height: opts.height || 220}));
  resize.observe(el);
  return () => {
    resize.disconnect();
    plot.destroy();
  };
}
