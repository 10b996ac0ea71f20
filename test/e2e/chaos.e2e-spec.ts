import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { runChaos } from '../../bench/chaos/chaos';
import { ChaosPlatform, startChaosPlatform } from '../../bench/chaos/platform';

/**
 * The short form of `npm run chaos`: a 3-node NATS cluster (replicas 3), two
 * copies of every service and two gateways as separate processes; under load,
 * kill -9 one NATS node, one messaging copy and one gateway, one at a time,
 * and bring each back. Nothing acknowledged may be lost or repeated.
 */
describe('chaos (short)', () => {
  let platform: ChaosPlatform;

  beforeAll(async () => {
    const built = spawnSync(process.execPath, [path.join(__dirname, '../../scripts/build.mjs')], { encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
    platform = await startChaosPlatform(2);
  }, 180_000);
  afterAll(() => platform?.stop(), 60_000);

  it('loses and repeats nothing acknowledged while a NATS node, a messaging copy and a gateway are killed in turn', async () => {
    const report = await runChaos(platform, { pairs: 2, downMs: 1500, settleMs: 1500, only: ['nats', 'messaging', 'gateway'] });
    expect(report.problems).toEqual([]);
    expect(report.acked.messages.length).toBeGreaterThan(20);
    expect(report.acked.transfers.length).toBeGreaterThan(0);
    expect(report.acked.bills.length).toBeGreaterThan(0);
    // Every operation was acknowledged in the end: none gave up or met an error other than SERVICE_UNAVAILABLE.
    expect([...report.figures.errorCodes.keys()].filter((c) => c !== 'SERVICE_UNAVAILABLE')).toEqual([]);
  }, 180_000);
});
