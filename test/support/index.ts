export * from './platform';
export * from './graphql-client';
export * from './database';
