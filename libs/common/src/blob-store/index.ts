export * from './blob-store';
export * from './object-store.blob-store';
