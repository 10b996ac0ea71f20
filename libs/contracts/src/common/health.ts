import { Rpc, HealthCheckResponse } from './rpc';

export const ServiceNames = ['accounts', 'messaging', 'payments', 'news', 'media'] as const;
export type ServiceName = (typeof ServiceNames)[number];

export const HealthSubjects = {
  accounts: 'accounts.health.check.v1',
  messaging: 'messaging.health.check.v1',
  payments: 'payments.health.check.v1',
  news: 'news.health.check.v1',
  media: 'media.health.check.v1',
} as const satisfies Record<ServiceName, string>;

export type HealthRpc = {
  [S in ServiceName as (typeof HealthSubjects)[S]]: Rpc<Record<string, never>, HealthCheckResponse>;
};
