// Load: ramp to 500 VUs, hold, ramp down. The thresholds are the gate: k6 exits non-zero
// (99) when one is crossed, which fails the CI job.
import { THRESHOLDS, createTestData, journey } from './lib.js';

export const options = {
  stages: [
    { duration: '30s', target: 500 },
    { duration: __ENV.HOLD || '2m', target: 500 },
    { duration: '15s', target: 0 },
  ],
  thresholds: THRESHOLDS,
};

export function setup() {
  return createTestData();
}

export default function (data) {
  journey(data, 1);
}
