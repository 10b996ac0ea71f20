export * from './payments.subjects';
export * from './payments.requests';
export * from './payments.responses';
export * from './payments.rpc';
export * from './payments.events';
export * from './payouts.contracts';
export * from './chat-money';
