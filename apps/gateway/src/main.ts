import 'reflect-metadata';
import { createLogger, loadEnv } from '@app/common';
import { GatewayEnv } from './config/gateway.env';
import { startGateway } from './gateway';

const env = loadEnv(GatewayEnv);
startGateway(env).catch((err) => {
  createLogger('gateway').fatal({ err }, 'gateway failed to start');
  process.exit(1);
});
