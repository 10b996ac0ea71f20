// A child process of bench/news/run.js: `server.js services` runs accounts and
// news (TestPlatform, on a fresh database) and signs the reader up;
// `server.js gateway` runs one gateway. Separate processes, as in production,
// so the gateway and news do not share one event loop. Each reports over IPC
// when ready and stops on SIGTERM.
import 'reflect-metadata';
import { loadEnv } from '@app/common';
import { TEST_JWT_SECRET, TestPlatform } from '@test/support';
import { GatewayEnv } from '../../apps/gateway/src/config/gateway.env';
import { startGateway } from '../../apps/gateway/src/gateway';

/** What both processes run with: no rate limits in the way of the load, quiet logs, tokens that outlive the run. */
export const BENCH_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  JWT_SECRET: TEST_JWT_SECRET,
  ACCESS_TOKEN_TTL_SECONDS: '7200',
  RATE_LIMIT_USER_PER_SECOND: '1000000',
  RATE_LIMIT_USER_BURST: '1000000',
  RATE_LIMIT_ADDRESS_PER_SECOND: '1000000',
  RATE_LIMIT_ADDRESS_BURST: '1000000',
  DB_POOL_SIZE: '10',
  FEEDS_POLLING: 'false',
};

async function main(role: string): Promise<void> {
  let close: () => Promise<void>;
  if (role === 'services') {
    const platform = await TestPlatform.start({ services: ['accounts', 'news'], env: BENCH_ENV });
    const reader = await platform.signUp('خواننده پرکار');
    const quiet = await platform.signUp('خواننده کانال‌های آرام');
    process.send!({
      databaseUrl: platform.databaseUrl,
      token: reader.token,
      userId: reader.userId,
      quietToken: quiet.token,
      quietUserId: quiet.userId,
    });
    close = () => platform.close();
  } else {
    const gateway = await startGateway(loadEnv(GatewayEnv, { ...process.env, ...BENCH_ENV, PORT: '0' }));
    process.send!({ url: gateway.url });
    close = () => gateway.close();
  }
  const stop = () => void close().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
}

main(process.argv[2]).catch((err) => {
  console.error(err);
  process.exit(1);
});
