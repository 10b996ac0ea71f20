export * from './news.subjects';
export * from './news.requests';
export * from './news.responses';
export * from './news.rpc';
