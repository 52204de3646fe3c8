// Soak: a steady 200 VUs for a long time (DURATION, default 30m), to catch leaks, growing
// latency and slowly filling queues. Same thresholds as load.js.
import { THRESHOLDS, createTestData, journey } from './lib.js';

export const options = {
  stages: [
    { duration: '1m', target: 200 },
    { duration: __ENV.DURATION || '30m', target: 200 },
    { duration: '1m', target: 0 },
  ],
  thresholds: THRESHOLDS,
};

export function setup() {
  return createTestData();
}

export default function (data) {
  journey(data, 1);
}
