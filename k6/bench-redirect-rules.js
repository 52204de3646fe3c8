// Redirect of a link with three targeting rules that a desktop English browser does not match
// (twin of wrk/redirect-rules.lua; bench.sh seeds the link as bkrules). Expected 302.
// k6 run -e BASE_URL=http://127.0.0.1:8080 k6/bench-redirect-rules.js   (see bench-lib.js for -e options)
import http from 'k6/http';
import { BASE_URL, GET_PARAMS, benchOptions, tagPhase } from './bench-lib.js';

export { handleSummary } from './bench-lib.js';
export const options = benchOptions(302, ['p(99)<50']);

const url = `${BASE_URL}/bkrules`;
const params = Object.assign({}, GET_PARAMS, {
  headers: Object.assign({}, GET_PARAMS.headers, {
    'User-Agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) '
      + 'Chrome/126.0.0.0 Safari/537.36',
    'Accept-Language': 'en-US,en;q=0.9',
  }),
});

export default function () {
  tagPhase();
  http.get(url, params);
}
