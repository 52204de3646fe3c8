// Stress: well past the nominal load (500 VUs) to 1500 VUs, to see how it degrades and whether
// it recovers. Looser thresholds than load.js: the point is no collapse, not the latency SLO.
import { createTestData, journey } from './lib.js';

export const options = {
  stages: [
    { duration: '1m', target: 500 },
    { duration: '2m', target: 1000 },
    { duration: '2m', target: 1500 },
    { duration: '2m', target: 1500 },
    { duration: '1m', target: 0 },
  ],
  thresholds: {
    http_req_duration: ['p(95)<500'],
    http_req_failed: ['rate<0.05'],
  },
};

export function setup() {
  return createTestData();
}

export default function (data) {
  journey(data, 0.5);
}
