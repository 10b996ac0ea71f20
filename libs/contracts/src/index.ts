export * from './common/error-codes';
export * from './common/rpc';
export * from './common/health';
export * from './subject-map';
export * from './accounts';
export * from './news';
export * from './payments';
export * from './messaging';
