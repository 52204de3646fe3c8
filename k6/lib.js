// Shared by the k6 scenarios: the target, the setup data and one mixed user journey.
// BASE_URL (default http://localhost:8080) and, when the API has keys, API_KEY come from -e.
import http from 'k6/http';
import { check, sleep } from 'k6';

// The gate of load.js and soak.js: k6 exits non-zero (99) when one is crossed.
export const THRESHOLDS = {
  http_req_duration: ['p(95)<100'],
  http_req_failed: ['rate<0.01'],
};

export const BASE_URL = (__ENV.BASE_URL || 'http://localhost:8080').replace(/\/+$/, '');
const AUTH = __ENV.API_KEY ? { 'X-API-Key': __ENV.API_KEY } : {};
const JSON_HEADERS = Object.assign({ 'Content-Type': 'application/json' }, AUTH);

// Requests are tagged with their route (`name`), so k6 reports one series per route, not per id.
function get(path, name, params = {}) {
  return http.get(`${BASE_URL}${path}`, Object.assign({ headers: AUTH, tags: { name } }, params));
}

function post(path, body, name) {
  return http.post(`${BASE_URL}${path}`, JSON.stringify(body), { headers: JSON_HEADERS, tags: { name } });
}

// One user and 20 URLs to read and redirect through; every VU gets this data.
export function createTestData() {
  const tag = `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  const user = post('/users', { username: `k6_${tag}`, email: `k6_${tag}@example.com` }, 'POST /users');
  if (user.status !== 201) {
    throw new Error(`setup: POST /users answered ${user.status}: ${user.body}`);
  }
  const userId = user.json('id');
  const urls = [];
  for (let i = 0; i < 20; i++) {
    const r = post('/urls', { user_id: userId, original_url: `https://example.com/k6/${tag}/${i}`, title: `k6 ${i}` },
      'POST /urls');
    if (r.status === 201) urls.push({ id: r.json('id'), code: r.json('short_code') });
  }
  if (urls.length === 0) throw new Error('setup: could not create any URL');
  return { userId, urls };
}

// health, list the user's URLs, create one, read it twice, follow a redirect (without
// following it: the 302 is the answer); then think for `pause` seconds.
export function journey(data, pause) {
  check(get('/health', 'GET /health'), { 'health 200': (r) => r.status === 200 });
  check(get(`/urls?user_id=${data.userId}&per_page=20`, 'GET /urls?user_id'), { 'list 200': (r) => r.status === 200 });

  const created = post('/urls', { user_id: data.userId, original_url: `https://example.com/k6/${__VU}/${__ITER}`, title: 'k6' },
    'POST /urls');
  if (check(created, { 'create 201': (r) => r.status === 201 })) {
    const id = created.json('id');
    for (let i = 0; i < 2; i++) {
      check(get(`/urls/${id}`, 'GET /urls/:id'), { 'get 200': (r) => r.status === 200 });
    }
  }

  const url = data.urls[Math.floor(Math.random() * data.urls.length)];
  check(get(`/${url.code}`, 'GET /:code', { redirects: 0 }), { 'redirect 302': (r) => r.status === 302 });
  if (pause > 0) sleep(pause);
}
