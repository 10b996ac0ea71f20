export * from './messaging.subjects';
export * from './messaging.requests';
export * from './messaging.responses';
export * from './messaging.rpc';
export * from './messaging.integration';
export * from './messaging.members';
export * from './messaging.notifications';
