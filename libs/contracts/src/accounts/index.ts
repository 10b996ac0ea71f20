export * from './accounts.subjects';
export * from './accounts.requests';
export * from './accounts.responses';
export * from './accounts.rpc';
