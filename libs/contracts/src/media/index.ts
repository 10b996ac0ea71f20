export * from './media.subjects';
export * from './media.requests';
export * from './media.responses';
export * from './media.rpc';
