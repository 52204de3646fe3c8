// Shared by the k6 twins of the wrk benchmark scenarios (k6/wrk/*.lua); k6/bench.sh runs them with
// --tool k6. One closed-loop scenario: VUS virtual users (default 500) send requests back to back,
// like wrk's 500 connections. The first WARMUP seconds (default 10) are tagged phase=warmup and the
// next DURATION seconds (default 20) phase=measure; the summary, the thresholds and the RESULT line
// (the same one the wrk scripts print, which bench.sh parses) cover the measured phase only.
//
// -e BASE_URL=http://127.0.0.1:8080   the server (the service, or the bare baseline)
// -e CODES_FILE=/path/codes.tsv       "code<TAB>url" lines; default: the seeded bk00001..bk10000
// -e USERS=1000                       user ids to spread creates and lists over
// -e BARE_RPS=119000 -e TARGET=0.5    optional: fail (exit 99) below TARGET x the baseline's req/s
// -e API_KEY=...                      when the API has keys
import exec from 'k6/execution';
import http from 'k6/http';

export const BASE_URL = (__ENV.BASE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
export const USERS = Number(__ENV.USERS || 1000);
const VUS = Number(__ENV.VUS || 500);
const WARMUP = Number(__ENV.WARMUP || 10);
const DURATION = Number(__ENV.DURATION || 20);
const AUTH = __ENV.API_KEY ? { 'X-API-Key': __ENV.API_KEY } : {};
export const JSON_PARAMS = { headers: Object.assign({ 'Content-Type': 'application/json' }, AUTH) };
export const GET_PARAMS = { headers: AUTH, redirects: 0 }; // a 302 is the answer: never follow it

// Codes the bench seeds (see bench.sh), or the codes file's first column. Read once per VU (init).
export function codes() {
  if (__ENV.CODES_FILE) {
    return open(__ENV.CODES_FILE).split('\n').filter((l) => l.length > 0).map((l) => l.split('\t')[0]);
  }
  const list = [];
  for (let i = 1; i <= 10000; i++) list.push(`bk${String(i).padStart(5, '0')}`);
  return list;
}

// options for a scenario; expected: the only status that counts as success (or null: any 2xx/3xx);
// extra: more thresholds on the measured phase (e.g. p99).
export function benchOptions(expected, extra = []) {
  // a threshold on a tagged sub-metric is what makes k6 track it; max>=0 / count>=0 always hold
  const thresholds = {
    'http_req_failed{phase:measure}': ['rate==0'],
    'http_req_duration{phase:measure}': extra.length > 0 ? extra : ['max>=0'],
    'http_reqs{phase:measure}': ['count>=0'],
  };
  if (__ENV.BARE_RPS && __ENV.TARGET) {
    // http_reqs' rate is over the whole run (warm-up included): scale the count target to it
    const min = (Number(__ENV.BARE_RPS) * Number(__ENV.TARGET) * DURATION) / (WARMUP + DURATION);
    thresholds['http_reqs{phase:measure}'].push(`rate>=${min.toFixed(1)}`);
  }
  if (expected !== null) {
    http.setResponseCallback(http.expectedStatuses(expected));
  }
  return {
    scenarios: {
      bench: { executor: 'constant-vus', vus: VUS, duration: `${WARMUP + DURATION}s`, gracefulStop: '5s' },
    },
    thresholds,
    summaryTrendStats: ['avg', 'min', 'med', 'p(50)', 'p(99)', 'max'],
    discardResponseBodies: expected !== null, // only the mixed scenario reads bodies (the new id)
  };
}

// Tags every request of this VU with the phase it falls in; call at the top of each iteration.
export function tagPhase() {
  const measuring = Date.now() - exec.scenario.startTime >= WARMUP * 1000;
  const tags = exec.vu.metrics ? exec.vu.metrics.tags : exec.vu.tags;
  tags.phase = measuring ? 'measure' : 'warmup';
}

// The RESULT line bench.sh parses, plus a short human summary. Errors are the failed requests
// (status other than expected, or no response at all).
export function handleSummary(data) {
  const m = (name) => (data.metrics[name] ? data.metrics[name].values : {});
  const reqs = m('http_reqs{phase:measure}').count || 0;
  const dur = m('http_req_duration{phase:measure}');
  const failed = m('http_req_failed{phase:measure}').passes || 0;
  const rps = reqs / DURATION;
  const line = `RESULT requests=${reqs} duration_s=${DURATION.toFixed(3)} rps=${rps.toFixed(1)} `
    + `p50_ms=${(dur['p(50)'] || 0).toFixed(3)} p99_ms=${(dur['p(99)'] || 0).toFixed(3)} `
    + `errors_http=${failed} errors_socket=0\n`;
  const ratio = __ENV.BARE_RPS ? ` ratio to bare baseline ${(rps / Number(__ENV.BARE_RPS)).toFixed(3)}` : '';
  const human = `${BASE_URL}: ${rps.toFixed(0)} req/s, p50 ${(dur['p(50)'] || 0).toFixed(2)} ms, `
    + `p99 ${(dur['p(99)'] || 0).toFixed(2)} ms, errors ${failed}${ratio} (${VUS} VUs, ${DURATION}s measured)\n`;
  return { stdout: human + line };
}
