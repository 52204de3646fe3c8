// Create URL: POST /urls for a random seeded user, a unique original_url, expected 201
// (twin of wrk/create.lua).
import exec from 'k6/execution';
import http from 'k6/http';
import { BASE_URL, JSON_PARAMS, USERS, benchOptions, tagPhase } from './bench-lib.js';

export { handleSummary } from './bench-lib.js';
export const options = benchOptions(201);

const run = Date.now();

export default function () {
  tagPhase();
  const body = JSON.stringify({
    user_id: 1 + Math.floor(Math.random() * USERS),
    original_url: `https://example.com/k6/${run}/${exec.vu.idInTest}/${exec.vu.iterationInScenario}`,
    title: 'k6 create',
  });
  http.post(`${BASE_URL}/urls`, body, JSON_PARAMS);
}
