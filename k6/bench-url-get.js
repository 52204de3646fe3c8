// Authenticated read: GET /urls/{id} of a random seeded URL with API_KEY, expected 200 (twin of
// wrk/url-get.lua). k6 run -e BASE_URL=http://127.0.0.1:8080 -e API_KEY=... k6/bench-url-get.js
import http from 'k6/http';
import { BASE_URL, GET_PARAMS, benchOptions, tagPhase } from './bench-lib.js';

export { handleSummary } from './bench-lib.js';
export const options = benchOptions(200, []);

export default function () {
  tagPhase();
  http.get(`${BASE_URL}/urls/${1 + Math.floor(Math.random() * 10000)}`,
    Object.assign({ tags: { name: 'GET /urls/:id' } }, GET_PARAMS));
}
