// Redirect cache hit: GET /{code} of one hot code, expected 302 (twin of wrk/redirect-hit.lua).
// k6 run -e BASE_URL=http://127.0.0.1:8080 k6/bench-redirect-hit.js   (see bench-lib.js for -e options)
import http from 'k6/http';
import { BASE_URL, GET_PARAMS, benchOptions, codes, tagPhase } from './bench-lib.js';

export { handleSummary } from './bench-lib.js';
export const options = benchOptions(302, ['p(99)<50']);

const url = `${BASE_URL}/${codes()[0]}`;

export default function () {
  tagPhase();
  http.get(url, GET_PARAMS);
}
