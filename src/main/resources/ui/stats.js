// Analytics of one link or one user: totals, a time series and the top lists (GET /urls/{id}/stats,
// GET /users/{id}/stats). The chart library loads only here.
import { ApiError, get, query } from './api.js';
import { clear, field, fmtNum, h, parseTs, time } from './dom.js';
import { shortUrl } from './links.js';

const HOUR = 3600e3;
const DAY = 24 * HOUR;
const RANGES = [['1', '24 hours'], ['7', '7 days'], ['30', '30 days'], ['90', '90 days'], ['365', '12 months']];
const INTERVALS = { hour: HOUR, day: DAY, week: 7 * DAY, month: 30 * DAY };
const MAX_BUCKETS = 1000;
const TOPS = [['referrers', 'Referrers'], ['countries', 'Countries'], ['browsers', 'Browsers'], ['os', 'Operating systems'], ['devices', 'Devices']];
const choice = { range: '30', interval: 'day' };

export async function linkStats(main, id) {
  let url;
  try {
    url = await get(`/urls/${id}`);
  } catch (e) {
    clear(main, h('div.panel', h('h1', 'Link not found'), h('p', e.message), h('a', { href: '#/links' }, '← Back to links')));
    return;
  }
  return view(main, {
    title: h('span', 'Stats of ', h('a', { href: shortUrl(url), target: '_blank', rel: 'noopener' }, `/${url.short_code}`)),
    subtitle: url.original_url,
    path: `/urls/${id}/stats`,
    fallback: (range) => countFromEvents(id, range),
  });
}

export async function userStats(main, id) {
  let user;
  try {
    user = await get(`/users/${id}`);
  } catch (e) {
    clear(main, h('div.panel', h('h1', 'User not found'), h('p', e.message), h('a', { href: '#/users' }, '← Back to users')));
    return;
  }
  return view(main, { title: `Stats of ${user.username}`, subtitle: user.email, path: `/users/${id}/stats`, back: '#/users' });
}

function view(main, { title, subtitle, path, fallback, back = '#/links' }) {
  const range = h('select', { name: 'range' }, RANGES.map(([v, l]) => h('option', { value: v }, l)));
  const interval = h('select', { name: 'interval' }, Object.keys(INTERVALS).map((i) => h('option', { value: i }, i)));
  range.value = choice.range;
  interval.value = choice.interval;
  const body = h('div.stats-body', { 'aria-live': 'polite' });
  const fixIntervals = () => {
    const span = Number(range.value) * DAY;
    for (const opt of interval.options) opt.disabled = span / INTERVALS[opt.value] > MAX_BUCKETS || INTERVALS[opt.value] > span;
    if (interval.selectedOptions[0].disabled) interval.value = [...interval.options].find((o) => !o.disabled).value;
  };
  const reload = () => {
    fixIntervals();
    choice.range = range.value;
    choice.interval = interval.value;
    load();
  };
  range.addEventListener('change', reload);
  interval.addEventListener('change', reload);
  fixIntervals();

  async function load() {
    // "to" is sent to the second: round up, so the clicks of this very second are in
    const to = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000);
    const from = new Date(to.getTime() - Number(range.value) * DAY);
    const span = { from: iso(from), to: iso(to), interval: interval.value };
    body.setAttribute('aria-busy', 'true');
    body.classList.add('stale');
    try {
      render(body, await get(`${path}${query(span)}`), null);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        const partial = fallback ? await fallback(span).catch(() => null) : null;
        render(body, partial, 'No analytics yet: this server does not keep click analytics for '
          + (fallback ? 'links yet. Clicks below are counted from redirect events.' : 'users yet.'));
      } else {
        clear(body, h('p.form-error', { role: 'alert' }, e.message));
      }
    } finally {
      body.classList.remove('stale');
      body.removeAttribute('aria-busy');
    }
  }

  clear(main, h('section.stats',
    h('a.back', { href: back }, '← Back'),
    h('div.page-head', h('div', h('h1', title), h('p.sub', subtitle))),
    h('form.toolbar', { 'aria-label': 'Period', onsubmit: (e) => e.preventDefault() }, field('Range', range), field('Interval', interval)),
    body));
  clear(body, skeleton());
  return load();
}

function skeleton() {
  return [h('div.cards', ['Clicks', 'Humans', 'Bots', 'Unique visitors'].map((l) => card(l, '…'))), h('div.chart.placeholder')];
}

function card(label, value, cls = '') {
  return h(`div.card${cls}`, h('span.card-label', label), h('span.card-value', value));
}

function render(body, stats, notice) {
  if (!stats) {
    clear(body, h('div.panel.notice', { role: 'status' }, h('h2', 'No analytics yet'), h('p', notice || 'No data.')));
    return;
  }
  const t = stats.totals || {};
  const chart = h('div.chart', { role: 'img', 'aria-label': chartSummary(stats) });
  clear(body,
    notice ? h('p.notice', { role: 'status' }, notice) : null,
    h('div.cards',
      card('Clicks', fmtNum(t.clicks), '.clicks'),
      card('Humans', t.humans == null ? '—' : fmtNum(t.humans), '.humans'),
      card('Bots', t.bots == null ? '—' : fmtNum(t.bots), '.bots'),
      card('Unique visitors', t.unique_visitors == null ? '—' : fmtNum(t.unique_visitors), '.uniques')),
    h('h2', 'Clicks over time'),
    chart,
    h('details.series-table', h('summary', 'Show the numbers'), seriesTable(stats.series || [])),
    stats.links ? h('div.tops', topList('Top links', (stats.links || []).map((l) => ({ value: `/${l.short_code}`, clicks: l.clicks, href: `#/links/${l.url_id}/stats` })))) : null,
    stats.top ? h('div.tops', TOPS.map(([key, label]) => topList(label, stats.top[key] || []))) : null);
  drawChart(chart, stats.series || []);
}

