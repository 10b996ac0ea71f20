// One SWC configuration for the build and for jest: decorators with metadata
// (NestJS and TypeORM need them) and the tsconfig path aliases resolved at
// compile time, so that the emitted CommonJS needs no runtime alias loader.
const path = require('node:path');
const root = path.resolve(__dirname, '..');
const tsconfig = require(path.join(root, 'tsconfig.json'));

module.exports = function swcOptions() {
  return {
    sourceMaps: true,
    module: { type: 'commonjs' },
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
      baseUrl: root,
      paths: tsconfig.compilerOptions.paths,
    },
  };
};
