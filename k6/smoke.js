// Smoke: 2 VUs for 30 s. Everything must work: any failed check or request fails the run.
import { createTestData, journey } from './lib.js';

export const options = {
  vus: 2,
  duration: __ENV.DURATION || '30s',
  thresholds: {
    checks: ['rate==1'],
    http_req_failed: ['rate==0'],
    http_req_duration: ['p(95)<500'],
  },
};

export function setup() {
  return createTestData();
}

export default function (data) {
  journey(data, 0.5);
}
