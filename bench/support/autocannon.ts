// autocannon ships no types; only what the benchmarks use.
export interface CannonResult {
  requests: { total: number };
  latency: { p50: number; p99: number };
  duration: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  mismatches: number;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const autocannon: (opts: object) => Promise<CannonResult> = require('autocannon');
