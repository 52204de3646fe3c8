// Breakpoint: raise the arrival rate of journeys (6 requests each) until the service breaks;
// the run aborts as soon as errors or latency cross the limits, and the rate reached by then
// is the capacity. Not a pass/fail gate for CI.
import { createTestData, journey } from './lib.js';

export const options = {
  scenarios: {
    breakpoint: {
      executor: 'ramping-arrival-rate',
      startRate: 50,
      timeUnit: '1s',
      preAllocatedVUs: 200,
      maxVUs: Number(__ENV.MAX_VUS || 3000),
      stages: [{ duration: __ENV.DURATION || '10m', target: Number(__ENV.MAX_RATE || 5000) }],
    },
  },
  thresholds: {
    http_req_failed: [{ threshold: 'rate<0.05', abortOnFail: true, delayAbortEval: '10s' }],
    http_req_duration: [{ threshold: 'p(95)<1000', abortOnFail: true, delayAbortEval: '10s' }],
  },
};

export function setup() {
  return createTestData();
}

export default function (data) {
  journey(data, 0);
}
