// Redirect spread: GET /{code} over all 10,000 seeded codes, each VU walking its own shuffled order,
// expected 302 (twin of wrk/redirect-spread.lua).
import http from 'k6/http';
import { BASE_URL, GET_PARAMS, benchOptions, codes, tagPhase } from './bench-lib.js';

export { handleSummary } from './bench-lib.js';
export const options = benchOptions(302);

const urls = codes().map((code) => `${BASE_URL}/${code}`);
for (let k = urls.length - 1; k > 0; k--) { // Fisher-Yates, once per VU
  const j = Math.floor(Math.random() * (k + 1));
  [urls[k], urls[j]] = [urls[j], urls[k]];
}
let i = 0;

export default function () {
  tagPhase();
  http.get(urls[i], Object.assign({ tags: { name: 'GET /:code' } }, GET_PARAMS));
  i = (i + 1) % urls.length;
}
