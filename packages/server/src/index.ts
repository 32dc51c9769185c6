export { buildApp } from './app.ts';
export { migrateBlobs } from './blobs/migrate-blobs.ts';
export { openBlobStore } from './blobs/open-blob-store.ts';
export { type Config, loadConfig, storeLocation } from './config.ts';
export { type Context, createContext } from './context.ts';
export { type DemoWorld, seedDemo } from './demo/seed.ts';
export { closeOnSignals, prepare, type RunningServer, startServer } from './server.ts';
export { openStore } from './store/database.ts';
export { migrateToLatest } from './store/migrate.ts';
