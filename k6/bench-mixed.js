// Mixed: the original service's stress journey with equal weights (twin of wrk/mixed.lua):
// GET /health, GET /urls?user_id=N&per_page=20, POST /urls, GET /urls/{id} twice for the new URL.
// Any status outside 2xx/3xx is an error.
import exec from 'k6/execution';
import http from 'k6/http';
import { BASE_URL, GET_PARAMS, JSON_PARAMS, USERS, benchOptions, tagPhase } from './bench-lib.js';

export { handleSummary } from './bench-lib.js';
export const options = benchOptions(null);

const run = Date.now();
const user = () => 1 + Math.floor(Math.random() * USERS);

export default function () {
  tagPhase();
  http.get(`${BASE_URL}/health`, GET_PARAMS);
  http.get(`${BASE_URL}/urls?user_id=${user()}&per_page=20`, Object.assign({ tags: { name: 'GET /urls?user_id' } }, GET_PARAMS));
  const body = JSON.stringify({
    user_id: user(),
    original_url: `https://example.com/k6/${run}/${exec.vu.idInTest}/${exec.vu.iterationInScenario}`,
    title: 'k6 mixed',
  });
  const created = http.post(`${BASE_URL}/urls`, body, JSON_PARAMS);
  if (created.status === 201) {
    const id = created.json('id');
    for (let n = 0; n < 2; n++) {
      http.get(`${BASE_URL}/urls/${id}`, Object.assign({ tags: { name: 'GET /urls/:id' } }, GET_PARAMS));
    }
  }
}
