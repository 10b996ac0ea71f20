const swcOptions = require('./scripts/swc-options.cjs');
const { compilerOptions } = require('./tsconfig.json');

const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  moduleNameMapper['^' + alias.replace('/*', '/(.*)') + '$'] = '<rootDir>/' + target.replace('/*', '/$1');
}

/** Unit tests beside the code, integration tests per app, end-to-end tests through the gateway. */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', swcOptions()] },
  moduleNameMapper,
  testMatch: ['**/*.spec.ts', '**/*.integration-spec.ts', '**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/apps/web/'],
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  testTimeout: 60000,
  // One test file at a time, in a worker that is replaced once a file leaves it holding more than this: each file's
  // platform leaves ~30 MB that no collection frees (module registries, libraries' global metadata), and in one process
  // for the whole run the heap neared Node's limit, where collections stall every service of the file for seconds.
  workerIdleMemoryLimit: '1GB',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