function chartSummary(stats) {
  const t = stats.totals || {};
  return `Chart of clicks per ${stats.interval || 'bucket'}: ${fmtNum(t.clicks)} clicks in total over ${(stats.series || []).length} buckets.`;
}

function seriesTable(series) {
  return h('div.table-wrap', h('table.data.compact',
    h('thead', h('tr', ['Start (UTC)', 'Clicks', 'Humans', 'Bots', 'Unique'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', series.filter((s) => s.clicks).map((s) => h('tr',
      h('td', time(s.start)), h('td', fmtNum(s.clicks)), h('td', s.humans == null ? '—' : fmtNum(s.humans)),
      h('td', s.bots == null ? '—' : fmtNum(s.bots)), h('td', s.unique_visitors == null ? '—' : fmtNum(s.unique_visitors)))))));
}

function topList(label, rows) {
  const max = Math.max(1, ...rows.map((r) => r.clicks));
  return h('section.top', { 'aria-label': label },
    h('h3', label),
    rows.length
      ? h('ol', rows.map((r) => h('li',
        h('span.top-value', r.href ? h('a', { href: r.href }, r.value) : r.value),
        h('span.top-count', fmtNum(r.clicks)),
        h('span.bar', { 'aria-hidden': 'true' }, h('span', { style: `width:${Math.round((100 * r.clicks) / max)}%` })))))
      : h('p.muted', 'Nothing yet'));
}

let uplot = null;
function loadUplot() {
  if (!uplot) {
    uplot = new Promise((resolve, reject) => {
      const css = h('link', { rel: 'stylesheet', href: new URL('./vendor/uPlot.min.css', import.meta.url).href });
      const js = h('script', { src: new URL('./vendor/uPlot.iife.min.js', import.meta.url).href });
      js.onload = () => resolve(window.uPlot);
      js.onerror = reject;
      document.head.append(css, js);
    });
  }
  return uplot;
}

async function drawChart(el, series) {
  if (!series.length) {
    clear(el, h('p.muted', 'No buckets in this period.'));
    return;
  }
  let UPlot;
  try {
    UPlot = await loadUplot();
  } catch {
    clear(el, h('p.muted', 'The chart could not be loaded; the numbers are below.'));
    return;
  }
  const style = getComputedStyle(document.documentElement);
  const color = (name) => style.getPropertyValue(name).trim();
  const xs = series.map((s) => parseTs(s.start).getTime() / 1000);
  const lines = [['Clicks', 'clicks', '--chart-1'], ['Humans', 'humans', '--chart-2'], ['Bots', 'bots', '--chart-3'], ['Unique', 'unique_visitors', '--chart-4']]
    .filter(([, key]) => series.some((s) => s[key] != null));
  const axis = { stroke: color('--muted'), grid: { stroke: color('--line') }, ticks: { stroke: color('--line') } };
  const opts = {
    width: Math.max(280, el.clientWidth),
    height: 240,
    series: [{}, ...lines.map(([label, , c]) => ({ label, stroke: color(c), width: 2, points: { show: series.length < 60 } }))],
    axes: [axis, { ...axis, size: 44 }],
    scales: { y: { range: (u, min, max) => [0, Math.max(4, max * 1.1)] } },
    legend: { live: false },
  };
  clear(el);
  const plot = new UPlot(opts, [xs, ...lines.map(([, key]) => series.map((s) => s[key] ?? 0))], el);
  const resize = () => plot.setSize({ width: Math.max(280, el.clientWidth), height: 240 });
  new ResizeObserver(resize).observe(el);
}

/** Without the analytics endpoint: the link's redirect events (part 1 of the API), counted per bucket. */
async function countFromEvents(urlId, span) {
  const from = parseTs(span.from).getTime();
  const to = parseTs(span.to).getTime();
  const step = INTERVALS[span.interval];
  const buckets = [];
  for (let t = Math.floor(from / step) * step; t <= to; t += step) buckets.push({ start: iso(new Date(t)), clicks: 0 });
  let cursor = null;
  let total = 0;
  for (let pages = 0; pages < 20; pages++) {
    const rows = await get(`/events${query({ url_id: urlId, event_type: 'redirect', per_page: 1000, cursor })}`);
    for (const e of rows) {
      const at = parseTs(e.timestamp).getTime();
      if (at < from || at > to) continue;
      total++;
      const i = Math.floor((at - Math.floor(from / step) * step) / step);
      if (buckets[i]) buckets[i].clicks++;
    }
    if (rows.length < 1000) break;
    cursor = rows[rows.length - 1].id;
  }
  return { interval: span.interval, totals: { clicks: total }, series: buckets };
}

const iso = (d) => d.toISOString().slice(0, 19);
